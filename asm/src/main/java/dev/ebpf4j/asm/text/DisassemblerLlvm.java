package dev.ebpf4j.asm.text;

import dev.ebpf4j.asm.Insn;

/**
 * The llvm-objdump / clang inline-asm pseudo-C spelling, as LLVM's BPF backend prints it: memory operands
 * {@code (r1 - 8)}, relative jumps {@code goto +3}, signed decimal immediates, {@code w} registers for ALU32,
 * JMP32 and 32-bit atomics, {@code r1 = 0x1122334455667788 ll} for LD_IMM64 (the hex form recent llvm-objdump
 * prints), {@code xchg_64} and {@code cmpxchg32_32}. Like llvm-objdump it does not show fields its instructions
 * leave unused (the imm of {@code skb[r2]}, for one).
 *
 * <p>Bits LLVM has no spelling for (unassigned opcodes, register fields 11-15, unknown atomic operations, the
 * kernel-internal forms) print as an assembler directive that reproduces them exactly:
 * {@code .8byte 0x00000000000000ff} (the slot read little-endian, so {@code llvm-mc -triple bpfel} emits the
 * same bytes).
 */
final class DisassemblerLlvm extends Disassembler {
    private static final String[] ALU_OPS = {
        "+=", "-=", "*=", "/=", "|=", "&=", "<<=", ">>=", null, "%=", "^=", "=", "s>>=", null, null, null
    };
    private static final String[] JMP_OPS = {
        null, "==", ">", ">=", "&", "!=", "s>", "s>=", null, null, "<", "<=", "s<", "s<=", null, null
    };
    private static final String[] U_TYPES = {"u32", "u16", "u8", "u64"};
    private static final String[] S_TYPES = {"s32", "s16", "s8", null};

    DisassemblerLlvm(Imm64Printer imm64Printer, KfuncNamer kfuncNamer) {
        super(imm64Printer, kfuncNamer);
    }

    @Override
    public Syntax syntax() { return Syntax.LLVM; }

    @Override
    Disassembler copy(Imm64Printer printer, KfuncNamer namer) {
        return new DisassemblerLlvm(printer, namer);
    }

    @Override
    String body(int slotIndex, Insn insn, Insn next) {
        if (insn.dst() > 10 && usesDstRegister(insn) || insn.src() > 10 && usesSrcRegister(insn)) return raw(".8byte", ", ", insn, null);
        String s;
        switch (insn.opcode() & 0x07) {
            case 0x04: case 0x07: s = alu(insn); break;
            case 0x03: s = stx(insn); break;
            case 0x02: s = st(insn); break;
            case 0x01: s = ldx(insn); break;
            case 0x00: return ld(slotIndex, insn, next);
            default: s = jmp(insn); break;
        }
        return s != null ? s : raw(".8byte", ", ", insn, null);
    }

    /** Whether the dst field names a register in this instruction. */
    private static boolean usesDstRegister(Insn in) {
        int code = in.opcode();
        int cls = code & 0x07;
        if (cls == 0x00) return code == 0x18;
        if (cls == 0x05 || cls == 0x06) return code != 0x05 && code != 0x06 && code != 0x85 && code != 0x95 && code != 0xe5;
        return true;
    }

    /** Whether the src field names a register in this instruction (elsewhere it may be a pseudo source). */
    private static boolean usesSrcRegister(Insn in) {
        int cls = in.opcode() & 0x07;
        if (cls == 0x00) return (in.opcode() & 0xe0) == 0x40;
        if (cls == 0x05 || cls == 0x06 || cls == 0x04 || cls == 0x07) return (in.opcode() & 0x08) != 0;
        return cls != 0x02;
    }

    private static String alu(Insn in) {
        int code = in.opcode();
        int op = code >> 4;
        boolean is64 = (code & 0x07) == 0x07;
        boolean x = (code & 0x08) != 0;
        char w = is64 ? 'r' : 'w';
        int dst = in.dst();
        int off = in.offset();
        if (op == 0xd) {
            if (is64) return x ? null : "r" + dst + " = bswap" + in.imm() + " r" + dst;
            return "r" + dst + " = " + (x ? "be" : "le") + in.imm() + " r" + dst;
        }
        if (op == 0x8) return x ? null : "" + w + dst + " = -" + w + dst;
        if (code == 0xbf && off == 1) {
            return "r" + dst + " = addr_space_cast(r" + in.src() + ", " + (in.imm() >>> 16) + ", " + (in.imm() & 0xffff) + ")";
        }
        if (code == 0xbf && off == -1) return null; // kernel-internal per-cpu move
        String operator = (op == 0x3 || op == 0x9) && off == 1 ? (op == 0x3 ? "s/=" : "s%=") : ALU_OPS[op];
        if (operator == null) return null;
        if (x) {
            String cast = "";
            if (op == 0xb && off == 8) cast = "(s8)";
            else if (op == 0xb && off == 16) cast = "(s16)";
            else if (op == 0xb && off == 32) cast = "(s32)";
            return "" + w + dst + " " + operator + " " + cast + w + in.src();
        }
        return "" + w + dst + " " + operator + " " + in.imm();
    }

    /** {@code (r1 - 8)}, {@code (r1 + 0)}. */
    static String mem(int base, int off) {
        return "(r" + base + (off < 0 ? " - " + -off : " + " + off) + ")";
    }

