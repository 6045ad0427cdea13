package dev.ebpf4j.verifier.walk;

import java.util.HashMap;
import java.util.Map;

/**
 * State comparison for pruning. A state is safe if an explored, finished state at the same instruction covers
 * it: every live register of the old state admits the current one (scalar ranges by inclusion, pointers by
 * type, offset and range), stack slots likewise, ids mapped consistently. Registers that are dead at the
 * instruction (static liveness) are ignored, as the kernel does.
 */
final class Prune {
    private Prune() {}

    /**
     * How closely two states must agree (the kernel's {@code enum exact_level}). NOT_EXACT is ordinary pruning:
     * what the old state's continuation did not rely on (dead registers and slots, imprecise scalars) is ignored.
     * RANGE_WITHIN is for states inside a loop whose continuation is not fully explored yet (a may_goto iteration,
     * a checkpoint of a loop with pending back-edges): every register and slot counts and every scalar must lie in
     * the old one's range, precise or not. EXACT is the infinite-loop test: the same state.
     */
    static final int NOT_EXACT = 0, RANGE_WITHIN = 1, EXACT = 2;

    static boolean within(Walker w, State old, State cur, int liveMask) {
        return compare(w, old, cur, liveMask, NOT_EXACT);
    }

    static boolean rangeWithin(Walker w, State old, State cur, int liveMask) {
        return compare(w, old, cur, liveMask, RANGE_WITHIN);
    }

    static boolean equalExact(Walker w, State old, State cur, int liveMask) {
        return compare(w, old, cur, liveMask, EXACT);
    }

    /**
     * The kernel's cheap pre-test of the infinite-loop check: the current frames' registers equal field by field,
     * ids included as they are (not mapped). A loop that makes a new id each round (a helper's result copied to
     * several registers) never passes it, and walks on to the instruction limit instead.
     */
    static boolean maybeLooping(State old, State cur) {
        if (old.cur != cur.cur) return false;
        Frame fo = old.frames[cur.cur];
        Frame fc = cur.frames[cur.cur];
        for (int r = 0; r <= 10; r++) {
            Reg a = fo.regs[r];
            Reg b = fc.regs[r];
            if (!a.sameAs(b) || a.id != b.id || a.refObjId != b.refObjId) return false;
        }
        return true;
    }

    /** A hash consistent with {@link #equalExact}: states equal as a whole hash equal. */
    static int exactHash(State s) {
        int h = s.cur * 31 + s.refs.length;
        for (int f = 0; f <= s.cur; f++) {
            Frame fr = s.frames[f];
            h = h * 31 + fr.callsite;
            for (int r = 0; r <= 10; r++) {
                Reg g = fr.regs[r];
                h = h * 31 + g.type.ordinal();
                h = h * 31 + g.off;
                h = h * 31 + Long.hashCode(g.val.smin() ^ g.val.umax() * 17);
            }
            // up to the last written byte, so equal stacks hash equal whatever their allocated depth
            int end = Math.min(fr.allocated + 8, Frame.STACK_SIZE);
            while (end > 0 && fr.kind[end - 1] == Frame.INVALID) end--;
            for (int i = 0; i < end; i++) h = h * 31 + fr.kind[i];
        }
        return h;
    }

    private static boolean compare(Walker w, State old, State cur, int liveMask, int level) {
        boolean exact = level == EXACT;
        boolean all = level != NOT_EXACT;
        if (old.cur != cur.cur || old.refs.length != cur.refs.length) return false;
        // a held spin lock must match exactly (ids are not remapped: lock states are never claimed as accepted)
        if (old.lockMap != cur.lockMap || old.lockId != cur.lockId) return false;
        Ids ids = new Ids();
        for (int f = 0; f <= cur.cur; f++) {
            Frame fo = old.frames[f];
            Frame fc = cur.frames[f];
            if (fo.callsite != fc.callsite) return false;
            // an unfinished state (loop detection) is compared whole, dead registers too, as the kernel does
            // registers dead here are ignored except in the infinite-loop test; the stack is compared whole
            // in a loop (RANGE_WITHIN), as 6.18 does
            int mask = exact ? 0x7ff : f == cur.cur ? liveMask : w.liveAt(cur.frames[f + 1].callsite + 1) | 0x400;
            for (int r = 0; r <= 10; r++) {
                if ((mask & (1 << r)) == 0 && r != 10) continue;
                if (!regSafe(fo.regs[r], fc.regs[r], ids, level)) return false;
            }
            long liveSlots = all ? -1L : w.stackLive.liveAt(cur, f, w.insn);
            if (!stackSafe(fo, fc, ids, level, liveSlots)) return false;
        }
        return true;
    }

    /**
     * The kernel's id map: ids of the old state must map one to one to ids of the current one (an old id always
     * to the same current id, no two old ids to one current id).
     */
    static final class Ids {
        private final Map<Integer, Integer> fwd = new HashMap<>();
        private final Map<Integer, Integer> rev = new HashMap<>();
        private int fresh;

