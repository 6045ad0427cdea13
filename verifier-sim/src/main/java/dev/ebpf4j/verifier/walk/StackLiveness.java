package dev.ebpf4j.verifier.walk;

import dev.ebpf4j.asm.Slots;

/**
 * Which stack slots may still be read, before each instruction, as Linux 6.18 computes it: from the stack reads
 * and whole-slot writes the walk has observed so far (through any stack pointer), a backward data-flow inside
 * each subprogram. Pruning ignores the slots of an explored state that are dead where it was taken.
 *
 * <p>Why observed accesses suffice: a finished state's continuation is fully walked, so every read it makes is
 * recorded; a current state that matches it on everything live (precise scalars, pointers) walks the same way.
 * To stay on the safe side, a slot read through a pointer into another frame counts as live everywhere, and only
 * an instruction always seen writing the same whole slot of its own frame ends a slot's life.
 */
final class StackLiveness {
    private final long[] insns;
    private final int[][] succ;
    private final long[] reads;
    private final long[] kills;
    private final boolean[] noKill;
    private long everywhere;
    private long[] liveIn;
    private boolean dirty = true;

    StackLiveness(long[] insns) {
        this.insns = insns;
        int n = insns.length;
        this.reads = new long[n];
        this.kills = new long[n];
        this.noKill = new boolean[n];
        this.succ = successors(insns);
    }

    /** Instruction {@code insn} read slots [lo, hi] of its own frame ({@code own}) or of another frame. */
    void read(int insn, int lo, int hi, boolean own) {
        long m = range(lo, hi);
        if (!own) {
            if ((everywhere | m) != everywhere) {
                everywhere |= m;
                dirty = true;
            }
            return;
        }
        if ((reads[insn] | m) != reads[insn]) {
            reads[insn] |= m;
            dirty = true;
        }
    }

    /** Instruction {@code insn} wrote stack bytes: a whole slot {@code spi} of its own frame, or (-1) anything else. */
    void write(int insn, int spi) {
        if (noKill[insn]) return;
        if (spi < 0 || (kills[insn] != 0 && kills[insn] != 1L << spi)) {
            noKill[insn] = true;
            if (kills[insn] != 0) dirty = true;
            kills[insn] = 0;
            return;
        }
        if (kills[insn] == 0) {
            kills[insn] = 1L << spi;
            dirty = true;
        }
    }

    /** Slots that may be read from instruction {@code insn} on, in the frame running it. */
    long liveAt(int insn) {
        if (dirty) solve();
        return liveIn[insn] | everywhere;
    }

    private static long range(int lo, int hi) {
        if (lo < 0) lo = 0;
        if (hi > 63) hi = 63;
        if (hi < lo) return 0;
        long m = hi == 63 ? -1L : (1L << (hi + 1)) - 1;
        return m & ~((1L << lo) - 1);
    }

    private void solve() {
        int n = insns.length;
        long[] in = liveIn != null && liveIn.length == n ? liveIn : new long[n];
        java.util.Arrays.fill(in, 0);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = n - 1; i >= 0; i--) {
                int[] s = succ[i];
                if (s == null) continue;
                long out = 0;
                for (int t : s) out |= in[t];
                long v = reads[i] | (out & ~kills[i]);
                if (v != in[i]) {
                    in[i] = v;
                    changed = true;
                }
            }
        }
        liveIn = in;
        dirty = false;
    }

    /** Successors inside a subprogram: a call continues after itself, an exit ends. */
    private static int[][] successors(long[] insns) {
        int n = insns.length;
        int[][] succ = new int[n][];
        for (int i = 0; i < n; i++) {
            long s = insns[i];
            int code = Slots.opcode(s);
            int cls = code & 7;
            int op = code & 0xf0;
            int[] t;
            if (code == 0x18) {
                t = new int[] {i + 2};
                succ[i] = keep(t, n);
                i++;
                continue;
            }
            if (cls == 5 || cls == 6) {
                if (op == 0x90) t = new int[0];
                else if (op == 0x80) t = new int[] {i + 1};
                else if (op == 0x00) t = new int[] {i + 1 + (cls == 6 ? Slots.imm(s) : Slots.offset(s))};
                else t = new int[] {i + 1, i + 1 + Slots.offset(s)};
            } else {
                t = new int[] {i + 1};
            }
            succ[i] = keep(t, n);
        }
        return succ;
    }

    private static int[] keep(int[] t, int n) {
        int k = 0;
        for (int x : t) if (x >= 0 && x < n) k++;
        int[] r = new int[k];
        k = 0;
        for (int x : t) if (x >= 0 && x < n) r[k++] = x;
        return r;
    }
}
