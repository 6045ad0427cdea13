package dev.ebpf4j.verifier.walk;

import java.util.ArrayList;
import java.util.List;

/**
 * Scalars linked by copies ({@code rX = rY}, spills) and by constant adds ({@code rX += k}, {@code wX += k},
 * {@code rX -= k}): a conditional jump that narrows one of them narrows the others, each by its own delta.
 *
 * <p>What the live 6.18 kernel does (each probed): before the jump is pushed, the live registers (the table of
 * the {@code Live regs} pass) and the spilled slots that share the compared register's id are listed, frame by
 * frame from the current one down, registers before slots, at most six; the rest lose their id. After both sides
 * are narrowed, every listed register of each side becomes the narrowed one plus the difference of the deltas
 * (zero-extended when its own link is a 32-bit add), or a plain copy when the deltas agree. Dead registers keep
 * their id and their old bounds.
 */
final class LinkedScalars {
    /** The kernel's bound on the linked registers one jump updates. */
    static final int MAX = 6;

    /** One listed register: a register number or a stack slot, in a frame. */
    record Entry(int frame, boolean isReg, int index) {}

    private LinkedScalars() {}

    /** Lists the registers linked to {@code reg} (if it is a linked scalar) into {@code out}, as the kernel does. */
    static void collect(Walker w, State s, Reg reg, List<Entry> out) {
        if (!reg.isScalar() || reg.id == 0) return;
        int base = reg.baseId();
        for (int f = s.cur; f >= 0; f--) {
            Frame fr = s.frames[f];
            int live = f == s.cur ? w.liveAt(w.insn) : w.liveAt(s.frames[f + 1].callsite + 1);
            for (int r = 0; r < 10; r++) {
                if ((live & (1 << r)) == 0) continue;
                add(fr.regs[r], base, new Entry(f, true, r), out);
            }
            int slots = (fr.allocated + 7) / 8;
            for (int spi = 0; spi < slots; spi++) {
                if (fr.kind[spi * 8 + 7] != Frame.SPILL || fr.spilled[spi] == null) continue;
                add(fr.spilled[spi], base, new Entry(f, false, spi), out);
            }
        }
    }

    private static void add(Reg r, int base, Entry e, List<Entry> out) {
        if (!r.isScalar() || r.baseId() != base || r.id == 0) return;
        if (out.size() < MAX) out.add(e);
        else r.clearLink();
    }

    /**
     * Before a scalar is copied ({@code rX = rY}, a 32-bit move of a value that fits, a sign extension that changes
     * nothing, a spill that keeps the whole value): an add-constant link of the source is dropped, and a source
     * without an id gets a new one, so that source and copy are linked.
     */
    static void beforeCopy(Walker w, Reg src) {
        if (!src.isScalar()) return;
        if ((src.id & Reg.ADD_CONST) != 0) src.clearLink();
        if (src.id == 0 && !Num.isConst(src.val)) src.id = w.newId();
    }

    /**
     * After {@code dst += k} or {@code dst -= k} (64 or 32 bits) on a scalar that had id {@code id}: the result
     * stays linked with the delta when the constant fits (a 64-bit one in s32, -k representable) and, for 32 bits,
     * the old value had no upper half; a second add breaks the link instead of accumulating. {@code dst} comes in
     * unlinked.
     */
    static void afterAdd(Reg dst, int id, Reg src, boolean is64, boolean sub, long umaxBefore) {
        if (id == 0 || !src.isScalar()) return;
        long val;
        if (is64) {
            if (!Num.isConst(src.val)) return;
            val = Num.constValue(src.val);
            if (val < Integer.MIN_VALUE || val > Integer.MAX_VALUE) return;
        } else {
            if (!src.val.isConst32()) return;
            if (Long.compareUnsigned(umaxBefore, 0xffffffffL) > 0) return;
            val = Num.tnumValue(src.val) & 0xffffffffL;
        }
        int k = (int) val;
        if (sub) {
            if (k == Integer.MIN_VALUE) return;
            k = -k;
        }
        if ((id & Reg.ADD_CONST) != 0) return;
        dst.id = id | (is64 ? Reg.ADD_CONST64 : Reg.ADD_CONST32);
        dst.off = k;
    }

    static List<Entry> newList() {
        return new ArrayList<>(MAX);
    }

    /** Gives every listed register of state {@code s} the bounds {@code known} (a register of {@code s}) now has. */
    static void sync(State s, Reg known, List<Entry> set) {
        if (!known.isScalar() || known.id == 0) return;
        for (Entry e : set) {
            Frame fr = s.frames[e.frame()];
            Reg r = e.isReg() ? fr.regs[e.index()] : fr.spilled[e.index()];
            if (r == null || r == known || !r.isScalar() || r.baseId() != known.baseId()) continue;
            boolean plain = (r.id & Reg.ADD_CONST) == 0 && (known.id & Reg.ADD_CONST) == 0;
            if (plain || r.off == known.off) {
                r.set(known);
                continue;
            }
            long delta = (long) r.off - (long) known.off;
            int id = r.id;
            int off = r.off;
            r.set(known);
            r.id = id;
            r.off = off;
            r.val = (id & Reg.ADD_CONST32) != 0 ? known.val.plusForLinkedRegister32(delta)
                    : known.val.plusForLinkedRegister(delta);
        }
    }
}
