package dev.ebpf4j.verifier.domain;

import dev.ebpf4j.asm.AluOp;

import static dev.ebpf4j.verifier.domain.Reg.S32_MAX;
import static dev.ebpf4j.verifier.domain.Reg.S32_MIN;
import static dev.ebpf4j.verifier.domain.Reg.S64_MAX;
import static dev.ebpf4j.verifier.domain.Reg.S64_MIN;
import static dev.ebpf4j.verifier.domain.Reg.U32_MAX;
import static dev.ebpf4j.verifier.domain.Reg.U64_MAX;
import static dev.ebpf4j.verifier.domain.Reg.ult;
import static dev.ebpf4j.verifier.domain.Reg.umaxOf;
import static dev.ebpf4j.verifier.domain.Reg.uminOf;

/**
 * Transfer functions of the ALU instructions on scalars. Both the 32-bit and the 64-bit bounds are computed for
 * ADD, SUB, MUL, AND, OR and XOR whatever the instruction's width (an ALU32 result is then zero-extended), while
 * shifts compute only their own width, as in the verifier. Division and modulo are not tracked by Linux 6.18: the
 * result is fully unknown (checked on the live kernel).
 */
final class ScalarAlu {
    private ScalarAlu() {}

    static Scalar alu(Scalar dst, AluOp op, boolean alu64, Scalar src) {
        switch (op) {
            case MOV:
                return alu64 ? src : src.zeroExtend32();
            case MOVSX8:
                return alu64 ? signExtend64(src, 1) : signExtend32(src, 1);
            case MOVSX16:
                return alu64 ? signExtend64(src, 2) : signExtend32(src, 2);
            case MOVSX32:
                if (!alu64) throw new IllegalArgumentException("MOVSX32 exists only in ALU64");
                return signExtend64(src, 4);
            case NEG:
                return neg(dst, alu64);
            case END:
                throw new IllegalArgumentException("END takes a width and a direction: use Scalar.endian");
            case DIV:
            case SDIV:
            case MOD:
            case SMOD:
                return Scalar.unknown();
            default:
                break;
        }
        if (!rangeComputable(op, alu64, src)) return Scalar.unknown();
        Reg d = new Reg(dst);
        switch (op) {
            case ADD:
                add32(d, src);
                add64(d, src);
                d.t = d.t.add(src.varOff());
                break;
            case SUB:
                sub32(d, src);
                sub64(d, src);
                d.t = d.t.sub(src.varOff());
                break;
            case MUL:
                d.t = d.t.mul(src.varOff());
                mul32(d, src);
                mul64(d, src);
                break;
            case AND:
                d.t = d.t.and(src.varOff());
                and32(d, src);
                and64(d, src);
                break;
            case OR:
                d.t = d.t.or(src.varOff());
                or32(d, src);
                or64(d, src);
                break;
            case XOR:
                d.t = d.t.xor(src.varOff());
                xor32(d, src);
                xor64(d, src);
                break;
            case LSH:
                if (alu64) Shifts.lsh64(d, src); else Shifts.lsh32(d, src);
                break;
            case RSH:
                if (alu64) Shifts.rsh64(d, src); else Shifts.rsh32(d, src);
                break;
            case ARSH:
                if (alu64) Shifts.arsh64(d, src); else Shifts.arsh32(d, src);
                break;
            default:
                throw new AssertionError(op);
        }
        if (!alu64) d.zeroExtend32();
        d.sync();
        return d.freeze();
    }

    /** ADD of a constant in both widths, then the bounds sync (what linked registers receive). */
    static Scalar addForLink(Scalar dst, long delta, boolean zeroExtend) {
        Scalar k = Scalar.constant(delta);
        Reg d = new Reg(dst);
        add32(d, k);
        add64(d, k);
        d.t = d.t.add(k.varOff());
        if (zeroExtend) d.zeroExtend32();
        d.sync();
        return d.freeze();
    }

    /** The variable offset of a pointer plus or minus a scalar: 64-bit bounds and tnum only, then the sync. */
    static Scalar pointerOffset(Scalar ptr, Scalar off, boolean add) {
        Reg d = new Reg(ptr);
        d.unbounded32();
        if (add) {
            add64(d, off);
            d.t = ptr.varOff().add(off.varOff());
        } else {
            sub64(d, off);
            d.t = ptr.varOff().sub(off.varOff());
        }
        d.sync();
        return d.freeze();
    }