        boolean ok(int a, int b) {
            if (a == 0 && b == 0) return true;
            if (a == 0 || b == 0) return false;
            Integer m = fwd.get(a);
            if (m != null) return m == b;
            if (rev.containsKey(b)) return false;
            fwd.put(a, b);
            rev.put(b, a);
            return true;
        }

        /** Linked scalars: a current scalar with no id gets one of its own, linked to nothing else. */
        boolean scalar(int a, int b) {
            if (b == 0) {
                Integer m = fwd.get(a);
                if (m != null) return false;
                // above every id the walk hands out, below the add-constant flag bits
                int id = (1 << 29) + fresh++;
                fwd.put(a, id);
                rev.put(id, a);
                return true;
            }
            return ok(a, b);
        }
    }

    static boolean regSafe(Reg o, Reg c, Ids ids, int level) {
        if (level == EXACT) return o.sameAs(c) && (o.type != RegType.SCALAR || ids.ok(o.id, c.id) || o.id == c.id);
        if (o.type == RegType.NOT_INIT) return level == NOT_EXACT || c.type == RegType.NOT_INIT;
        if (c.type == RegType.NOT_INIT) return false;
        if (o.type != c.type || o.maybeNull != c.maybeNull) return false;
        if (o.type == RegType.SCALAR) {
            // nothing explored below the old state relied on this value: any scalar will do
            if (!o.precise && level == NOT_EXACT) return true;
            if (!Num.within(o.val, c.val)) return false;
            // linked scalars: a link in the old state must exist in the current one
            if (o.id == 0) return true;
            if (!Reg.linkSafe(o, c)) return false;
            // an unlinked current scalar is as good as one linked to nothing else: give it an id of its own
            return ids.scalar(o.id, c.id);
        }
        if (o.off != c.off || o.map != c.map || o.memSize != c.memSize || o.frameNo != c.frameNo
                || o.rdonly != c.rdonly) {
            return false;
        }
        if (!Num.within(o.val, c.val)) return false;
        if (o.type.isPacket() && !Reg.packetRangeSafe(o.range, c.range)) return false;
        if (o.refObjId != 0 || c.refObjId != 0) {
            if (!ids.ok(o.refObjId, c.refObjId)) return false;
        }
        if (o.maybeNull || o.type.isPacket()) return ids.ok(o.id, c.id);
        return true;
    }

    private static boolean stackSafe(Frame o, Frame c, Ids ids, int level, long liveSlots) {
        boolean exact = level == EXACT;
        int curAlloc = (c.allocated + 7) & ~7;
        if (level == RANGE_WITHIN) {
            // every byte the old frame allocated has the same kind in the current one, which allocated it too
            int oldAlloc = (o.allocated + 7) & ~7;
            if (oldAlloc > curAlloc) return false;
            for (int i = 0; i < Math.min(oldAlloc, Frame.STACK_SIZE); i++) if (o.kind[i] != c.kind[i]) return false;
        }
        // bytes below both frames' deepest access were never written in either
        int end = Math.min(Frame.STACK_SIZE, (Math.max(o.allocated, c.allocated) + 7) & ~7);
        for (int i = 0; i < end; i++) {
            if ((liveSlots & (1L << (i / 8))) == 0) {
                // no walked path reads this slot from here on before overwriting it
                i += 7;
                continue;
            }
            byte ko = o.kind[i];
            byte kc = c.kind[i];
            if (exact) {
                if (ko != kc) return false;
            } else {
                // root may read bytes never written or of unknown data: the old state covered any value there,
                // a spilled pointer included (live 6.18 prunes that: "8: safe" in the 6.12 self-test
                // old_stack_misc_vs_cur_ctx_ptr)
                if (ko == Frame.INVALID || ko == Frame.MISC) continue;
                // the old state used a slot the current one never allocated
                if (i >= curAlloc) return false;
                if (i % 8 == 0 && ko == Frame.SPILL && o.isFullSpill(i / 8) && o.spilled[i / 8] != null
                        && o.spilled[i / 8].type == RegType.SCALAR && allMisc(c, i / 8)) {
                    // a spilled scalar against data bytes: those read back as an unknown scalar
                    Reg unknown = new Reg();
                    unknown.setUnknown();
                    if (!regSafe(o.spilled[i / 8], unknown, ids, level)) return false;
                    i += 7;
                    continue;
                }
                if (ko != kc) return false;
            }
            if (i % 8 == 7 && ko == Frame.SPILL) {
                Reg so = o.spilled[i / 8];
                Reg sc = c.spilled[i / 8];
                if (so == null || sc == null) {
                    if (so != sc) return false;
                    continue;
                }
                if (!regSafe(so, sc, ids, level)) return false;
            }
        }
        return true;
    }

    /** Whether every byte of slot {@code spi} is data (or never written, which a privileged read also gets as data). */
    private static boolean allMisc(Frame f, int spi) {
        for (int j = 0; j < 8; j++) {
            byte k = f.kind[spi * 8 + j];
            if (k != Frame.MISC && k != Frame.INVALID) return false;
        }
        return true;
    }
}
