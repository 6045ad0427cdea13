package dev.ebpf4j.verifier.domain;

import java.util.SplittableRandom;

/**
 * A random abstract value together with one concrete value it must contain. The abstract value is built only from
 * constraints the concrete value satisfies (known bits, ranges in each view, load widths), then synced, so it is
 * a fair input for soundness properties of the transfer functions.
 */
record Member(Scalar abs, long value) {

    static Member of(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Member m = build(r);
        if (r.nextInt(4) == 0) return m;
        // bounds are where off-by-one mistakes show: often take an extreme value the abstract value allows
        Scalar a = m.abs();
        long[] extremes = {a.umin(), a.umax(), a.smin(), a.smax(), a.umin(), a.umax(), a.smin(), a.smax(),
            a.varOff().umin(), a.varOff().umax(),
            (a.umax() & ~0xffffffffL) | Integer.toUnsignedLong(a.u32max()),
            (a.umin() & ~0xffffffffL) | Integer.toUnsignedLong(a.u32min())};
        long pick = extremes[r.nextInt(extremes.length)];
        return a.contains(pick) ? new Member(a, pick) : m;
    }

    private static Member build(SplittableRandom r) {
        long x = interesting(r);
        switch (r.nextInt(10)) {
            case 0:
                return new Member(Scalar.constant(x), x);
            case 1: {
                if (r.nextInt(4) == 0) return new Member(Scalar.unknown(), x);
                long d = r.nextInt(1000);
                long lo = Long.compareUnsigned(x, d) >= 0 ? x - d : 0;
                return new Member(r.nextBoolean() ? Scalar.unsignedRange(lo, x) : Scalar.signedRange(x - (x > Long.MIN_VALUE + 1000 ? d : 0), x), x);
            }
            case 2: {
                long mask = mask(r);
                return new Member(Scalar.of(new Tnum(x & ~mask, mask)), x);
            }
            case 3: {
                int bytes = new int[] {1, 2, 4}[r.nextInt(3)];
                long keep = (1L << (bytes * 8)) - 1;
                if (r.nextBoolean()) return new Member(Scalar.unknownOfSize(bytes), x & keep);
                int shift = 64 - bytes * 8;
                return new Member(Scalar.unknownSignExtended(bytes), (x << shift) >> shift);
            }
            default: {
                // several views at once, each a range around x (or unconstrained)
                long mask = r.nextInt(3) == 0 ? -1L : mask(r);
                Tnum t = new Tnum(x & ~mask, mask);
                long umin = 0, umax = -1L, smin = Long.MIN_VALUE, smax = Long.MAX_VALUE;
                int u32min = 0, u32max = -1, s32min = Integer.MIN_VALUE, s32max = Integer.MAX_VALUE;
                int w = (int) x;
                if (r.nextBoolean()) {
                    long d = below(r);
                    umin = Long.compareUnsigned(d, x) <= 0 ? x - d : 0;
                    long up = x + below(r);
                    umax = Long.compareUnsigned(up, x) >= 0 ? up : -1L;
                }
                if (r.nextBoolean()) {
                    long d = below(r);
                    smin = x - d <= x ? x - d : Long.MIN_VALUE;
                    long e = below(r);
                    smax = x + e >= x ? x + e : Long.MAX_VALUE;
                }
                if (r.nextBoolean()) {
                    int d = (int) below(r);
                    u32min = Integer.compareUnsigned(w - d, w) <= 0 ? w - d : 0;
                    int e = (int) below(r);
                    u32max = Integer.compareUnsigned(w + e, w) >= 0 ? w + e : -1;
                }
                if (r.nextBoolean()) {
                    int d = (int) below(r);
                    s32min = w - d <= w ? w - d : Integer.MIN_VALUE;
                    int e = (int) below(r);
                    s32max = w + e >= w ? w + e : Integer.MAX_VALUE;
                }
                Scalar s = new Scalar(t, smin, smax, umin, umax, s32min, s32max, u32min, u32max).synced();
                return new Member(s, x);
            }
        }
    }

    /** Small distances mostly, sometimes large (so ranges cross 2^31, 2^32, 2^63 now and then). */
    private static long below(SplittableRandom r) {
        switch (r.nextInt(4)) {
            case 0: return r.nextInt(4);
            case 1: return r.nextInt(300);
            case 2: return r.nextLong(1L << 33);
            default: return r.nextLong() >>> 1;
        }
    }

    static long mask(SplittableRandom r) {
        switch (r.nextInt(5)) {
            case 0: return (1L << r.nextInt(64)) - 1;
            case 1: return r.nextLong() & r.nextLong();
            case 2: return r.nextLong() & r.nextLong() & r.nextLong();
            case 3: return ((1L << r.nextInt(64)) - 1) << r.nextInt(8);
            default: return 0xffL << (8 * r.nextInt(8));
        }
    }

    static long interesting(SplittableRandom r) {
        switch (r.nextInt(8)) {
            case 0: return r.nextInt(600) - 300;
            case 1: return (1L << r.nextInt(64)) + r.nextInt(5) - 2;
            case 2: return (1L << 31) + r.nextInt(9) - 4;
            case 3: return (1L << 32) + r.nextInt(9) - 4;
            case 4: return Long.MIN_VALUE + r.nextInt(5) - 2;
            case 5: return r.nextInt();
            case 6: return r.nextInt() & 0xffffffffL;
            default: return r.nextLong();
        }
    }
}
