package dev.ebpf4j.verifier.walk;

import dev.ebpf4j.verifier.domain.Scalar;

import dev.ebpf4j.asm.Slots;
import dev.ebpf4j.verifier.Messages;
import dev.ebpf4j.verifier.Reject;

/**
 * ALU and ALU64: reserved fields, operand checks, scalar arithmetic through the scalar domain, and the
 * privileged rules for pointer arithmetic (which pointer types may move, by what, and where they may end up).
 */
final class AluRules {
    private static final long MAX_VAR_OFF = 1L << 29;
    private static final String[] OP_STR = {"+=", "-=", "*=", "/=", "|=", "&=", "<<=", ">>=", "neg", "%=", "^=", "=",
        "s>>=", "endian"};

    private AluRules() {}

    static void check(Walker w, long s) {
        int code = Slots.opcode(s);
        int op = code & 0xf0;
        boolean is64 = (code & 7) == 7;
        boolean x = (code & 0x08) != 0;
        int dst = Slots.dst(s);
        int src = Slots.src(s);
        int off = Slots.offset(s);
        int imm = Slots.imm(s);

        if (op == 0x80 || op == 0xd0) {
            if (op == 0x80) {
                if (x || src != 0 || off != 0 || imm != 0) throw Reject.inval(Messages.NEG_RESERVED);
            } else if (src != 0 || off != 0 || (imm != 16 && imm != 32 && imm != 64) || (is64 && x)) {
                throw Reject.inval(Messages.END_RESERVED);
            }
            Reg d = w.srcReg(dst);
            w.dstReg(dst);
            if (d.isPointer()) {
                d.setUnknown();
                return;
            }
            Scalar r = Num.alu(op, is64, off, imm, x, d.val, d.val);
            d.setScalar(r);
            return;
        }
        if (op == 0xb0) {
            mov(w, s, is64, x, dst, src, off, imm);
            return;
        }
        if (op > 0xd0) throw Reject.inval(Messages.notModelled(String.format("ALU opcode %02x", code)));
        if (x) {
            if (imm != 0 || (off != 0 && off != 1) || (off == 1 && op != 0x90 && op != 0x30)) {
                throw Reject.inval(Messages.ALU_RESERVED);
            }
            w.srcReg(src);
        } else if (src != 0 || (off != 0 && off != 1) || (off == 1 && op != 0x90 && op != 0x30)) {
            throw Reject.inval(Messages.ALU_RESERVED);
        }
        Reg d = w.srcReg(dst);
        if ((op == 0x90 || op == 0x30) && !x && imm == 0) throw Reject.inval(Messages.DIV_BY_ZERO);
        if ((op == 0x60 || op == 0x70 || op == 0xc0) && !x) {
            int size = is64 ? 64 : 32;
            if (imm < 0 || imm >= size) throw Reject.inval(String.format(Messages.INVALID_SHIFT, imm));
        }
        w.dstReg(dst);
        Reg srcR;
        if (x) {
            srcR = w.st.reg(src);
        } else {
            srcR = new Reg();
            srcR.setScalar(Num.known(imm));
        }
        if (x && srcR.isPointer()) {
            if (d.isPointer()) {
                if (op == 0x10) {
                    d.setUnknown();
                    return;
                }
                throw Reject.acces(String.format(Messages.PTR_OP_PTR, dst, OP_STR[op >> 4]));
            }
            Precision.mark(w, dst); // the scalar moves a pointer: its value matters
            pointerMath(w, op, is64, dst, srcR, d, d, true);
            return;
        }
        if (d.isPointer()) {
            if (x) Precision.mark(w, src);
            pointerMath(w, op, is64, dst, d, srcR, d, false);
            return;
        }
        int linkId = d.id;
        long umaxBefore = Num.umax(d.val);
        Scalar r = Num.alu(op, is64, off, imm, false, d.val, srcR.val);
        d.setScalar(r);
        if ((op == 0x00 || op == 0x10) && !(x && src == dst)) {
            LinkedScalars.afterAdd(d, linkId, srcR, is64, op == 0x10, umaxBefore);
        }
    }

    private static boolean hasArena(Walker w) {
        for (dev.ebpf4j.asm.MapBinding b : w.opts.maps()) {
            if (b.map().type() == dev.ebpf4j.asm.uapi.MapType.ARENA) return true;
        }
        return false;
    }

    private static void mov(Walker w, long s, boolean is64, boolean x, int dst, int src, int off, int imm) {
        if (x) {
            if (!is64) {
                if ((off != 0 && off != 8 && off != 16) || imm != 0) throw Reject.inval(Messages.MOV_RESERVED);
            } else if (off == 1) {
                // addr_space_cast: only between arena (1) and kernel (0) addresses, and only with an arena map,
                // which the simulator does not model (no program it accepts has one)
                if (imm != 1 && imm != 1 << 16) throw Reject.inval(Messages.ADDR_SPACE_CAST_AS);
                if (!hasArena(w)) throw Reject.inval(Messages.ADDR_SPACE_CAST_ARENA);
                throw Reject.inval(Messages.notModelled("addr_space_cast"));
            } else if ((off != 0 && off != 8 && off != 16 && off != 32) || imm != 0) {
                throw Reject.inval(Messages.MOV_RESERVED);
            }
            w.srcReg(src);
        } else if (src != 0 || off != 0) {
            throw Reject.inval(Messages.MOV_RESERVED);
        }
        Reg d = w.dstReg(dst);
        if (!x) {
            d.setScalar(is64 ? Num.known(imm) : Num.known(imm & 0xffffffffL));
            return;
        }
        Reg sr = w.st.reg(src);
        if (!sr.isScalar()) {
            if (is64 && off == 0) d.set(sr);
            else if (is64) d.setUnknown();
            else d.setScalar(Num.truncate(Num.unknown(), 4));
            return;
        }
        // The copy stays linked to its source when it holds the same value: a plain 64-bit move, a 32-bit move
        // of a value without upper half, a sign extension of a value whose sign bit is clear.
        boolean keepsValue = off == 0 ? (is64 || Num.bitWidth(sr.val) <= 32)
                : Long.compareUnsigned(Num.umax(sr.val), 1L << (off - 1)) < 0;
        if (keepsValue) LinkedScalars.beforeCopy(w, sr);
        if (is64 && off == 0) {
            d.set(sr);
            return;
        }
        Scalar v = Num.alu(0xb0, is64, off, 0, false, sr.val, sr.val);
        d.setScalar(v);
        if (keepsValue) {
            d.id = sr.id;
            d.off = sr.off;
        }
    }

