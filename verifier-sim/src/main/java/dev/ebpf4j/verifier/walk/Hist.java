package dev.ebpf4j.verifier.walk;

/**
 * One entry of a state's jump history, newest first: an instruction reached other than by falling through (with
 * the one it came from), a fill or spill of a stack slot, or a branch that refined linked scalars. Precision
 * backtracking walks it backwards to find which instruction came before which. A state keeps only the entries
 * since its last checkpoint; the checkpoint keeps the ones before.
 */
final class Hist {
    /** The instruction spilled to or filled from stack slot {@link #spi} of frame {@link #frame}. */
    static final int STACK = 1;
    /** A conditional jump whose source / destination register pointed to the stack (not a scalar operand). */
    static final int SRC_STACK = 2;
    static final int DST_STACK = 4;

    final int idx;
    final int prevIdx;
    final Hist next;
    int flags;
    int frame;
    int spi;
    /** Linked scalars refined together by this branch: {@code frame << 8 | (reg ? 0x80 : 0) | regno-or-spi}. */
    int[] linked;

    Hist(int idx, int prevIdx, Hist next) {
        this.idx = idx;
        this.prevIdx = prevIdx;
        this.next = next;
    }
}
