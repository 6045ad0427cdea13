package dev.ebpf4j.verifier.walk;

/**
 * A state kept at a prune point. {@code branches} counts the paths still being explored below it: only a
 * checkpoint whose every descendant finished can prune (its safety is proven); one still in progress that
 * equals the current state exactly means the path loops without making progress.
 */
public final class Checkpoint {
    public final State state;
    public final int insn;
    public int branches = 1;
    public final Checkpoint parent;
    public int hits;
    public int misses;
    /** The instruction walked just before this checkpoint was taken (the kernel's {@code last_insn_idx}). */
    int lastInsn;
    /** The call-site bucket the kernel keeps this state in (see {@link Walker}). */
    int bucket;
    /** {@link Prune#exactHash} of the state, to find a loop that made no progress quickly. */
    int hash;
    /** Dropped from the lookup lists after too many misses (it still counts branches and takes precision marks). */
    boolean evicted;
    /** The loop visit this checkpoint entered, if it was the first of its path in that loop (see {@link SccVisits}). */
    SccVisits.Visit enteredVisit;

    public Checkpoint(State state, int insn, Checkpoint parent) {
        this.state = state;
        this.insn = insn;
        this.parent = parent;
    }
}
