package dev.ebpf4j.verifier.walk;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The stack-liveness lines 6.18 prints at log level 2 ({@code (4,7) frame 0 insn 7 +live -8}), as seen in its logs.
 *
 * <p>The kernel keeps one instance per call chain (main is {@code (0)}; a subprogram starting at 7 called from
 * instruction 4 is {@code (4,7)}), holding for each frame of the chain and each instruction of the instance's
 * subprogram the slots read and the whole slots written there. When a path ends (an exit, a pruned state) after
 * new accesses, it updates the chain's instances from the innermost out: for each, the slots live at every
 * instruction (may be read before being written from there on) and those written on every way on to the exit,
 * printing how they changed; a call instruction of the outer instance then stands for what its callee reads and
 * always writes of the outer frames, and a change there makes the outer instance update too.
 */
final class LivenessLog {
    private final int[][] succ;
    private final int[] starts;
    private final int[] subprogOf;
    private final boolean[] prunePoint;
    private final Map<String, Instance> instances = new HashMap<>();

    LivenessLog(int[][] succ, int[] starts, int[] subprogOf, boolean[] prunePoint) {
        this.succ = succ;
        this.starts = starts;
        this.subprogOf = subprogOf;
        this.prunePoint = prunePoint;
    }

    /** The instruction being walked by state {@code s} read slots {@code mask} of frame {@code frame}. */
    void read(State s, int frame, int insn, long mask) {
        Instance in = instance(s, s.cur);
        long[] r = in.reads[frame];
        if ((r[insn] | mask) != r[insn]) {
            r[insn] |= mask;
            in.accessed[frame][insn] = true;
            in.dirty = true;
        }
    }

    /** It wrote a whole slot {@code spi} of frame {@code frame}, or (-1) stack bytes that end no slot's life. */
    void write(State s, int frame, int insn, int spi) {
        Instance in = instance(s, s.cur);
        if (in.noKill[frame][insn]) return;
        long k = in.kills[frame][insn];
        if (spi < 0 || (k != 0 && k != 1L << spi)) {
            in.noKill[frame][insn] = true;
            in.kills[frame][insn] = 0;
            if (k != 0) in.dirty = true;
            return;
        }
        if (k == 0) {
            in.kills[frame][insn] = 1L << spi;
            in.accessed[frame][insn] = true;
            in.dirty = true;
        }
    }

    /** The lines to print where a path of state {@code s} ends, or null. */
    String update(State s) {
        StringBuilder out = new StringBuilder();
        for (int k = s.cur; k >= 0; k--) {
            Instance in = instance(s, k);
            if (!in.dirty) continue;
            in.dirty = false;
            in.solve(out);
            if (k == 0) continue;
            Instance parent = instance(s, k - 1);
            int call = s.frames[k].callsite;
            for (int f = 0; f < k; f++) {
                // the call reads what the callee may read of frame f (a union over its updates) and writes what it
                // always writes (the first summary, then its intersection with each new one, as for any
                // instruction seen writing): a change makes the caller's instance update too
                long r = in.live[f][in.start];
                long w = in.written[f][in.start];
                boolean changed = false;
                if ((parent.reads[f][call] | r) != parent.reads[f][call]) {
                    parent.reads[f][call] |= r;
                    changed = true;
                }
                if (!parent.summarised[f][call]) {
                    parent.summarised[f][call] = true;
                    parent.kills[f][call] = w;
                    changed |= w != 0;
                } else if ((parent.kills[f][call] & w) != parent.kills[f][call]) {
                    parent.kills[f][call] &= w;
                    changed = true;
                }
                if (changed) {
                    parent.accessed[f][call] = true;
                    parent.dirty = true;
                }
            }
        }
        return out.length() == 0 ? null : out.toString().stripTrailing();
    }

    private Instance instance(State s, int k) {
        int start = starts[s.frames[k].subprog];
        return instances.computeIfAbsent(s.callsites(k) + start, l -> new Instance(l, start, k + 1));
    }

