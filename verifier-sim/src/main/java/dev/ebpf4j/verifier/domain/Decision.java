package dev.ebpf4j.verifier.domain;

/** What the verifier can tell about a conditional jump before taking it (the kernel's is_branch_taken: 1, 0, -1). */
public enum Decision {
    /** The condition holds for every possible value: only the jump is followed. */
    TRUE,
    /** The condition never holds: only the fall-through is followed. */
    FALSE,
    /** Both outcomes are possible: both paths are walked, each with refined bounds. */
    UNKNOWN
}
