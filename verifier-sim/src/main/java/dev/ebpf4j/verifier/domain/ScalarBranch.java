package dev.ebpf4j.verifier.domain;

import dev.ebpf4j.asm.JmpOp;

import static dev.ebpf4j.verifier.domain.Reg.umaxOf;
import static dev.ebpf4j.verifier.domain.Reg.uminOf;

/**
 * Conditional jumps between two scalars: deciding them from the bounds, and narrowing both operands on each
 * outcome. The refinement works on one kind of bound per condition (the unsigned ones for JLT, the known bits for
 * JSET, ...) and the bounds sync spreads it to the others.
 */
final class ScalarBranch {
    private ScalarBranch() {}

    private static void requireCondition(JmpOp op) {
        if (op == null || !op.isConditional()) throw new IllegalArgumentException("not a conditional jump: " + op);
    }

    /** A comparison seen from one width: the bounds and known bits used to decide it. */
    private record View(Tnum t, long umin, long umax, long smin, long smax) {
        static View of(Scalar s, boolean w32) {
            if (w32) {
                return new View(s.varOff().subreg(), Integer.toUnsignedLong(s.u32min()),
                        Integer.toUnsignedLong(s.u32max()), s.s32min(), s.s32max());
            }
            return new View(s.varOff(), s.umin(), s.umax(), s.smin(), s.smax());
        }
    }

    private static boolean ugt(long a, long b) {
        return Long.compareUnsigned(a, b) > 0;
    }

    private static boolean uge(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0;
    }

    private static Decision of(boolean b) {
        return b ? Decision.TRUE : Decision.FALSE;
    }

    static Decision taken(Scalar a, JmpOp op, boolean w32, Scalar b) {
        requireCondition(op);
        View x = View.of(a, w32);
        View y = View.of(b, w32);
        switch (op) {
            case JEQ:
            case JNE: {
                boolean eq = op == JmpOp.JEQ;
                if (x.t.isConst() && y.t.isConst()) return of((x.t.value() == y.t.value()) == eq);
                if (cannotBeEqual(a, b, x, y, w32)) return of(!eq);
                return Decision.UNKNOWN;
            }
            case JSET: {
                Tnum bits = x.t;
                Tnum test = y.t;
                if (!test.isConst()) {
                    bits = y.t;
                    test = x.t;
                }
                if (!test.isConst()) return Decision.UNKNOWN;
                if ((bits.value() & test.value()) != 0) return Decision.TRUE;
                if (((bits.value() | bits.mask()) & test.value()) == 0) return Decision.FALSE;
                return Decision.UNKNOWN;
            }
            case JGT:
                return ugt(x.umin, y.umax) ? Decision.TRUE : !ugt(x.umax, y.umin) ? Decision.FALSE : Decision.UNKNOWN;
            case JGE:
                return uge(x.umin, y.umax) ? Decision.TRUE : !uge(x.umax, y.umin) ? Decision.FALSE : Decision.UNKNOWN;
            case JLT:
                return taken(b, JmpOp.JGT, w32, a);
            case JLE:
                return taken(b, JmpOp.JGE, w32, a);
            case JSGT:
                return x.smin > y.smax ? Decision.TRUE : x.smax <= y.smin ? Decision.FALSE : Decision.UNKNOWN;
            case JSGE:
                return x.smin >= y.smax ? Decision.TRUE : x.smax < y.smin ? Decision.FALSE : Decision.UNKNOWN;
            case JSLT:
                return taken(b, JmpOp.JSGT, w32, a);
            case JSLE:
                return taken(b, JmpOp.JSGE, w32, a);
            default:
                throw new AssertionError(op);
        }
    }