    private final class Instance {
        final String label;
        final int start;
        final int frames;
        final long[][] reads;
        final long[][] kills;
        final boolean[][] noKill;
        final boolean[][] accessed;
        /** Call instructions that have had a callee's summary (for each frame). */
        final boolean[][] summarised;
        final long[][] live;
        final long[][] written;
        final int[] order;
        boolean dirty;

        Instance(String label, int start, int frames) {
            this.label = label;
            this.start = start;
            this.frames = frames;
            int n = succ.length;
            reads = new long[frames][n];
            kills = new long[frames][n];
            noKill = new boolean[frames][n];
            accessed = new boolean[frames][n];
            summarised = new boolean[frames][n];
            live = new long[frames][n];
            written = new long[frames][n];
            order = postorder(start);
        }

        void solve(StringBuilder out) {
            int passes = 0;
            boolean changed = true;
            StringBuilder[] lines = new StringBuilder[frames];
            for (int f = 0; f < frames; f++) lines[f] = new StringBuilder();
            while (changed) {
                changed = false;
                passes++;
                for (int f = 0; f < frames; f++) {
                    for (int i : order) {
                        int[] s = succ[i];
                        long after = 0;
                        long must = s.length == 0 ? 0 : -1L;
                        for (int t : s) {
                            after |= live[f][t];
                            must &= written[f][t];
                        }
                        long kill = noKill[f][i] ? 0 : kills[f][i];
                        long l = reads[f][i] | (after & ~kill);
                        long w = kill | must;
                        long oldLive = live[f][i];
                        long oldWritten = written[f][i];
                        if (l == oldLive && w == oldWritten) continue;
                        live[f][i] = l;
                        written[f][i] = w;
                        changed = true;
                        if (!(i == start || prunePoint[i] || accessed[f][i])) continue;
                        StringBuilder b = lines[f];
                        if ((l & ~oldLive) != 0) line(b, f, i, "+live", l & ~oldLive, " ");
                        if ((oldLive & ~l) != 0) line(b, f, i, "-live", oldLive & ~l, "");
                        if ((w & ~oldWritten) != 0) line(b, f, i, "+written", w & ~oldWritten, " ");
                        if ((oldWritten & ~w) != 0) line(b, f, i, "-written", oldWritten & ~w, "");
                    }
                }
            }
            for (StringBuilder b : lines) out.append(b);
            out.append('(').append(label).append(") live stack update done in ").append(passes)
                    .append(" iterations\n");
        }

        private void line(StringBuilder b, int frame, int insn, String what, long slots, String end) {
            b.append('(').append(label).append(") frame ").append(frame).append(" insn ").append(insn).append(' ')
                    .append(what).append(' ');
            boolean first = true;
            for (int spi = 0; spi < 64; spi++) {
                if ((slots & (1L << spi)) == 0) continue;
                if (!first) b.append(',');
                b.append(-(spi + 1) * 8);
                first = false;
            }
            b.append(end).append('\n');
        }
    }

    /**
     * The order an update visits a subprogram's instructions in (seen in the kernel's logs): depth-first from its
     * entry with all successors stacked at once, so a jump target is followed before the fall-through, and an
     * instruction listed once everything stacked above it is.
     */
    private int[] postorder(int entry) {
        int n = succ.length;
        int[] order = new int[n];
        int count = 0;
        boolean[] seen = new boolean[n];
        boolean[] expanded = new boolean[n];
        int[] stack = new int[n];
        int top = 0;
        stack[top++] = entry;
        seen[entry] = true;
        while (top > 0) {
            int t = stack[top - 1];
            if (!expanded[t]) {
                expanded[t] = true;
                boolean pushed = false;
                for (int w : succ[t]) {
                    if (seen[w] || subprogOf[w] != subprogOf[entry]) continue;
                    seen[w] = true;
                    stack[top++] = w;
                    pushed = true;
                }
                if (pushed) continue;
            }
            top--;
            order[count++] = t;
        }
        return Arrays.copyOf(order, count);
    }
}