    /** Shifts are tracked only by a constant amount below the width; everything else that reaches here is. */
    private static boolean rangeComputable(AluOp op, boolean alu64, Scalar src) {
        if (op != AluOp.LSH && op != AluOp.RSH && op != AluOp.ARSH) return true;
        boolean constant = alu64
                ? src.isConst() && src.smin() == src.smax() && src.umin() == src.umax()
                : src.isConst32() && src.s32min() == src.s32max() && src.u32min() == src.u32max();
        // the kernel compares the 64-bit umax with the width even for ALU32
        return constant && Long.compareUnsigned(src.umax(), alu64 ? 64 : 32) < 0;
    }

    // ---------------------------------------------------------------------------------------------- add / sub

    private static void add32(Reg d, Scalar s) {
        int lo = d.s32min + s.s32min();
        int hi = d.s32max + s.s32max();
        if (addOverflows32(d.s32min, s.s32min(), lo) || addOverflows32(d.s32max, s.s32max(), hi)) {
            d.s32min = S32_MIN;
            d.s32max = S32_MAX;
        } else {
            d.s32min = lo;
            d.s32max = hi;
        }
        int ulo = d.u32min + s.u32min();
        int uhi = d.u32max + s.u32max();
        boolean loWraps = ult(ulo, d.u32min);
        boolean hiWraps = ult(uhi, d.u32max);
        // the whole interval moves together unless only its top end wraps past 2^32
        if (!loWraps && hiWraps) {
            d.u32min = 0;
            d.u32max = U32_MAX;
        } else {
            d.u32min = ulo;
            d.u32max = uhi;
        }
    }

    private static void add64(Reg d, Scalar s) {
        long lo = d.smin + s.smin();
        long hi = d.smax + s.smax();
        if (addOverflows(d.smin, s.smin(), lo) || addOverflows(d.smax, s.smax(), hi)) {
            d.smin = S64_MIN;
            d.smax = S64_MAX;
        } else {
            d.smin = lo;
            d.smax = hi;
        }
        long ulo = d.umin + s.umin();
        long uhi = d.umax + s.umax();
        boolean loWraps = ult(ulo, d.umin);
        boolean hiWraps = ult(uhi, d.umax);
        if (!loWraps && hiWraps) {
            d.umin = 0;
            d.umax = U64_MAX;
        } else {
            d.umin = ulo;
            d.umax = uhi;
        }
    }

    private static void sub32(Reg d, Scalar s) {
        int lo = d.s32min - s.s32max();
        int hi = d.s32max - s.s32min();
        if (subOverflows32(d.s32min, s.s32max(), lo) || subOverflows32(d.s32max, s.s32min(), hi)) {
            d.s32min = S32_MIN;
            d.s32max = S32_MAX;
        } else {
            d.s32min = lo;
            d.s32max = hi;
        }
        boolean loWraps = ult(d.u32min, s.u32max());
        boolean hiWraps = ult(d.u32max, s.u32min());
        // the interval moves together unless only its bottom end wraps below 0
        if (loWraps && !hiWraps) {
            d.u32min = 0;
            d.u32max = U32_MAX;
        } else {
            d.u32min = d.u32min - s.u32max();
            d.u32max = d.u32max - s.u32min();
        }
    }

    private static void sub64(Reg d, Scalar s) {
        long lo = d.smin - s.smax();
        long hi = d.smax - s.smin();
        if (subOverflows(d.smin, s.smax(), lo) || subOverflows(d.smax, s.smin(), hi)) {
            d.smin = S64_MIN;
            d.smax = S64_MAX;
        } else {
            d.smin = lo;
            d.smax = hi;
        }
        boolean loWraps = ult(d.umin, s.umax());
        boolean hiWraps = ult(d.umax, s.umin());
        if (loWraps && !hiWraps) {
            d.umin = 0;
            d.umax = U64_MAX;
        } else {
            d.umin = d.umin - s.umax();
            d.umax = d.umax - s.umin();
        }
    }

    static boolean addOverflows(long a, long b, long sum) {
        return ((a ^ sum) & (b ^ sum)) < 0;
    }

    static boolean subOverflows(long a, long b, long diff) {
        return ((a ^ b) & (a ^ diff)) < 0;
    }

    static boolean addOverflows32(int a, int b, int sum) {
        return ((a ^ sum) & (b ^ sum)) < 0;
    }

    static boolean subOverflows32(int a, int b, int diff) {
        return ((a ^ b) & (a ^ diff)) < 0;
    }

    // ---------------------------------------------------------------------------------------------- mul