    /** Disjoint known bits, or disjoint ranges in any view the comparison can see. */
    private static boolean cannotBeEqual(Scalar a, Scalar b, View x, View y, boolean w32) {
        if (!x.t.overlaps(y.t)) return true;
        if (ugt(x.umin, y.umax) || ugt(y.umin, x.umax)) return true;
        if (x.smin > y.smax || y.smin > x.smax) return true;
        if (!w32) {
            if (Integer.compareUnsigned(a.u32min(), b.u32max()) > 0
                    || Integer.compareUnsigned(b.u32min(), a.u32max()) > 0) return true;
            if (a.s32min() > b.s32max() || b.s32min() > a.s32max()) return true;
        }
        return false;
    }

    /** The condition that holds on the fall-through; JSET's opposite ("no tested bit set") has no opcode. */
    private enum Cond { EQ, NE, SET, NOT_SET, LE, LT, SLE, SLT }

    static ScalarPair refine(JmpOp op, boolean w32, Scalar dst, Scalar src, boolean taken) {
        requireCondition(op);
        JmpOp effective = taken ? op : op.negate();
        Reg a = new Reg(dst);
        Reg b = new Reg(src);
        Cond cond;
        // greater-than forms become less-than forms with the operands exchanged
        switch (effective == null ? JmpOp.JSET : effective) {
            case JEQ: cond = Cond.EQ; break;
            case JNE: cond = Cond.NE; break;
            case JSET: cond = taken ? Cond.SET : Cond.NOT_SET; break;
            case JLE: cond = Cond.LE; break;
            case JLT: cond = Cond.LT; break;
            case JSLE: cond = Cond.SLE; break;
            case JSLT: cond = Cond.SLT; break;
            case JGE: { Reg t = a; a = b; b = t; cond = Cond.LE; break; }
            case JGT: { Reg t = a; a = b; b = t; cond = Cond.LT; break; }
            case JSGE: { Reg t = a; a = b; b = t; cond = Cond.SLE; break; }
            case JSGT: { Reg t = a; a = b; b = t; cond = Cond.SLT; break; }
            default: throw new AssertionError(effective);
        }
        apply(cond, a, b, w32);
        a.sync();
        b.sync();
        // a and b may have been exchanged: hand back in the caller's order
        Reg first = isSwapped(effective) ? b : a;
        Reg second = isSwapped(effective) ? a : b;
        Scalar d = first.freeze();
        Scalar s = second.freeze();
        String dv = d.violation();
        String sv = s.violation();
        return new ScalarPair(dv == null ? d : d.withUnboundedRanges(), sv == null ? s : s.withUnboundedRanges(), dv, sv);
    }

    /**
     * {@code rX op rX}: the kernel refines the one register as both operands, one assignment after the other, and
     * syncs it twice (once as each operand); a violation is reported once, for the first operand.
     */
    static ScalarPair refineSame(JmpOp op, boolean w32, Scalar reg, boolean taken) {
        requireCondition(op);
        JmpOp effective = taken ? op : op.negate();
        Reg r = new Reg(reg);
        Cond cond;
        switch (effective == null ? JmpOp.JSET : effective) {
            case JEQ: cond = Cond.EQ; break;
            case JNE: cond = Cond.NE; break;
            case JSET: cond = taken ? Cond.SET : Cond.NOT_SET; break;
            case JLE: case JGE: cond = Cond.LE; break;
            case JLT: case JGT: cond = Cond.LT; break;
            case JSLE: case JSGE: cond = Cond.SLE; break;
            case JSLT: case JSGT: cond = Cond.SLT; break;
            default: throw new AssertionError(effective);
        }
        apply(cond, r, r, w32);
        r.sync();
        r.sync();
        Scalar out = r.freeze();
        String v = out.violation();
        if (v != null) out = out.withUnboundedRanges();
        return new ScalarPair(out, out, v, null);
    }

    private static boolean isSwapped(JmpOp effective) {
        return effective == JmpOp.JGE || effective == JmpOp.JGT || effective == JmpOp.JSGE || effective == JmpOp.JSGT;
    }

    private static boolean isConst(Reg r, boolean w32) {
        return w32 ? r.t.subreg().isConst() : r.t.isConst();
    }

