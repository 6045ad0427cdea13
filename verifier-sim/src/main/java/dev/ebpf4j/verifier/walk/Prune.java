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

    static boolean within(Walker w, State old, State cur, int liveMask) {
        return compare(w, old, cur, liveMask, false);
    }

    static boolean equalExact(Walker w, State old, State cur, int liveMask) {
        return compare(w, old, cur, liveMask, true);
    }

    /** A hash consistent with {@link #equalExact}: equal states (on live registers) hash equal. */
    static int exactHash(Walker w, State s, int liveMask) {
        int h = s.cur * 31 + s.refs.length;
        for (int f = 0; f <= s.cur; f++) {
            Frame fr = s.frames[f];
            int mask = f == s.cur ? liveMask : w.liveAt(s.frames[f + 1].callsite + 1) | 0x400;
            h = h * 31 + fr.callsite;
            for (int r = 0; r <= 10; r++) {
                if ((mask & (1 << r)) == 0 && r != 10) continue;
                Reg g = fr.regs[r];
                h = h * 31 + g.type.ordinal();
                h = h * 31 + g.off;
                h = h * 31 + g.val.hashCode();
            }
            // up to the last written byte, so equal stacks hash equal whatever their allocated depth
            int end = fr.allocated;
            while (end > 0 && fr.kind[end - 1] == Frame.INVALID) end--;
            for (int i = 0; i < end; i++) h = h * 31 + fr.kind[i];
        }
        return h;
    }

    private static boolean compare(Walker w, State old, State cur, int liveMask, boolean exact) {
        if (old.cur != cur.cur || old.refs.length != cur.refs.length) return false;
        // a held spin lock must match exactly (ids are not remapped: lock states are never claimed as accepted)
        if (old.lockMap != cur.lockMap || old.lockId != cur.lockId) return false;
        Map<Integer, Integer> ids = new HashMap<>();
        for (int f = 0; f <= cur.cur; f++) {
            Frame fo = old.frames[f];
            Frame fc = cur.frames[f];
            if (fo.callsite != fc.callsite) return false;
            int mask = f == cur.cur ? liveMask : w.liveAt(cur.frames[f + 1].callsite + 1) | 0x400;
            for (int r = 0; r <= 10; r++) {
                if ((mask & (1 << r)) == 0 && r != 10) continue;
                if (!regSafe(fo.regs[r], fc.regs[r], ids, exact)) return false;
            }
            if (!stackSafe(fo, fc, ids, exact)) return false;
        }
        return true;
    }

    private static boolean idOk(int a, int b, Map<Integer, Integer> ids) {
        if (a == 0 && b == 0) return true;
        if (a == 0 || b == 0) return false;
        Integer m = ids.putIfAbsent(a, b);
        return m == null || m == b;
    }

    static boolean regSafe(Reg o, Reg c, Map<Integer, Integer> ids, boolean exact) {
        if (exact) return o.sameAs(c) && (o.type != RegType.SCALAR || idOk(o.id, c.id, ids) || o.id == c.id);
        if (o.type == RegType.NOT_INIT) return true;
        if (c.type == RegType.NOT_INIT) return false;
        if (o.type != c.type || o.maybeNull != c.maybeNull) return false;
        if (o.type == RegType.SCALAR) {
            if (!Num.within(o.val, c.val)) return false;
            // linked scalars: a link in the old state must exist in the current one
            return o.id == 0 || (Reg.linkSafe(o, c) && idOk(o.id, c.id, ids));
        }
        if (o.off != c.off || o.map != c.map || o.memSize != c.memSize || o.frameNo != c.frameNo
                || o.rdonly != c.rdonly) {
            return false;
        }
        if (!Num.within(o.val, c.val)) return false;
        if (o.type.isPacket() && !Reg.packetRangeSafe(o.range, c.range)) return false;
        if (o.refObjId != 0 || c.refObjId != 0) {
            if (!idOk(o.refObjId, c.refObjId, ids)) return false;
        }
        if (o.maybeNull || o.type.isPacket()) return idOk(o.id, c.id, ids);
        return true;
    }

    private static boolean stackSafe(Frame o, Frame c, Map<Integer, Integer> ids, boolean exact) {
        for (int i = 0; i < Frame.STACK_SIZE; i++) {
            byte ko = o.kind[i];
            byte kc = c.kind[i];
            if (exact) {
                if (ko != kc) return false;
            } else {
                if (ko == Frame.INVALID || ko == Frame.MISC) {
                    if (ko == Frame.MISC && kc == Frame.SPILL && c.spilled[i / 8] != null && c.spilled[i / 8].isPointer()) {
                        return false;
                    }
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
                if (!regSafe(so, sc, ids, exact)) return false;
            }
        }
        return true;
    }
}