    private static void mul32(Reg d, Scalar s) {
        long umaxProduct = Integer.toUnsignedLong(d.u32max) * Integer.toUnsignedLong(s.u32max());
        long uminProduct = Integer.toUnsignedLong(d.u32min) * Integer.toUnsignedLong(s.u32min());
        if ((umaxProduct >>> 32) != 0 || (uminProduct >>> 32) != 0) {
            d.u32min = 0;
            d.u32max = U32_MAX;
        } else {
            d.u32min = (int) uminProduct;
            d.u32max = (int) umaxProduct;
        }
        long[] corners = {
            (long) d.s32min * s.s32min(), (long) d.s32min * s.s32max(),
            (long) d.s32max * s.s32min(), (long) d.s32max * s.s32max()};
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        boolean overflow = false;
        for (long c : corners) {
            if (c != (int) c) overflow = true;
            lo = Math.min(lo, c);
            hi = Math.max(hi, c);
        }
        if (overflow) {
            d.s32min = S32_MIN;
            d.s32max = S32_MAX;
        } else {
            d.s32min = (int) lo;
            d.s32max = (int) hi;
        }
    }

    private static void mul64(Reg d, Scalar s) {
        if (unsignedMulOverflows(d.umax, s.umax()) || unsignedMulOverflows(d.umin, s.umin())) {
            d.umin = 0;
            d.umax = U64_MAX;
        } else {
            d.umin = d.umin * s.umin();
            d.umax = d.umax * s.umax();
        }
        long[] pairs = {d.smin, s.smin(), d.smin, s.smax(), d.smax, s.smin(), d.smax, s.smax()};
        long lo = Long.MAX_VALUE;
        long hi = Long.MIN_VALUE;
        for (int i = 0; i < pairs.length; i += 2) {
            long a = pairs[i];
            long b = pairs[i + 1];
            long hiBits = Math.multiplyHigh(a, b);
            long p = a * b;
            if (hiBits != (p >> 63)) {
                d.smin = S64_MIN;
                d.smax = S64_MAX;
                return;
            }
            lo = Math.min(lo, p);
            hi = Math.max(hi, p);
        }
        d.smin = lo;
        d.smax = hi;
    }

    private static boolean unsignedMulOverflows(long a, long b) {
        // the high 64 bits of the unsigned 128-bit product (Math.unsignedMultiplyHigh is Java 18+)
        long high = Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
        return high != 0;
    }

    // ---------------------------------------------------------------------------------------------- bitwise

    private static void and32(Reg d, Scalar s) {
        Tnum lo = d.t.subreg();
        if (s.isConst32() && lo.isConst()) {
            d.markKnown32(lo.value());
            return;
        }
        // the known ones stay set; the result can exceed neither operand
        d.u32min = (int) lo.value();
        d.u32max = uminOf(d.u32max, s.u32max());
        d.signedFromUnsigned32();
    }

    private static void and64(Reg d, Scalar s) {
        if (s.isConst() && d.t.isConst()) {
            d.markKnown(d.t.value());
            return;
        }
        d.umin = d.t.value();
        d.umax = uminOf(d.umax, s.umax());
        d.signedFromUnsigned64();
        BoundsSync.rangesFromTnum(d);
    }

    private static void or32(Reg d, Scalar s) {
        Tnum lo = d.t.subreg();
        if (s.isConst32() && lo.isConst()) {
            d.markKnown32(lo.value());
            return;
        }
        // at least either operand; at most every bit that may be set
        d.u32min = umaxOf(d.u32min, s.u32min());
        d.u32max = (int) (lo.value() | lo.mask());
        d.signedFromUnsigned32();
    }

    private static void or64(Reg d, Scalar s) {
        if (s.isConst() && d.t.isConst()) {
            d.markKnown(d.t.value());
            return;
        }
        d.umin = umaxOf(d.umin, s.umin());
        d.umax = d.t.value() | d.t.mask();
        d.signedFromUnsigned64();
        BoundsSync.rangesFromTnum(d);
    }

    private static void xor32(Reg d, Scalar s) {
        Tnum lo = d.t.subreg();
        if (s.isConst32() && lo.isConst()) {
            d.markKnown32(lo.value());
            return;
        }
        d.u32min = (int) lo.value();
        d.u32max = (int) (lo.value() | lo.mask());
        d.signedFromUnsigned32();
    }

    private static void xor64(Reg d, Scalar s) {
        if (s.isConst() && d.t.isConst()) {
            d.markKnown(d.t.value());
            return;
        }
        d.umin = d.t.value();
        d.umax = d.t.value() | d.t.mask();
        d.signedFromUnsigned64();
        BoundsSync.rangesFromTnum(d);
    }

    // ---------------------------------------------------------------------------------------------- neg, end