    /**
     * pointer (op) scalar, or scalar += pointer ({@code dstIsScalar}). The result lands in {@code out}.
     */
    private static void pointerMath(Walker w, int op, boolean is64, int dst, Reg ptr, Reg offReg, Reg out,
                                    boolean scalarPlusPtr) {
        if (!is64) {
            if (op == 0x10) {
                out.setUnknown();
                return;
            }
            throw Reject.acces(String.format(Messages.PTR_32BIT, dst));
        }
        String tname = BtfPtr.typeName(ptr);
        if (ptr.maybeNull) throw Reject.acces(String.format(Messages.PTR_ARITH_ON_NULL, dst, tname));
        boolean known = Num.isConst(offReg.val);
        long smin = Num.smin(offReg.val);
        switch (ptr.type) {
            case CTX: case MAP_VALUE: case MAP_KEY: case STACK: case PKT_META: case PKT: case BTF_ID: case MEM: case RINGBUF_MEM:
            case TP_BUFFER:
            case BUF: case FUNC:
                break;
            case FLOW_KEYS:
                if (known) break;
                throw Reject.acces(String.format(Messages.PTR_ARITH_ON, dst, tname));
            case MAP_PTR:
                if (known && smin == 0 && op == 0x00) break;
                throw Reject.acces(String.format(Messages.PTR_ARITH_ON, dst, tname));
            default:
                throw Reject.acces(String.format(Messages.PTR_ARITH_ON, dst, tname));
        }
        saneOffset(offReg, true, tname);
        saneOffset(ptr, false, tname);
        Reg result = ptr.copy();
        switch (op) {
            case 0x00: {
                long sum = (long) ptr.off + smin;
                if (known && sum == (int) sum) {
                    result.off = (int) sum;
                    break;
                }
                result.val = Num.alu(0x00, true, 0, 0, false, ptr.val, offReg.val);
                if (ptr.type.isPacket()) {
                    result.id = w.newId();
                    result.range = 0;
                }
                break;
            }
            case 0x10: {
                if (scalarPlusPtr) throw Reject.acces(String.format(Messages.SUB_PTR_FROM_SCALAR, dst));
                if (ptr.type == RegType.STACK) throw Reject.acces(String.format(Messages.SUB_FROM_STACK, dst));
                long diff = (long) ptr.off - smin;
                if (known && diff == (int) diff) {
                    result.off = (int) diff;
                    break;
                }
                result.val = Num.alu(0x10, true, 0, 0, false, ptr.val, offReg.val);
                if (ptr.type.isPacket()) {
                    result.id = w.newId();
                    if (smin < 0) result.range = 0;
                }
                break;
            }
            case 0x40: case 0x50: case 0xa0:
                throw Reject.acces(String.format(Messages.PTR_BITWISE, dst, OP_STR[op >> 4]));
            default:
                throw Reject.acces(String.format(Messages.PTR_ARITH_OPERATOR, dst, OP_STR[op >> 4]));
        }
        saneOffset(result, false, tname);
        out.set(result);
    }

    /** The kernel's limits on pointer offsets (2^29 either way) and on unbounded scalars added to pointers. */
    private static void saneOffset(Reg r, boolean isScalar, String tname) {
        boolean known = Num.isConst(r.val);
        long val = Num.tnumValue(r.val);
        long smin = Num.smin(r.val);
        if (known && (val >= MAX_VAR_OFF || val <= -MAX_VAR_OFF)) {
            throw Reject.inval(String.format(Messages.MATH_BETWEEN, tname, val));
        }
        if (!isScalar && (r.off >= MAX_VAR_OFF || r.off <= -MAX_VAR_OFF)) {
            throw Reject.inval(String.format(Messages.PTR_OFFSET, tname, r.off));
        }
        // a pointer whose variable part may lie too far below its base is named by that part (live 6.18:
        // "map_value pointer offset -1073741823 is not allowed" after r0 -= r1, r1 in [0, 0x3fffffff])
        if (!isScalar && (smin >= MAX_VAR_OFF || smin <= -MAX_VAR_OFF)) {
            throw Reject.inval(String.format(Messages.PTR_OFFSET, tname, smin));
        }
        if (smin == Long.MIN_VALUE) throw Reject.inval(String.format(Messages.MATH_UNBOUNDED_MIN, tname));
        if (smin >= MAX_VAR_OFF || smin <= -MAX_VAR_OFF) {
            throw Reject.inval(String.format(Messages.VALUE_MAKES_OOB, smin, tname));
        }
    }
}
