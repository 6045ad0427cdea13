package dev.ebpf4j.asm.text;

import dev.ebpf4j.asm.Insn;

/**
 * The ubpf / bpf_conformance mnemonic spelling: {@code add32 %r1, 5}, {@code ldxw %r0, [%r1+4]},
 * {@code jeq %r1, 5, +3}, {@code lddw %r1, 0x1122334455667788}, {@code lock fetch add32 [%r10-8], %r1},
 * {@code call local +3}, {@code be16 %r0}, {@code movsx832 %r1, %r2}; the legacy packet loads take rbpf's
 * {@code ldabsw 12} / {@code ldindw %r2, 12}. Immediates are signed decimal, which the conformance parser
 * accepts for every 32-bit value; the LD_IMM64 constant is hex, as the suite writes it.
 *
 * <p>The output reads back to the same bits: an instruction this syntax cannot express exactly (an opcode
 * without a mnemonic, a register field 11-15, a field the mnemonic does not carry that is not zero, an
 * LD_IMM64 pseudo source, {@code may_goto}, load-acquire) prints as {@code .raw 0x...}, the slot read
 * little-endian (both slots of an LD_IMM64), the bpf_conformance {@code -- raw} notation that
 * {@link TextAssembler} reads back.
 */
final class DisassemblerUbpf extends Disassembler {
    private static final String[] ALU_NAMES = {
        "add", "sub", "mul", "div", "or", "and", "lsh", "rsh", null, "mod", "xor", "mov", "arsh", null, null, null
    };
    private static final String[] JMP_NAMES = {
        null, "jeq", "jgt", "jge", "jset", "jne", "jsgt", "jsge", null, null, "jlt", "jle", "jslt", "jsle", null, null
    };
    private static final String[] SIZES = {"w", "h", "b", "dw"};

    DisassemblerUbpf(Imm64Printer imm64Printer, KfuncNamer kfuncNamer) {
        super(imm64Printer, kfuncNamer);
    }

    @Override
    public Syntax syntax() { return Syntax.UBPF; }

    @Override
    Disassembler copy(Imm64Printer printer, KfuncNamer namer) {
        return new DisassemblerUbpf(printer, namer);
    }

    @Override
    String body(int slotIndex, Insn insn, Insn next) {
        String s;
        switch (insn.opcode() & 0x07) {
            case 0x04: case 0x07: s = alu(insn); break;
            case 0x03: s = stx(insn); break;
            case 0x02: s = st(insn); break;
            case 0x01: s = ldx(insn); break;
            case 0x00: s = ld(slotIndex, insn, next); break;
            default: s = jmp(insn); break;
        }
        if (s != null) return s;
        return raw(".raw", " ", insn, insn.opcode() == 0x18 ? next : null);
    }

    private static boolean reg(int field) {
        return field <= 10;
    }

    private static String r(int field) {
        return "%r" + field;
    }

    /** {@code [%r1-8]}, {@code [%r1+0]}. */
    private static String mem(int base, int off) {
        return "[%r" + base + (off < 0 ? "" : "+") + off + "]";
    }

    private static String alu(Insn in) {
        int code = in.opcode();
        int op = code >> 4;
        boolean is64 = (code & 0x07) == 0x07;
        boolean x = (code & 0x08) != 0;
        String suffix = is64 ? "" : "32";
        int dst = in.dst();
        int src = in.src();
        int off = in.offset();
        int imm = in.imm();
        if (!reg(dst)) return null;
        if (op == 0xd) {
            if (src != 0 || off != 0 || (imm != 16 && imm != 32 && imm != 64)) return null;
            if (is64) return x ? null : "bswap" + imm + " " + r(dst);
            return (x ? "be" : "le") + imm + " " + r(dst);
        }
        if (op == 0x8) return !x && src == 0 && off == 0 && imm == 0 ? "neg" + suffix + " " + r(dst) : null;
        String name = ALU_NAMES[op];
        if (name == null) return null;
        if ((op == 0x3 || op == 0x9) && off == 1) {
            name = "s" + name;
        } else if (op == 0xb && x && (off == 8 || off == 16 || off == 32 && is64)) {
            name = "movsx" + off + (is64 ? "64" : "32");
            suffix = "";
        } else if (off != 0) {
            return null;
        }
        if (x) return imm == 0 && reg(src) ? name + suffix + " " + r(dst) + ", " + r(src) : null;
        return src == 0 ? name + suffix + " " + r(dst) + ", " + imm : null;
    }

