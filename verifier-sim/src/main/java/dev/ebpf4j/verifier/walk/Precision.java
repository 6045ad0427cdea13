package dev.ebpf4j.verifier.walk;

import dev.ebpf4j.asm.Slots;

/**
 * Precision tracking. Scalars are imprecise until a check relies on their exact value (pointer arithmetic, a
 * decided branch, a helper's size or constant argument, a map key, a return value range...). Then the walk goes
 * back through the instructions of the current path (its jump history, across checkpoints and bpf-to-bpf calls)
 * to find every register and spilled stack slot that value was computed from, and marks them precise in the
 * checkpoints on the way. Pruning compares only precise scalars of an explored state; an imprecise one matches any
 * scalar, which is safe because nothing below that state depended on its value.
 *
 * <p>When the history cannot explain a value (a store through a scalar, a register left over at the start), every
 * scalar of every checkpoint of the path is marked precise: less pruning, never unsafe pruning.
 */
final class Precision {
    private static final int ARGS = 0x3e;

    private final Walker w;
    private final int[] regs = new int[8];
    private final long[] slots = new long[8];
    private int frame;
    /** Level 2: the kernel prints every step of the backtracking ({@code mark_precise: ...}). */
    private final boolean verbose;

    private Precision(Walker w, int frame) {
        this.w = w;
        this.frame = frame;
        this.verbose = w.log.verbose();
    }

    private void line(String s) {
        w.logDetached(s);
    }

    /** The current state relies on the exact value of register {@code regno} of its current frame. */
    static void mark(Walker w, int regno) {
        // without a checkpoint above there is nothing to mark, but level 2 still shows the walk back
        if (regno < 0 || (w.st.parent == null && !w.log.verbose())) return;
        Reg r = w.st.reg(regno);
        if (r.type != RegType.SCALAR) return;
        Precision p = new Precision(w, w.st.cur);
        p.regs[w.st.cur] |= 1 << regno;
        p.backtrack();
    }

    /** The current state relies on the exact value spilled in slot {@code spi} of frame {@code frameNo}. */
    static void markSlot(Walker w, int frameNo, int spi) {
        if (w.st.parent == null && !w.log.verbose()) return;
        Precision p = new Precision(w, w.st.cur);
        p.slots[frameNo] |= 1L << spi;
        p.backtrack();
    }

    /**
     * The current state was pruned against {@code old}: what the old state's continuation needed precise, the
     * current path needs precise too (its own checkpoints must not prune states that differ there).
     */
    static void propagate(Walker w, State old, int liveMask) {
        if (w.st.parent == null && !w.log.verbose()) return;
        Precision p = new Precision(w, w.st.cur);
        for (int f = old.cur; f >= 0; f--) {
            Frame fo = old.frames[f];
            int mask = f == old.cur ? liveMask : w.liveAt(old.frames[f + 1].callsite + 1);
            for (int r = 0; r < 10; r++) {
                Reg g = fo.regs[r];
                if ((mask & (1 << r)) != 0 && g.type == RegType.SCALAR && g.precise) p.regs[f] |= 1 << r;
            }
            long liveSlots = w.stackLive.liveAt(old, f, w.insn);
            for (int spi = 0; spi < Frame.SLOTS; spi++) {
                Reg g = fo.spilled[spi];
                if ((liveSlots & (1L << spi)) == 0) continue;
                if (g != null && fo.isSpill(spi) && g.type == RegType.SCALAR && g.precise) p.slots[f] |= 1L << spi;
            }
            if (p.verbose && (p.regs[f] != 0 || p.slots[f] != 0)) {
                StringBuilder sb = new StringBuilder("frame ").append(f).append(": propagating ");
                String sep = "";
                for (int r = 0; r < 10; r++) {
                    if ((p.regs[f] & (1 << r)) != 0) { sb.append(sep).append('r').append(r); sep = ","; }
                }
                for (int spi = 0; spi < 64; spi++) {
                    if ((p.slots[f] & (1L << spi)) != 0) { sb.append(sep).append("fp").append(-(spi + 1) * 8); sep = ","; }
                }
                p.line(sb.toString());
            }
        }
        p.backtrack();
    }

    /** A new checkpoint starts with no precision of its own (the kernel forgets inherited marks there). */
    static void forget(State s) {
        for (int f = 0; f <= s.cur; f++) {
            Frame fr = s.frames[f];
            for (Reg r : fr.regs) r.precise = false;
            for (Reg r : fr.spilled) if (r != null) r.precise = false;
        }
    }

    private boolean empty() {
        for (int f = 0; f <= frame; f++) if (regs[f] != 0 || slots[f] != 0) return false;
        return true;
    }

