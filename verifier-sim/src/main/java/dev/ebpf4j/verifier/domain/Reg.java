package dev.ebpf4j.verifier.domain;

/**
 * The mutable working copy of a {@link Scalar} that the transfer functions update step by step (the kernel's
 * transfer functions are written as a sequence of in-place refinements; keeping that shape makes the results
 * identical, while the public type stays immutable). Never escapes the package.
 */
final class Reg {
    static final long S64_MIN = Long.MIN_VALUE;
    static final long S64_MAX = Long.MAX_VALUE;
    static final long U64_MAX = -1L;
    static final int S32_MIN = Integer.MIN_VALUE;
    static final int S32_MAX = Integer.MAX_VALUE;
    static final int U32_MAX = -1;

    Tnum t;
    long smin, smax, umin, umax;
    int s32min, s32max, u32min, u32max;

    Reg(Scalar s) {
        t = s.varOff();
        smin = s.smin();
        smax = s.smax();
        umin = s.umin();
        umax = s.umax();
        s32min = s.s32min();
        s32max = s.s32max();
        u32min = s.u32min();
        u32max = s.u32max();
    }

    Scalar freeze() {
        return new Scalar(t, smin, smax, umin, umax, s32min, s32max, u32min, u32max);
    }

    // ---- unsigned helpers ----
    static long umaxOf(long a, long b) { return Long.compareUnsigned(a, b) >= 0 ? a : b; }
    static long uminOf(long a, long b) { return Long.compareUnsigned(a, b) <= 0 ? a : b; }
    static int umaxOf(int a, int b) { return Integer.compareUnsigned(a, b) >= 0 ? a : b; }
    static int uminOf(int a, int b) { return Integer.compareUnsigned(a, b) <= 0 ? a : b; }
    static boolean ult(long a, long b) { return Long.compareUnsigned(a, b) < 0; }
    static boolean ule(long a, long b) { return Long.compareUnsigned(a, b) <= 0; }
    static boolean ult(int a, int b) { return Integer.compareUnsigned(a, b) < 0; }
    static boolean ule(int a, int b) { return Integer.compareUnsigned(a, b) <= 0; }

    void markKnown(long v) {
        t = Tnum.constant(v);
        smin = smax = umin = umax = v;
        s32min = s32max = u32min = u32max = (int) v;
    }

    /** Only the low 32 bits become the known value; the high half of the tnum is kept. */
    void markKnown32(long v) {
        t = t.withConstSubreg((int) v);
        s32min = s32max = u32min = u32max = (int) v;
    }

    void unbounded64() {
        smin = S64_MIN;
        smax = S64_MAX;
        umin = 0;
        umax = U64_MAX;
    }

    void unbounded32() {
        s32min = S32_MIN;
        s32max = S32_MAX;
        u32min = 0;
        u32max = U32_MAX;
    }

    void unknown() {
        t = Tnum.UNKNOWN;
        unbounded64();
        unbounded32();
    }

    /** Signed bounds follow the unsigned ones when that range does not cross the sign bit. */
    void signedFromUnsigned64() {
        if (umin <= umax) { // as signed: both on the same side of the sign bit
            smin = umin;
            smax = umax;
        } else {
            smin = S64_MIN;
            smax = S64_MAX;
        }
    }

    void signedFromUnsigned32() {
        if (u32min <= u32max) {
            s32min = u32min;
            s32max = u32max;
        } else {
            s32min = S32_MIN;
            s32max = S32_MAX;
        }
    }

    /** An ALU32 result: the 64-bit register is the zero-extended low half. */
    void zeroExtend32() {
        t = t.subreg();
        umin = Integer.toUnsignedLong(u32min);
        umax = Integer.toUnsignedLong(u32max);
        if (s32min >= 0 && s32max >= 0) {
            smin = s32min;
            smax = s32max;
        } else {
            smin = 0;
            smax = 0xffff_ffffL;
        }
    }

    void sync() {
        BoundsSync.sync(this);
    }

    boolean isConsistent() {
        return violation() == null;
    }

    /**
     * Why the bounds contradict one another, in the words of the kernel's sanity check (without its
     * "verifier bug: REG INVARIANTS VIOLATION (ctx): " prefix), or null when they do not.
     */
    String violation() {
        String msg = null;
        if (Long.compareUnsigned(umin, umax) > 0 || smin > smax
                || Integer.compareUnsigned(u32min, u32max) > 0 || s32min > s32max) {
            msg = "range bounds violation";
        } else if (t.isConst() && (t.value() != umin || t.value() != umax || t.value() != smin
                || t.value() != smax)) {
            msg = "const tnum out of sync with range bounds";
        } else if (t.subreg().isConst()) {
            int v = (int) t.value();
            if (v != u32min || v != u32max || v != s32min || v != s32max) {
                msg = "const subreg tnum out of sync with range bounds";
            }
        }
        if (msg == null) return null;
        return msg + " u64=[" + hex(umin) + ", " + hex(umax) + "] s64=[" + hex(smin) + ", " + hex(smax)
                + "] u32=[" + hex32(u32min) + ", " + hex32(u32max) + "] s32=[" + hex32(s32min) + ", " + hex32(s32max)
                + "] var_off=(" + hex(t.value()) + ", " + hex(t.mask()) + ")";
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    private static String hex32(int v) {
        return "0x" + Integer.toHexString(v);
    }
}
