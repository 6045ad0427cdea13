package dev.ebpf4j.verifier.domain;

import static dev.ebpf4j.verifier.domain.Reg.S32_MAX;
import static dev.ebpf4j.verifier.domain.Reg.S32_MIN;
import static dev.ebpf4j.verifier.domain.Reg.ule;
import static dev.ebpf4j.verifier.domain.Reg.ult;
import static dev.ebpf4j.verifier.domain.Reg.umaxOf;
import static dev.ebpf4j.verifier.domain.Reg.uminOf;

/**
 * Bringing the five views of a scalar (tnum, signed and unsigned 64-bit ranges, signed and unsigned 32-bit
 * ranges) into agreement, the way the verifier does after every operation ({@code reg_bounds_sync}): tighten the
 * ranges from the known bits, let the ranges tighten one another three times over, tighten the known bits from
 * the unsigned ranges, and once more the ranges from the bits.
 *
 * <p>Every step only narrows; the fixed number of rounds (rather than a fixpoint) matters because the printed
 * bounds must be the kernel's, not the best possible ones.
 */
final class BoundsSync {
    private static final long HIGH = 0xffff_ffff_0000_0000L;

    private BoundsSync() {}

    static void sync(Reg r) {
        rangesFromTnum(r);
        for (int round = 0; round < 3; round++) {
            subregFromFullRanges(r);
            fullSignedAndUnsigned(r);
            fullFromSubreg(r);
        }
        tnumFromRanges(r);
        rangesFromTnum(r);
    }

    /** Tightens all eight bounds to what the known bits allow. */
    static void rangesFromTnum(Reg r) {
        Tnum lo = r.t.subreg();
        int loMin = (int) lo.value();
        int loMask = (int) lo.mask();
        r.s32min = Math.max(r.s32min, loMin | (loMask & S32_MIN));
        r.s32max = Math.min(r.s32max, loMin | (loMask & S32_MAX));
        r.u32min = umaxOf(r.u32min, loMin);
        r.u32max = uminOf(r.u32max, loMin | loMask);

        long v = r.t.value();
        long m = r.t.mask();
        r.smin = Math.max(r.smin, v | (m & Long.MIN_VALUE));
        r.smax = Math.min(r.smax, v | (m & Long.MAX_VALUE));
        r.umin = umaxOf(r.umin, v);
        r.umax = uminOf(r.umax, v | m);
        singleCommonValue(r);
    }

    /**
     * When the unsigned range and the known bits have exactly one value in common, the value is known (Linux 6.18;
     * seen on the live kernel). That value is the range's minimum, the tnum's maximum, or the tnum's first value
     * past the minimum.
     */
    private static void singleCommonValue(Reg r) {
        Tnum t = r.t;
        long next = t.next(r.umin);
        boolean minInTnum = t.contains(r.umin);
        if (minInTnum && Long.compareUnsigned(next, r.umax) > 0) {
            r.markKnown(r.umin);
        } else if (!minInTnum && next == t.umax()) {
            r.markKnown(next);
        } else if (!minInTnum && Long.compareUnsigned(next, r.umax) <= 0
                && Long.compareUnsigned(t.next(next), r.umax) > 0) {
            r.markKnown(next);
        }
    }

    private static void clampS32(Reg r, int lo, int hi) {
        r.s32min = Math.max(r.s32min, lo);
        r.s32max = Math.min(r.s32max, hi);
    }

    private static void clampU32(Reg r, int lo, int hi) {
        r.u32min = umaxOf(r.u32min, lo);
        r.u32max = uminOf(r.u32max, hi);
    }