    private void backtrack() {
        if (empty()) return;
        State st = w.st;
        Hist h = st.hist;
        int first = st.firstInsn;
        int i = w.insn;
        int subseq = -1;
        boolean skipFirst = true;
        Checkpoint parent = st.parent;
        while (true) {
            if (verbose) {
                line("mark_precise: frame" + frame + ": last_idx " + i + " first_idx " + first + " subseq_idx " + subseq + " ");
            }
            while (true) {
                if (skipFirst) {
                    skipFirst = false;
                } else if (!logged(i) || !step(i, subseq, h != null && h.idx == i ? h : null)) {
                    allPrecise();
                    return;
                }
                if (empty()) return;
                subseq = i;
                if (i == first && (h == null || (h.next == null && h.idx == i))) break;
                if (h != null && h.idx == i) {
                    i = h.prevIdx;
                    h = h.next;
                } else {
                    i--;
                }
                if (i < 0 || i >= w.insns.length) {
                    allPrecise();
                    return;
                }
            }
            if (parent == null) break;
            State ps = parent.state;
            if (ps.cur < frame) {
                allPrecise();
                return;
            }
            for (int f = frame; f >= 0; f--) {
                markIn(ps.frames[f], f);
                if (verbose) {
                    line("mark_precise: frame" + f + ": parent state regs=" + regText(regs[f]) + " stack="
                            + slotText(slots[f]) + ": " + dev.ebpf4j.verifier.log.StatePrinter.frameState(w, ps.frames[f], true));
                }
            }
            if (empty()) return;
            subseq = first;
            i = parent.lastInsn;
            first = ps.firstInsn;
            h = ps.hist;
            parent = parent.parent;
            if (i < 0) break;
        }
        if (!empty()) allPrecise();
    }

    /** Marks the requested registers and slots precise in a checkpoint's frame; those already precise are done. */
    private void markIn(Frame fr, int f) {
        for (int r = 0; r < 11; r++) {
            if ((regs[f] & (1 << r)) == 0) continue;
            Reg g = fr.regs[r];
            if (g.type != RegType.SCALAR || g.precise) regs[f] &= ~(1 << r);
            else {
                g.precise = true;
                w.precisionMarks++;
            }
        }
        for (int spi = 0; spi < 64; spi++) {
            if ((slots[f] & (1L << spi)) == 0) continue;
            Reg g = fr.spilled[spi];
            if (g == null || !fr.isSpill(spi) || g.type != RegType.SCALAR || g.precise) slots[f] &= ~(1L << spi);
            else {
                g.precise = true;
                w.precisionMarks++;
            }
        }
    }

    /** Every scalar of every checkpoint above the current state becomes precise (the fallback). */
    private void allPrecise() {
        if (verbose) line("mark_precise: frame" + w.st.cur + ": falling back to forcing all scalars precise");
        for (Checkpoint c = w.st.parent; c != null; c = c.parent) {
            State s = c.state;
            for (int f = 0; f <= s.cur; f++) {
                Frame fr = s.frames[f];
                for (int r = 0; r < 10; r++) {
                    Reg g = fr.regs[r];
                    if (g.type != RegType.SCALAR || g.precise) continue;
                    g.precise = true;
                    w.precisionMarks++;
                    if (verbose) line("force_precise: frame" + f + ": forcing r" + r + " to be precise");
                }
                for (int spi = 0; spi < Frame.SLOTS; spi++) {
                    Reg g = fr.spilled[spi];
                    if (g == null || !fr.isSpill(spi) || g.type != RegType.SCALAR || g.precise) continue;
                    g.precise = true;
                    w.precisionMarks++;
                    if (verbose) line("force_precise: frame" + f + ": forcing fp" + (-(spi + 1) * 8) + " to be precise");
                }
            }
        }
        java.util.Arrays.fill(regs, 0);
        java.util.Arrays.fill(slots, 0);
    }

    /** Every scalar of {@code s} and of the checkpoints above it becomes precise (back-edges that never settle). */
    static void allScalarsPrecise(State s) {
        for (Checkpoint c = s.parent; ; c = c.parent) {
            State t = c == null ? s : c.state;
            for (int f = 0; f <= t.cur; f++) {
                Frame fr = t.frames[f];
                for (Reg g : fr.regs) if (g.type == RegType.SCALAR) g.precise = true;
                for (int spi = 0; spi < Frame.SLOTS; spi++) {
                    Reg g = fr.spilled[spi];
                    if (g != null && fr.isSpill(spi) && g.type == RegType.SCALAR) g.precise = true;
                }
            }
            if (c == null) break;
        }
    }

    /** At level 2, the step about to be taken back over instruction {@code i}; always true. */
    private boolean logged(int i) {
        if (verbose && Slots.opcode(w.insns[i]) != 0) {
            line("mark_precise: frame" + frame + ": regs=" + regText(regs[frame]) + " stack=" + slotText(slots[frame])
                    + " before " + i + ": " + w.printer.print(w.insns, i));
        }
        return true;
    }

