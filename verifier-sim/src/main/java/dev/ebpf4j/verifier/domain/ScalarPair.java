package dev.ebpf4j.verifier.domain;

/**
 * The two operands of a conditional jump after refinement for one outcome. {@code consistent} is false when the
 * refined bounds contradict each other (that outcome cannot happen for any value); Linux 6.18 still walks such
 * a branch, so the walk decides what to do with it.
 */
public record ScalarPair(Scalar dst, Scalar src, boolean consistent) {}
