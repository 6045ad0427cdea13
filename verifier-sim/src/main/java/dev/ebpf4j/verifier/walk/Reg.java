package dev.ebpf4j.verifier.walk;

import dev.ebpf4j.verifier.domain.Scalar;

/**
 * One register's abstract value ({@code struct bpf_reg_state}): a type, and for pointers a fixed offset plus a
 * variable offset held as a scalar; for scalars the value itself. Mutable for speed; states copy on branch.
 */
public final class Reg {
    public RegType type = RegType.NOT_INIT;
    /** PTR_MAYBE_NULL. */
    public boolean maybeNull;
    /** Fixed offset of a pointer; for a scalar linked by {@code rX += k} ({@code ADD_CONST} id), the k. */
    public int off;
    /** The scalar value, or a pointer's variable offset. */
    public Scalar val = Num.known(0);
    /**
     * Shared by copies: null checks and packet ranges propagate by id; linked scalars share it too. A scalar
     * computed as {@code rX = rY + k} keeps rY's id with one of the {@code ADD_CONST} flags and k in {@link #off}.
     */
    public int id;
    /** Scalar id flag: linked by a 64-bit add of a constant (the constant is in {@code off}). */
    public static final int ADD_CONST64 = 1 << 31;
    /** Scalar id flag: linked by a 32-bit add of a constant; the linked value is zero-extended. */
    public static final int ADD_CONST32 = 1 << 30;
    public static final int ADD_CONST = ADD_CONST64 | ADD_CONST32;
    /**
     * Packet pointers: bytes known to be readable from the packet start (printed {@code r=}); negative when a
     * comparison proved the pointer at or beyond pkt_end ({@link Branches#AT_PKT_END}, {@link Branches#BEYOND_PKT_END}).
     */
    public int range;
    /** Map pointers and values: index of the map in the options. */
    public int map = -1;
    /** PTR_TO_MEM: size of the memory; ctx pointers of sub-types etc. */
    public int memSize;
    /** Acquired references. */
    public int refObjId;
    /** MEM_RDONLY and similar flags printed as prefixes. */
    public boolean rdonly;
    /** Stack pointers: the frame whose stack they point into. */
    public int frameNo;
    /**
     * A scalar whose exact value some check relied on ({@code precise}, printed {@code P}). Set only in the states
     * kept for pruning, by backtracking ({@link Precision}); pruning ignores the value of imprecise scalars.
     */
    public boolean precise;

    public Reg copy() {
        Reg r = new Reg();
        r.set(this);
        return r;
    }

    public void set(Reg o) {
        type = o.type;
        maybeNull = o.maybeNull;
        off = o.off;
        val = o.val;
        id = o.id;
        range = o.range;
        map = o.map;
        memSize = o.memSize;
        refObjId = o.refObjId;
        rdonly = o.rdonly;
        frameNo = o.frameNo;
        precise = o.precise;
    }

    public void setNotInit() {
        type = RegType.NOT_INIT;
        maybeNull = false;
        off = 0;
        val = Num.unknown();
        id = 0;
        range = 0;
        map = -1;
        memSize = 0;
        refObjId = 0;
        rdonly = false;
        frameNo = 0;
        precise = false;
    }

    public void setScalar(Scalar s) {
        setNotInit();
        type = RegType.SCALAR;
        val = s;
    }

    public void setUnknown() {
        setScalar(Num.unknown());
    }

    public void setPointer(RegType t, int offset) {
        setNotInit();
        type = t;
        off = offset;
        val = Num.known(0);
    }

    public boolean isScalar() { return type == RegType.SCALAR; }

    /** The id without the add-constant flags (what links registers). */
    public int baseId() { return id & ~ADD_CONST; }

    /** Forgets a scalar's link (the kernel's clear_scalar_id: id and delta). */
    public void clearLink() {
        id = 0;
        off = 0;
    }

    /**
     * Whether a linked scalar of the current state may be pruned by one of an old state whose ids map to its own:
     * a link made by adding a constant must be the same kind of link with the same constant, and a plain link in
     * the old state must not be an add-constant one in the current state.
     */
    public static boolean linkSafe(Reg old, Reg cur) {
        if ((old.id & ADD_CONST) != 0) return (old.id & ADD_CONST) == (cur.id & ADD_CONST) && old.off == cur.off;
        return old.id == 0 || (cur.id & ADD_CONST) == 0;
    }

    public boolean isPointer() { return type.isPointer(); }

    public boolean isConst() { return type == RegType.SCALAR && Num.isConst(val); }

    public long constValue() { return Num.constValue(val); }

    /** Whether the pointer's variable offset is the constant 0. */
    public boolean fixedOffset() { return Num.isConst(val) && Num.constValue(val) == 0; }

    /**
     * Whether a packet pointer with range {@code cur} may be pruned by one with range {@code old}: at least as much
     * proven readable, and the at/beyond pkt_end marks (negative ranges, which decide later comparisons) only
     * against the same mark.
     */
    public static boolean packetRangeSafe(int old, int cur) {
        if (old < 0 || cur < 0) return old == cur;
        return cur >= old;
    }

    /** Equality of everything the walk tracks (used to find exact loops). */
    public boolean sameAs(Reg o) {
        return type == o.type && maybeNull == o.maybeNull && off == o.off && Num.same(val, o.val)
                && range == o.range && map == o.map && memSize == o.memSize && refObjId == o.refObjId
                && rdonly == o.rdonly && frameNo == o.frameNo && (type != RegType.SCALAR ? id == o.id : true);
    }
}