    /** {@code 0 - x} with SUB's bounds in both widths, and the negated tnum. */
    static Scalar neg(Scalar dst, boolean alu64) {
        Reg d = new Reg(Scalar.constant(0));
        sub32(d, dst);
        sub64(d, dst);
        d.t = dst.varOff().neg();
        if (!alu64) d.zeroExtend32();
        d.sync();
        return d.freeze();
    }

    static Scalar endian(Scalar dst, int bits, boolean swap) {
        if (bits != 16 && bits != 32 && bits != 64) {
            throw new IllegalArgumentException("byte swap width must be 16, 32 or 64, not " + bits);
        }
        // to little-endian on a little-endian machine only truncates, keeping what the bounds know
        if (!swap) return truncate(dst, bits / 8);
        // a real swap scatters the bytes: only the known bits survive, the bounds follow from them
        Reg d = new Reg(Scalar.unknown());
        d.t = dst.varOff().bswap(bits);
        d.sync();
        return d.freeze();
    }

    // ---------------------------------------------------------------------------------------------- widths

    static Scalar truncate(Scalar s, int bytes) {
        if (bytes >= 8) return s;
        Reg r = new Reg(s);
        r.t = r.t.cast(bytes);
        long keep = (1L << (bytes * 8)) - 1;
        if ((r.umin & ~keep) == (r.umax & ~keep)) {
            r.umin &= keep;
            r.umax &= keep;
        } else {
            r.umin = 0;
            r.umax = keep;
        }
        r.smin = r.umin;
        r.smax = r.umax;
        if (bytes < 4) r.unbounded32();
        r.sync();
        return r.freeze();
    }

    private static long signExtendBits(long v, int bytes) {
        int shift = 64 - bytes * 8;
        return (v << shift) >> shift;
    }

    static Scalar signExtend64(Scalar s, int bytes) {
        if (bytes >= 8) return s;
        if (s.isConst()) return Scalar.constant(signExtendBits(s.varOff().value(), bytes));
        int bits = bytes * 8;
        Reg r = new Reg(s);
        if ((r.smax >>> bits) == (r.smin >>> bits)) {
            long a = signExtendBits(r.smin, bytes);
            long b = signExtendBits(r.smax, bytes);
            long lo = Math.min(a, b);
            long hi = Math.max(a, b);
            if ((lo >= 0) == (hi >= 0)) {
                r.smin = lo;
                r.smax = hi;
                r.umin = lo;
                r.umax = hi;
                r.s32min = (int) lo;
                r.s32max = (int) hi;
                r.u32min = (int) lo;
                r.u32max = (int) hi;
                r.t = Tnum.range(lo, hi);
                return r.freeze();
            }
        }
        // only the sign-extension's own limits are known (no bounds sync follows in the kernel)
        long limit = 1L << (bits - 1);
        r.smin = -limit;
        r.smax = limit - 1;
        r.s32min = (int) Math.max(-limit, S32_MIN);
        r.s32max = (int) Math.min(limit - 1, S32_MAX);
        r.umin = 0;
        r.u32min = 0;
        r.umax = U64_MAX;
        r.u32max = U32_MAX;
        r.t = Tnum.UNKNOWN;
        return r.freeze();
    }

    /** ALU32 MOVSX8/16: sign-extend within the low 32 bits, then zero-extend the result. */
    static Scalar signExtend32(Scalar s, int bytes) {
        Reg r = new Reg(s);
        int shift = 32 - bytes * 8;
        if (s.isConst()) {
            int v = ((int) s.varOff().value() << shift) >> shift;
            r.t = Tnum.constant(v);
            r.s32min = r.s32max = r.u32min = r.u32max = v;
        } else {
            int bits = bytes * 8;
            boolean done = false;
            if ((r.s32max >>> bits) == (r.s32min >>> bits)) {
                int a = (r.s32min << shift) >> shift;
                int b = (r.s32max << shift) >> shift;
                int lo = Math.min(a, b);
                int hi = Math.max(a, b);
                if ((lo >= 0) == (hi >= 0)) {
                    r.s32min = lo;
                    r.s32max = hi;
                    r.u32min = lo;
                    r.u32max = hi;
                    r.t = Tnum.range(lo, hi).subreg();
                    done = true;
                }
            }
            if (!done) {
                int limit = 1 << (bits - 1);
                r.s32min = -limit;
                r.s32max = limit - 1;
                r.u32min = 0;
                r.u32max = U32_MAX;
                r.t = Tnum.UNKNOWN.subreg();
            }
        }
        r.zeroExtend32();
        r.sync();
        return r.freeze();
    }
}
