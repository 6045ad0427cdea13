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
            for (Reg r : fr.regs) refObj = Math.max(refObj, markOne(w, r, id, isNull));
            for (Reg r : fr.spilled) if (r != null) refObj = Math.max(refObj, markOne(w, r, id, isNull));
        }
        if (isNull && refObj != 0) s.release(refObj);
    }

    private static int markOne(Walker w, Reg r, int id, boolean isNull) {
        if (!r.maybeNull || r.id != id || !r.isPointer()) return 0;
        // only the acquiring pointer itself (ref_obj_id == id) releases its reference when found null
        int ref = r.refObjId == id ? id : 0;
        if (isNull) {
            r.setScalar(Num.known(0));
        } else {
            int keep = r.id;
            markNotNull(w, r);
            if (r.type == RegType.MAP_VALUE && SpinLocks.offset(w, r.map) >= 0) r.id = keep;
        }
        return ref;
    }

    /**
     * A pointer known not to be null. A map lookup's value becomes what the map holds: the inner map of a map of
     * maps, the socket of a socket map, the XDP socket of an XSK map.
     */
    static void markNotNull(Walker w, Reg r) {
        markNotNull(w, r, false);
    }

    /**
     * {@code keepId}: a comparison with a pointer that cannot be null proves it without a null check by id, and
     * the kernel then leaves the id in place (printed, e.g. {@code sock(id=2)}).
     */
    static void markNotNull(Walker w, Reg r, boolean keepId) {
        int id = r.id;
        markNotNull(r);
        if (keepId) r.id = id;
        if (r.type != RegType.MAP_VALUE || r.map < 0) return;
        dev.ebpf4j.asm.uapi.MapType t = w.map(r.map).type();
        if (isMapOfMaps(w, r.map)) {
            int inner = w.innerMap(r.map);
            r.setPointer(RegType.MAP_PTR, 0);
            r.map = inner;
        } else if (t == dev.ebpf4j.asm.uapi.MapType.SOCKMAP || t == dev.ebpf4j.asm.uapi.MapType.SOCKHASH) {
            r.type = RegType.SOCK;
            r.map = -1;
        } else if (t == dev.ebpf4j.asm.uapi.MapType.XSKMAP) {
            r.type = RegType.XDP_SOCK;
            r.map = -1;
        }
    }

    static boolean isMapOfMaps(Walker w, int map) {
        if (map < 0) return false;
        dev.ebpf4j.asm.uapi.MapType t = w.map(map).type();
        return t == dev.ebpf4j.asm.uapi.MapType.ARRAY_OF_MAPS || t == dev.ebpf4j.asm.uapi.MapType.HASH_OF_MAPS;
    }

    static void markNotNull(Reg r) {
        r.maybeNull = false;
        // the id only served the null check (spin-lock map values, which keep it, are not modelled)
        r.id = 0;
    }
}
