package dev.ebpf4j.verifier.domain;

/**
 * The two operands of a conditional jump after refinement for one outcome, as Linux 6.18 leaves them. When the
 * refined bounds of an operand contradict one another (that outcome cannot happen), the kernel prints
 * {@code verifier bug: REG INVARIANTS VIOLATION (true_reg1): <violation>} (contexts true_reg1, true_reg2,
 * false_reg1, false_reg2 for dst and src on each outcome), forgets that operand's bounds but keeps its known
 * bits, and walks the branch all the same; {@code dst}/{@code src} are those reset values and the violation
 * texts are non-null.
 */
public record ScalarPair(Scalar dst, Scalar src, String dstViolation, String srcViolation) {
    /** Whether neither operand's refinement was contradictory. */
    public boolean consistent() {
        return dstViolation == null && srcViolation == null;
    }
}
