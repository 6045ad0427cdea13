package dev.ebpf4j.verifier.walk;

/** Null checks: every register and spilled register sharing the checked pointer's id learns the answer. */
final class Nulls {
    private Nulls() {}

    /** After {@code if rX == 0}: on the side where it is null ({@code isNull}) the copies become 0, else non-null. */
    static void mark(Walker w, State s, int id, boolean isNull) {
        if (id == 0) return;
        int refObj = 0;
        for (int f = 0; f <= s.cur; f++) {
            Frame fr = s.frames[f];
            for (Reg r : fr.regs) refObj = Math.max(refObj, markOne(r, id, isNull));
            for (Reg r : fr.spilled) if (r != null) refObj = Math.max(refObj, markOne(r, id, isNull));
        }
        if (isNull && refObj != 0) s.release(refObj);
    }

    private static int markOne(Reg r, int id, boolean isNull) {
        if (!r.maybeNull || r.id != id || !r.isPointer()) return 0;
        int ref = r.refObjId;
        if (isNull) {
            r.setScalar(Num.known(0));
        } else {
            markNotNull(r);
        }
        return ref;
    }

    static void markNotNull(Reg r) {
        r.maybeNull = false;
        if (r.type == RegType.MAP_VALUE || r.type == RegType.MAP_KEY) {
            // map values keep their id only while it means something (for spin locks); the kernel clears it
            r.id = 0;
        }
    }
}