    private static String regText(int mask) {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < 32; r++) if ((mask & (1 << r)) != 0) sb.append(sb.length() == 0 ? "" : ",").append('r').append(r);
        return sb.toString();
    }

    private static String slotText(long mask) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 64; i++) if ((mask & (1L << i)) != 0) sb.append(sb.length() == 0 ? "" : ",").append(-(i + 1) * 8);
        return sb.toString();
    }

    private boolean has(int r) { return (regs[frame] & (1 << r)) != 0; }

    private void set(int r) { regs[frame] |= 1 << r; }

    private void clear(int r) { regs[frame] &= ~(1 << r); }

    /**
     * Going back over instruction {@code i} (followed by {@code subseq}): which values before it the tracked ones
     * after it came from. False when the history cannot tell.
     */
    private boolean step(int i, int subseq, Hist e) {
        long s = w.insns[i];
        int code = Slots.opcode(s);
        if (code == 0) return true;
        int cls = code & 7;
        int op = code & 0xf0;
        int dst = Slots.dst(s);
        int src = Slots.src(s);
        boolean x = (code & 0x08) != 0;
        syncLinked(e);
        switch (cls) {
            case 4: case 7: // ALU
                if (dst > 10 || !has(dst)) return true;
                if (op == 0xd0 || op == 0x80) return true; // END, NEG: the value came from dst itself
                if (op == 0xb0) { // MOV
                    clear(dst);
                    if (x && src < 10) set(src);
                } else if (x && src < 10) {
                    set(src);
                }
                break;
            case 1: // LDX
                if (dst > 10 || !has(dst)) return true;
                clear(dst);
                if (e == null || (e.flags & Hist.STACK) == 0) return true;
                slots[e.frame] |= 1L << e.spi;
                break;
            case 2: case 3: { // ST, STX (atomics included)
                if (cls == 3 && (code & 0xe0) == 0xc0) {
                    int imm = Slots.imm(s);
                    if ((imm & 1) != 0 || imm == 0x100) {
                        // an atomic that loads (a fetch, cmpxchg's r0, load-acquire): back over it as over a load,
                        // the loaded register coming from the stack slot it read (live 6.18)
                        int load = imm == 0xf1 ? 0 : imm == 0x100 ? dst : src;
                        if (load > 10 || !has(load)) return true;
                        clear(load);
                        if (e == null || (e.flags & Hist.STACK) == 0) return true;
                        slots[e.frame] |= 1L << e.spi;
                        break;
                    }
                    // one that only stores (add, and, ..., store-release) is a store
                }
                if (dst <= 10 && has(dst)) return false;
                if (e == null || (e.flags & Hist.STACK) == 0) return true;
                if ((slots[e.frame] & (1L << e.spi)) == 0) return true;
                slots[e.frame] &= ~(1L << e.spi);
                if (cls == 3 && src < 10) set(src);
                break;
            }
            case 0: // LD_IMM64, LD_ABS/IND
                if (code == 0x18) {
                    if (dst <= 10) clear(dst);
                    return true;
                }
                if (has(0)) return false;
                break;
            default: // JMP, JMP32
                if (op == 0x80) return stepCall(i, subseq, s, src);
                if (op == 0x90) {
                    boolean fromCall = subseq - 1 >= 0 && isLocalCall(w.insns[subseq - 1]);
                    boolean r0 = fromCall && has(0);
                    if (fromCall && (regs[frame] & ARGS) != 0) return false;
                    clear(0);
                    if (frame == 7) return false;
                    frame++;
                    if (r0) set(0);
                    return true;
                }
                if (op == 0x00) break;
                if (x) {
                    if (!has(dst) && !has(src)) break;
                    if (e == null || (e.flags & Hist.SRC_STACK) == 0) set(src);
                    if (e == null || (e.flags & Hist.DST_STACK) == 0) set(dst);
                }
                break;
        }
        syncLinked(e);
        return true;
    }

    private boolean stepCall(int i, int subseq, long s, int src) {
        if (src == 1) {
            // back over a bpf-to-bpf call from the callee's first instruction: only arguments may remain
            if ((regs[frame] & ~ARGS) != 0 || slots[frame] != 0 || frame == 0) return false;
            int args = regs[frame];
            regs[frame] = 0;
            frame--;
            regs[frame] |= args;
            return true;
        }
        if (src == 2) return false; // kfuncs are not modelled
        if (subseq != i + 1 && subseq >= 0) {
            // back from a callback into the helper that called it: its r1-r5 are not the helper's arguments
            if ((regs[frame] & ~ARGS) != 0 || slots[frame] != 0 || frame == 0) return false;
            regs[frame] = 0;
            frame--;
            return true;
        }
        clear(0);
        return (regs[frame] & ARGS) == 0;
    }

    private static boolean isLocalCall(long s) {
        return Slots.opcode(s) == 0x85 && Slots.src(s) == 1;
    }

    /** If any scalar refined together at this branch is tracked, all of them are. */
    private void syncLinked(Hist e) {
        if (e == null || e.linked == null) return;
        boolean any = false;
        for (int l : e.linked) if (tracked(l)) any = true;
        if (!any) return;
        for (int l : e.linked) {
            int f = l >> 8;
            if ((l & 0x80) != 0) regs[f] |= 1 << (l & 0x7f);
            else slots[f] |= 1L << (l & 0x7f);
        }
    }

    private boolean tracked(int l) {
        int f = l >> 8;
        if ((l & 0x80) != 0) return (regs[f] & (1 << (l & 0x7f))) != 0;
        return (slots[f] & (1L << (l & 0x7f))) != 0;
    }
}