    private static long constOf(Reg r, boolean w32) {
        return w32 ? r.t.subreg().value() : r.t.value();
    }

    private static void apply(Cond cond, Reg a, Reg b, boolean w32) {
        switch (cond) {
            case EQ:
                if (w32) {
                    a.u32min = umaxOf(a.u32min, b.u32min);
                    a.u32max = uminOf(a.u32max, b.u32max);
                    a.s32min = Math.max(a.s32min, b.s32min);
                    a.s32max = Math.min(a.s32max, b.s32max);
                    b.u32min = a.u32min;
                    b.u32max = a.u32max;
                    b.s32min = a.s32min;
                    b.s32max = a.s32max;
                    Tnum low = a.t.subreg().intersect(b.t.subreg());
                    a.t = a.t.withSubreg(low);
                    b.t = b.t.withSubreg(low);
                } else {
                    a.umin = umaxOf(a.umin, b.umin);
                    a.umax = uminOf(a.umax, b.umax);
                    a.smin = Math.max(a.smin, b.smin);
                    a.smax = Math.min(a.smax, b.smax);
                    b.umin = a.umin;
                    b.umax = a.umax;
                    b.smin = a.smin;
                    b.smax = a.smax;
                    a.t = a.t.intersect(b.t);
                    b.t = a.t;
                }
                return;
            case NE: {
                // only a constant operand teaches anything: the other one loses that value at a range end
                Reg v = a;
                Reg k = b;
                if (!isConst(k, w32)) {
                    v = b;
                    k = a;
                }
                if (!isConst(k, w32)) return;
                long c = constOf(k, w32);
                if (w32) {
                    int c32 = (int) c;
                    if (v.u32min == c32) v.u32min++;
                    if (v.u32max == c32) v.u32max--;
                    if (v.s32min == c32) v.s32min++;
                    if (v.s32max == c32) v.s32max--;
                } else {
                    if (v.umin == c) v.umin++;
                    if (v.umax == c) v.umax--;
                    if (v.smin == c) v.smin++;
                    if (v.smax == c) v.smax--;
                }
                return;
            }
            case SET:
            case NOT_SET: {
                Reg v = a;
                Reg k = b;
                if (!isConst(k, w32)) {
                    v = b;
                    k = a;
                }
                if (!isConst(k, w32)) return;
                long c = constOf(k, w32);
                if (cond == Cond.SET) {
                    // a single tested bit must be set; with several, any one could be
                    if (c == 0 || (c & (c - 1)) != 0) return;
                    Tnum set = (w32 ? v.t.subreg() : v.t).or(Tnum.constant(c));
                    v.t = w32 ? v.t.withSubreg(set) : set;
                } else {
                    // no tested bit is set: clear them all, and let the bounds come from the bits again
                    v.unbounded64();
                    v.unbounded32();
                    Tnum cleared = (w32 ? v.t.subreg() : v.t).and(Tnum.constant(~c));
                    v.t = w32 ? v.t.withSubreg(cleared) : cleared;
                }
                return;
            }
            case LE:
            case LT: {
                long step = cond == Cond.LT ? 1 : 0;
                if (w32) {
                    a.u32max = uminOf(a.u32max, b.u32max - (int) step);
                    b.u32min = umaxOf(a.u32min + (int) step, b.u32min);
                } else {
                    a.umax = uminOf(a.umax, b.umax - step);
                    b.umin = umaxOf(a.umin + step, b.umin);
                }
                return;
            }
            case SLE:
            case SLT: {
                long step = cond == Cond.SLT ? 1 : 0;
                if (w32) {
                    a.s32max = Math.min(a.s32max, b.s32max - (int) step);
                    b.s32min = Math.max(a.s32min + (int) step, b.s32min);
                } else {
                    a.smax = Math.min(a.smax, b.smax - step);
                    b.smin = Math.max(a.smin + step, b.smin);
                }
                return;
            }
            default:
                throw new AssertionError(cond);
        }
    }
}