    private static String stx(Insn in) {
        int code = in.opcode();
        int size = (code >> 3) & 3;
        int mode = code & 0xe0;
        if (!reg(in.dst()) || !reg(in.src())) return null;
        String m = mem(in.dst(), in.offset());
        if (mode == 0x60) return in.imm() == 0 ? "stx" + SIZES[size] + " " + m + ", " + r(in.src()) : null;
        if (mode != 0xc0 || size != 0 && size != 3) return null;
        String suffix = size == 3 ? "" : "32";
        String op;
        switch (in.imm()) {
            case 0x00: op = "add"; break;
            case 0x40: op = "or"; break;
            case 0x50: op = "and"; break;
            case 0xa0: op = "xor"; break;
            case 0x01: op = "fetch add"; break;
            case 0x41: op = "fetch or"; break;
            case 0x51: op = "fetch and"; break;
            case 0xa1: op = "fetch xor"; break;
            case 0xe1: op = "xchg"; break;
            case 0xf1: op = "cmpxchg"; break;
            default: return null;
        }
        return "lock " + op + suffix + " " + m + ", " + r(in.src());
    }

    private static String st(Insn in) {
        int code = in.opcode();
        if ((code & 0xe0) != 0x60 || in.src() != 0 || !reg(in.dst())) return null;
        return "st" + SIZES[(code >> 3) & 3] + " " + mem(in.dst(), in.offset()) + ", " + in.imm();
    }

    private static String ldx(Insn in) {
        int code = in.opcode();
        int mode = code & 0xe0;
        int size = (code >> 3) & 3;
        if (in.imm() != 0 || !reg(in.dst()) || !reg(in.src())) return null;
        String m = r(in.dst()) + ", " + mem(in.src(), in.offset());
        if (mode == 0x60) return "ldx" + SIZES[size] + " " + m;
        if (mode == 0x80 && size != 3) return "ldxs" + SIZES[size] + " " + m;
        return null;
    }

    private String ld(int slotIndex, Insn in, Insn next) {
        int code = in.opcode();
        int mode = code & 0xe0;
        int size = (code >> 3) & 3;
        if (mode == 0x20 && size != 3) {
            return in.dst() == 0 && in.src() == 0 && in.offset() == 0 ? "ldabs" + SIZES[size] + " " + in.imm() : null;
        }
        if (mode == 0x40 && size != 3) {
            return in.dst() == 0 && reg(in.src()) && in.offset() == 0
                    ? "ldind" + SIZES[size] + " " + r(in.src()) + ", " + in.imm() : null;
        }
        if (code != 0x18 || next == null || in.src() != 0 || in.offset() != 0 || !reg(in.dst())) return null;
        if ((next.toSlot() & 0xffffffffL) != 0) return null; // the second slot carries only the upper imm
        long value = imm64Of(in, next);
        return "lddw " + r(in.dst()) + ", " + imm64(slotIndex, in, value, "0x" + Long.toHexString(value));
    }

    private String jmp(Insn in) {
        int code = in.opcode();
        int op = code >> 4;
        boolean is32 = (code & 0x07) == 0x06;
        boolean x = (code & 0x08) != 0;
        int dst = in.dst();
        int src = in.src();
        int off = in.offset();
        int imm = in.imm();
        switch (code) {
            case 0x05: return dst == 0 && src == 0 && imm == 0 ? "ja " + signed(off) : null;
            case 0x06: return dst == 0 && src == 0 && off == 0 ? "ja32 " + signed(imm) : null;
            case 0x95: return dst == 0 && src == 0 && off == 0 && imm == 0 ? "exit" : null;
            case 0x8d: return reg(dst) && src == 0 && off == 0 && imm == 0 ? "call " + r(dst) : null;
            case 0x85:
                if (dst != 0 || off != 0) return null;
                if (src == 0) return "call " + imm;
                if (src == 1) return "call local " + signed(imm);
                if (src == 2) return "call runtime " + imm;
                return null;
            default: break;
        }
        String name = JMP_NAMES[op];
        if (name == null || !reg(dst)) return null;
        String head = name + (is32 ? "32" : "") + " " + r(dst) + ", ";
        if (x) return imm == 0 && reg(src) ? head + r(src) + ", " + signed(off) : null;
        return src == 0 ? head + imm + ", " + signed(off) : null;
    }
}
