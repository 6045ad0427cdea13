package dev.ebpf4j.verifier.walk;

import dev.ebpf4j.asm.Slots;

/**
 * Which stack slots may still be read, as Linux 6.18 computes it: from the stack reads and whole-slot writes the
 * walk has observed so far (through any stack pointer), a backward data-flow inside each subprogram. Pruning
 * ignores the slots of an explored state that are dead where it was taken.
 *
 * <p>Why observed accesses suffice: a finished state's continuation is fully walked, so every read it makes is
 * recorded; a current state that matches it on everything live (precise scalars, pointers) walks the same way.
 *
 * <p>A read of a caller's slot (through a pointer passed down) is recorded by how many frames up it reached. A
 * call then counts as reading, in the caller's frame, whatever its callee (and the callees below it) read one
 * frame up; and a caller's slot stays live while a callee still on the call chain may read it. Only an instruction
 * always seen writing the same whole slot of its own frame ends a slot's life. When a program passes functions to
 * helpers (callbacks), the call structure is not followed: a slot read from another frame is live everywhere.
 */
final class StackLiveness {
    private static final int DEPTHS = 8;

    private final long[] insns;
    private final int[][] succ;
    /** reads[d][i]: slots of the frame d levels above its own that instruction i read (d = 0: its own frame). */
    private final long[][] reads = new long[DEPTHS][];
    private final long[] kills;
    private final boolean[] noKill;
    /** For a bpf-to-bpf call instruction, the first instruction of the callee; else -1. */
    private final int[] callee;
    /** Subprogram of each instruction, and the first instruction of each subprogram. */
    private final int[] subprogOf;
    private final int[] starts;
    private final boolean callbacks;
    private long everywhere;
    /** live[d][i]: slots of the frame d levels up that may be read from instruction i on. */
    private long[][] live;
    private boolean dirty = true;

    StackLiveness(long[] insns, int[] subprogStarts) {
        this.insns = insns;
        int n = insns.length;
        for (int d = 0; d < DEPTHS; d++) reads[d] = new long[n];
        this.kills = new long[n];
        this.noKill = new boolean[n];
        this.succ = successors(insns);
        this.starts = subprogStarts;
        this.subprogOf = new int[n];
        for (int i = 0, s = 0; i < n; i++) {
            while (s + 1 < starts.length && starts[s + 1] <= i) s++;
            subprogOf[i] = s;
        }
        this.callee = new int[n];
        boolean cb = false;
        for (int i = 0; i < n; i++) {
            long s = insns[i];
            int code = Slots.opcode(s);
            callee[i] = code == 0x85 && Slots.src(s) == 1 ? i + Slots.imm(s) + 1 : -1;
            if (code == 0x18 && Slots.src(s) == 4) cb = true;
        }
        this.callbacks = cb;
    }

    /** Instruction {@code insn} read slots [lo, hi] of the frame {@code up} levels above its own (0: its own). */
    void read(int insn, int lo, int hi, int up) {
        long m = range(lo, hi);
        if (up != 0 && (callbacks || up >= DEPTHS)) {
            if ((everywhere | m) != everywhere) {
                everywhere |= m;
                dirty = true;
            }
            return;
        }
        long[] r = reads[up];
        if ((r[insn] | m) != r[insn]) {
            r[insn] |= m;
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

    /**
     * Slots of frame {@code f} of state {@code s} (walking instruction {@code insn}) that may still be read: by the
     * rest of that frame's own subprogram, and by the frames called below it that are still running.
     */
    long liveAt(State s, int f, int insn) {
        if (dirty) solve();
        long m = everywhere;
        for (int j = f; j <= s.cur; j++) {
            int point = j == s.cur ? insn : s.frames[j + 1].callsite + 1;
            if (j < s.cur && callee[s.frames[j + 1].callsite] < 0) return -1L; // not a bpf-to-bpf call: no summary
            if (point < 0 || point >= insns.length) return -1L;
            int d = j - f;
            if (d >= DEPTHS) return -1L;
            m |= live[d][point];
        }
        return m;
    }

    /** The stack-liveness log lines of level 2, over the same successors and subprograms. */
    LivenessLog newLog(boolean[] prunePoint) {
        return new LivenessLog(succ, starts, subprogOf, prunePoint);
    }

    static long range(int lo, int hi) {
        if (lo < 0) lo = 0;
        if (hi > 63) hi = 63;
        if (hi < lo) return 0;
        long m = hi == 63 ? -1L : (1L << (hi + 1)) - 1;
        return m & ~((1L << lo) - 1);
    }

    private void solve() {
        int n = insns.length;
        int subs = starts.length;
        // what each subprogram (with its callees) may read d levels above its own frame, d >= 1
        long[][] sum = new long[DEPTHS + 1][subs];
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < n; i++) {
                int sp = subprogOf[i];
                for (int d = 1; d < DEPTHS; d++) {
                    long v = reads[d][i];
                    if (callee[i] >= 0 && d + 1 <= DEPTHS) v |= sum[d + 1][subprogOf[callee[i]]];
                    if ((sum[d][sp] | v) != sum[d][sp]) {
                        sum[d][sp] |= v;
                        changed = true;
                    }
                }
            }
        }
        long[][] in = new long[DEPTHS][n];
        for (int d = 0; d < DEPTHS; d++) {
            long[] cur = in[d];
            changed = true;
            while (changed) {
                changed = false;
                for (int i = n - 1; i >= 0; i--) {
                    int[] s = succ[i];
                    if (s == null) continue;
                    long out = 0;
                    for (int t : s) out |= cur[t];
                    long use = reads[d][i];
                    if (callee[i] >= 0) use |= sum[d + 1][subprogOf[callee[i]]];
                    long v = use | (d == 0 ? out & ~kills[i] : out);
                    if (v != cur[i]) {
                        cur[i] = v;
                        changed = true;
                    }
                }
            }
        }
        live = in;
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
