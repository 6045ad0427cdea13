package dev.ebpf4j.verifier.domain;

import static dev.ebpf4j.verifier.domain.Reg.S64_MAX;
import static dev.ebpf4j.verifier.domain.Reg.S64_MIN;
import static dev.ebpf4j.verifier.domain.Reg.U32_MAX;
import static dev.ebpf4j.verifier.domain.Reg.U64_MAX;

/**
 * Shifts by a constant amount (the only kind the verifier tracks). Bits may cross the 32-bit boundary, so each
 * width computes its own result and the other width's bounds start over from the tnum.
 */
final class Shifts {
    private Shifts() {}

    private static void lsh32Bounds(Reg d, long amount) {
        d.s32min = Integer.MIN_VALUE;
        d.s32max = Integer.MAX_VALUE;
        // unsigned bounds survive only if the largest value cannot lose bits off the top
        if (amount > 31 || Long.compareUnsigned(Integer.toUnsignedLong(d.u32max), 1L << (31 - amount)) > 0) {
            d.u32min = 0;
            d.u32max = U32_MAX;
        } else {
            d.u32min <<= amount;
            d.u32max <<= amount;
        }
    }

    static void lsh32(Reg d, Scalar s) {
        int amount = s.u32min();
        Tnum low = d.t.subreg();
        lsh32Bounds(d, Integer.toUnsignedLong(amount));
        d.t = low.lshift(amount).subreg();
        d.unbounded64();
        BoundsSync.rangesFromTnum(d);
    }

    static void lsh64(Reg d, Scalar s) {
        long amount = s.umin();
        if (amount == 32) {
            // the low half moves to the high half: its signed range becomes the signed range (times 2^32)
            d.smax = (long) d.s32max << 32;
            d.smin = (long) d.s32min << 32;
        } else {
            d.smin = S64_MIN;
            d.smax = S64_MAX;
        }
        if (Long.compareUnsigned(d.umax, 1L << (63 - amount)) > 0) {
            d.umin = 0;
            d.umax = U64_MAX;
        } else {
            d.umin <<= amount;
            d.umax <<= amount;
        }
        lsh32Bounds(d, amount);
        d.t = d.t.lshift((int) amount);
        BoundsSync.rangesFromTnum(d);
    }

    static void rsh32(Reg d, Scalar s) {
        int amount = s.u32min();
        Tnum low = d.t.subreg();
        d.s32min = Integer.MIN_VALUE;
        d.s32max = Integer.MAX_VALUE;
        d.t = low.rshift(amount);
        d.u32min >>>= amount;
        d.u32max >>>= amount;
        d.unbounded64();
        BoundsSync.rangesFromTnum(d);
    }

    static void rsh64(Reg d, Scalar s) {
        long amount = s.umin();
        d.smin = S64_MIN;
        d.smax = S64_MAX;
        d.t = d.t.rshift((int) amount);
        d.umin >>>= amount;
        d.umax >>>= amount;
        d.unbounded32();
        BoundsSync.rangesFromTnum(d);
    }

    static void arsh32(Reg d, Scalar s) {
        int amount = s.u32min();
        d.s32min >>= amount;
        d.s32max >>= amount;
        d.t = d.t.subreg().arshift(amount, 32);
        d.u32min = 0;
        d.u32max = U32_MAX;
        d.unbounded64();
        BoundsSync.rangesFromTnum(d);
    }

    static void arsh64(Reg d, Scalar s) {
        long amount = s.umin();
        d.smin >>= amount;
        d.smax >>= amount;
        d.t = d.t.arshift((int) amount, 64);
        d.umin = 0;
        d.umax = U64_MAX;
        d.unbounded32();
        BoundsSync.rangesFromTnum(d);
    }
}