    /** What a 64-bit range says about the low half, and what the two 32-bit ranges say about each other. */
    static void subregFromFullRanges(Reg r) {
        // a 64-bit range inside one 4 GiB block: its low halves form a contiguous range too
        if ((r.umin >>> 32) == (r.umax >>> 32)) {
            clampU32(r, (int) r.umin, (int) r.umax);
            if ((int) r.umin <= (int) r.umax) clampS32(r, (int) r.umin, (int) r.umax);
        }
        if ((r.smin >> 32) == (r.smax >> 32)) {
            if (ule((int) r.smin, (int) r.smax)) clampU32(r, (int) r.smin, (int) r.smax);
            if ((int) r.smin <= (int) r.smax) clampS32(r, (int) r.smin, (int) r.smax);
        }
        // a range spanning two adjacent blocks whose low halves wrap from negative to non-negative (as s32)
        if ((int) (r.umin >>> 32) + 1 == (int) (r.umax >>> 32) && (int) r.umin < 0 && (int) r.umax >= 0) {
            clampS32(r, (int) r.umin, (int) r.umax);
        }
        if ((int) (r.smin >> 32) + 1 == (int) (r.smax >> 32) && (int) r.smin < 0 && (int) r.smax >= 0) {
            clampS32(r, (int) r.smin, (int) r.smax);
        }
        // u32 range on one side of the s32 sign bit: it is an s32 range as well, and the other way round
        if (r.u32min <= r.u32max) clampS32(r, r.u32min, r.u32max);
        if (ule(r.s32min, r.s32max)) {
            clampU32(r, r.s32min, r.s32max);
        } else if (ult(r.u32max, r.s32min)) {
            // s32 wraps through -1/0; the u32 range lies wholly in its non-negative part
            r.s32min = r.u32min;
            r.u32max = uminOf(r.u32max, r.s32max);
        } else if (ult(r.s32max, r.u32min)) {
            // ... or wholly in its negative part
            r.s32max = r.u32max;
            r.u32min = umaxOf(r.u32min, r.s32min);
        }
    }

    /** The signed and unsigned 64-bit ranges, each through the other. */
    static void fullSignedAndUnsigned(Reg r) {
        if (r.umin <= r.umax) {
            r.smin = Math.max(r.smin, r.umin);
            r.smax = Math.min(r.smax, r.umax);
        }
        if (ule(r.smin, r.smax)) {
            r.umin = umaxOf(r.umin, r.smin);
            r.umax = uminOf(r.umax, r.smax);
        } else if (ult(r.umax, r.smin)) {
            r.smin = r.umin;
            r.umax = uminOf(r.umax, r.smax);
        } else if (ult(r.smax, r.umin)) {
            r.smax = r.umax;
            r.umin = umaxOf(r.umin, r.smin);
        }
    }

    /** The 64-bit ranges with their low halves replaced by the 32-bit ranges' ends. */
    static void fullFromSubreg(Reg r) {
        long lo = Integer.toUnsignedLong(r.u32min);
        long hi = Integer.toUnsignedLong(r.u32max);
        narrowFull(r, lo, hi);
        if (ule(r.s32min, r.s32max)) {
            narrowFull(r, Integer.toUnsignedLong(r.s32min), Integer.toUnsignedLong(r.s32max));
        }
        // a non-negative s32 range and a 64-bit range within s32: the value is that s32 range
        if (r.s32min >= 0 && r.smin >= S32_MIN && r.smax <= S32_MAX) {
            r.smin = r.s32min;
            r.smax = r.s32max;
            r.umin = r.s32min;
            r.umax = r.s32max;
            r.t = r.t.intersect(Tnum.range(r.smin, r.smax));
        }
    }

    private static void narrowFull(Reg r, long lowMin, long lowMax) {
        r.umin = umaxOf(r.umin, (r.umin & HIGH) | lowMin);
        r.umax = uminOf(r.umax, (r.umax & HIGH) | lowMax);
        r.smin = Math.max(r.smin, (r.smin & HIGH) | lowMin);
        r.smax = Math.min(r.smax, (r.smax & HIGH) | lowMax);
    }

    /** Known bits from the unsigned ranges (64-bit for the whole, 32-bit for the low half). */
    static void tnumFromRanges(Reg r) {
        Tnum full = r.t.intersect(Tnum.range(r.umin, r.umax));
        Tnum low = full.subreg().intersect(
                Tnum.range(Integer.toUnsignedLong(r.u32min), Integer.toUnsignedLong(r.u32max)));
        r.t = full.clearSubreg().or(low);
    }
}