    /** {@code r1 - 8}, the address form of LLVM's xchg/cmpxchg names. */
    private static String addr(int base, int off) {
        return "r" + base + (off < 0 ? " - " + -off : " + " + off);
    }

    private static String stx(Insn in) {
        int code = in.opcode();
        int size = (code >> 3) & 3;
        String type = U_TYPES[size];
        int mode = code & 0xe0;
        int dst = in.dst();
        int src = in.src();
        int off = in.offset();
        if (mode == 0x60) return "*(" + type + " *)" + mem(dst, off) + " = r" + src;
        if (mode != 0xc0) return null;
        boolean dw = size == 3;
        boolean rmwSize = dw || size == 0;
        char w = dw ? 'r' : 'w';
        String m = mem(dst, off);
        switch (in.imm()) {
            case 0x00: return rmwSize ? "lock *(" + type + " *)" + m + " += " + w + src : null;
            case 0x40: return rmwSize ? "lock *(" + type + " *)" + m + " |= " + w + src : null;
            case 0x50: return rmwSize ? "lock *(" + type + " *)" + m + " &= " + w + src : null;
            case 0xa0: return rmwSize ? "lock *(" + type + " *)" + m + " ^= " + w + src : null;
            case 0x01: return rmwSize ? fetch(w, src, "add", type, m) : null;
            case 0x41: return rmwSize ? fetch(w, src, "or", type, m) : null;
            case 0x51: return rmwSize ? fetch(w, src, "and", type, m) : null;
            case 0xa1: return rmwSize ? fetch(w, src, "xor", type, m) : null;
            case 0xe1:
                if (!rmwSize) return null;
                return dw ? "r" + src + " = xchg_64(" + addr(dst, off) + ", r" + src + ")"
                        : "w" + src + " = xchg32_32(" + addr(dst, off) + ", w" + src + ")";
            case 0xf1:
                if (!rmwSize) return null;
                return dw ? "r0 = cmpxchg_64(" + addr(dst, off) + ", r0, r" + src + ")"
                        : "w0 = cmpxchg32_32(" + addr(dst, off) + ", w0, w" + src + ")";
            case 0x100: return w + "" + dst + " = load_acquire((" + type + " *)" + mem(src, off) + ")";
            case 0x110: return "store_release((" + type + " *)" + m + ", " + w + src + ")";
            default: return null;
        }
    }

    private static String fetch(char w, int src, String op, String type, String m) {
        return "" + w + src + " = atomic_fetch_" + op + "((" + type + " *)" + m + ", " + w + src + ")";
    }

    private static String st(Insn in) {
        int code = in.opcode();
        if ((code & 0xe0) != 0x60) return null;
        return "*(" + U_TYPES[(code >> 3) & 3] + " *)" + mem(in.dst(), in.offset()) + " = " + in.imm();
    }

    private static String ldx(Insn in) {
        int code = in.opcode();
        int mode = code & 0xe0;
        if (mode != 0x60 && mode != 0x80) return null;
        String type = (mode == 0x60 ? U_TYPES : S_TYPES)[(code >> 3) & 3];
        if (type == null) return null;
        return "r" + in.dst() + " = *(" + type + " *)" + mem(in.src(), in.offset());
    }

    private String ld(int slotIndex, Insn in, Insn next) {
        int code = in.opcode();
        int mode = code & 0xe0;
        int size = (code >> 3) & 3;
        if (mode == 0x20 && size != 3) return "r0 = *(" + U_TYPES[size] + " *)skb[" + in.imm() + "]";
        if (mode == 0x40 && size != 3) {
            return in.src() > 10 ? raw(".8byte", ", ", in, null) : "r0 = *(" + U_TYPES[size] + " *)skb[r" + in.src() + "]";
        }
        if (code != 0x18 || next == null) return raw(".8byte", ", ", in, null);
        long value = imm64Of(in, next);
        String named = imm64Printer.print(slotIndex, in, value);
        if (in.src() == 0) return "r" + in.dst() + " = " + (named != null ? named : "0x" + Long.toHexString(value)) + " ll";
        if (named != null) return "r" + in.dst() + " = " + named + " ll";
        return "ld_pseudo r" + in.dst() + ", " + in.src() + ", " + value;
    }

    private String jmp(Insn in) {
        int code = in.opcode();
        int op = code >> 4;
        boolean is32 = (code & 0x07) == 0x06;
        char w = is32 ? 'w' : 'r';
        switch (code) {
            case 0x05: return "goto " + signed(in.offset());
            case 0x06: return "gotol " + signed(in.imm());
            case 0x0d: return "gotox r" + in.dst();
            case 0x95: return "exit";
            case 0x8d: return "callx r" + in.dst();
            case 0x85: return call(in);
            case 0xe5: return in.src() == 0 ? "may_goto " + signed(in.offset()) : null;
            default: break;
        }
        String cmp = JMP_OPS[op];
        if (cmp == null) return null;
        String rhs = (code & 0x08) != 0 ? w + "" + in.src() : Integer.toString(in.imm());
        return "if " + w + in.dst() + " " + cmp + " " + rhs + " goto " + signed(in.offset());
    }

    private String call(Insn in) {
        switch (in.src()) {
            case 0: return "call " + in.imm();
            case 1: return "call " + signed(in.imm());
            case 2: {
                String n = kfuncNamer.name(in.imm(), in.offset());
                return n != null ? "call " + n : "call kernel-function#" + in.imm();
            }
            default: return null;
        }
    }
}
