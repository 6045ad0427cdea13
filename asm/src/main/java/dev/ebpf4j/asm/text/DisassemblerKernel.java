package dev.ebpf4j.asm.text;

import dev.ebpf4j.asm.Insn;
import dev.ebpf4j.asm.uapi.Helper;

/**
 * The Linux verifier-log spelling, character for character. Written from the observed output of the live
 * kernel and the documented format of {@code kernel/bpf/disasm.c}; where that format indexes a string table
 * with a value that names nothing, the kernel's {@code printf} shows {@code (null)}, and so does this class.
 *
 * <p>Forms the kernel prints without the {@code (%02x) } prefix ({@code BUG_ldx_21}) are recognised by
 * {@link #decorate} from their {@code BUG_} start, which no other body has.
 */
final class DisassemblerKernel extends Disassembler {
    private static final String NULL = "(null)";

    private static final String[] ALU_OPS = {
        "+=", "-=", "*=", "/=", "|=", "&=", "<<=", ">>=", "neg", "%=", "^=", "=", "s>>=", "endian", NULL, NULL
    };
    private static final String[] JMP_OPS = {
        "jmp", "==", ">", ">=", "&", "!=", "s>", "s>=", "call", "exit", "<", "<=", "s<", "s<=", NULL, NULL
    };
    private static final String[] CLASS_NAMES = {"ld", "ldx", "st", "stx", "alu", "jmp", "jmp32", "alu64"};
    /** Unsigned access types by size bits (W, H, B, DW). */
    private static final String[] U_TYPES = {"u32", "u16", "u8", "u64"};
    /** Signed access types of MEMSX loads; a 64-bit sign-extending load names nothing. */
    private static final String[] S_TYPES = {"s32", "s16", "s8", NULL};

    DisassemblerKernel(Imm64Printer imm64Printer, KfuncNamer kfuncNamer) {
        super(imm64Printer, kfuncNamer);
    }

    @Override
    public Syntax syntax() { return Syntax.KERNEL; }

    @Override
    Disassembler copy(Imm64Printer printer, KfuncNamer namer) {
        return new DisassemblerKernel(printer, namer);
    }

    @Override
    String decorate(int opcode, String text) {
        return text.startsWith("BUG_") ? text : "(" + hex2(opcode) + ") " + text;
    }

    @Override
    String listingLine(int slotIndex, String line) {
        return slotIndex + ": " + line;
    }

    @Override
    String body(int slotIndex, Insn insn, Insn next) {
        int code = insn.opcode();
        switch (code & 0x07) {
            case 0x04: case 0x07: return alu(insn);
            case 0x03: return stx(insn);
            case 0x02: return st(insn);
            case 0x01: return ldx(insn);
            case 0x00: return ld(slotIndex, insn, next);
            case 0x05: case 0x06: return jmp(insn);
            default: return CLASS_NAMES[code & 0x07]; // unreachable: the eight classes are all handled above
        }
    }

    private static String alu(Insn in) {
        int code = in.opcode();
        int op = code >> 4;
        boolean is64 = (code & 0x07) == 0x07;
        char w = is64 ? 'r' : 'w';
        int dst = in.dst();
        int src = in.src();
        int off = in.offset();
        if (op == 0xd) {
            if (is64) return "r" + dst + " = bswap" + in.imm() + " r" + dst;
            return "r" + dst + " = " + ((code & 0x08) != 0 ? "be" : "le") + in.imm() + " r" + dst;
        }
        if (op == 0x8) return "" + w + dst + " = -" + w + dst;
        if (code == 0xbf && off == 1) {
            return "r" + dst + " = addr_space_cast(r" + src + ", " + (in.imm() >>> 16) + ", " + (in.imm() & 0xffff) + ")";
        }
        if (code == 0xbf && off == -1) return "r" + dst + " = &(void __percpu *)(r" + src + ")";
        String operator = (op == 0x3 || op == 0x9) && off == 1 ? (op == 0x3 ? "s/=" : "s%=") : ALU_OPS[op];
        if ((code & 0x08) != 0) {
            String cast = "";
            if (op == 0xb && off == 8) cast = "(s8)";
            else if (op == 0xb && off == 16) cast = "(s16)";
            else if (op == 0xb && off == 32) cast = "(s32)";
            return "" + w + dst + " " + operator + " " + cast + w + src;
        }
        return "" + w + dst + " " + operator + " " + in.imm();
    }

    private static String mem(Insn in, int base) {
        return "(r" + base + " " + signed(in.offset()) + ")";
    }

    private static String stx(Insn in) {
        int code = in.opcode();
        String type = U_TYPES[(code >> 3) & 3];
        int mode = code & 0xe0;
        int dst = in.dst();
        int src = in.src();
        if (mode == 0x60) return "*(" + type + " *)" + mem(in, dst) + " = r" + src;
        if (mode != 0xc0) return "BUG_" + hex2(code);
        String width = (code & 0x18) == 0x18 ? "64" : "";
        switch (in.imm()) {
            case 0x00: return "lock *(" + type + " *)" + mem(in, dst) + " += r" + src;
            case 0x40: return "lock *(" + type + " *)" + mem(in, dst) + " |= r" + src;
            case 0x50: return "lock *(" + type + " *)" + mem(in, dst) + " &= r" + src;
            case 0xa0: return "lock *(" + type + " *)" + mem(in, dst) + " ^= r" + src;
            case 0x01: return fetch(in, width, "add", type);
            case 0x41: return fetch(in, width, "or", type);
            case 0x51: return fetch(in, width, "and", type);
            case 0xa1: return fetch(in, width, "xor", type);
            case 0xf1: return "r0 = atomic" + width + "_cmpxchg((" + type + " *)" + mem(in, dst) + ", r0, r" + src + ")";
            case 0xe1: return "r" + src + " = atomic" + width + "_xchg((" + type + " *)" + mem(in, dst) + ", r" + src + ")";
            case 0x100: return "r" + dst + " = load_acquire((" + type + " *)" + mem(in, src) + ")";
            case 0x110: return "store_release((" + type + " *)" + mem(in, dst) + ", r" + src + ")";
            default: return "BUG_" + hex2(code);
        }
    }

    private static String fetch(Insn in, String width, String op, String type) {
        return "r" + in.src() + " = atomic" + width + "_fetch_" + op + "((" + type + " *)" + mem(in, in.dst()) + ", r"
                + in.src() + ")";
    }

    private static String st(Insn in) {
        int code = in.opcode();
        int mode = code & 0xe0;
        if (mode == 0x60) return "*(" + U_TYPES[(code >> 3) & 3] + " *)" + mem(in, in.dst()) + " = " + in.imm();
        if (mode == 0xc0) return "nospec"; // the kernel-internal speculation barrier
        return "BUG_st_" + hex2(code);
    }

    private static String ldx(Insn in) {
        int code = in.opcode();
        int mode = code & 0xe0;
        if (mode != 0x60 && mode != 0x80) return "BUG_ldx_" + hex2(code);
        String type = (mode == 0x60 ? U_TYPES : S_TYPES)[(code >> 3) & 3];
        return "r" + in.dst() + " = *(" + type + " *)" + mem(in, in.src());
    }

    private String ld(int slotIndex, Insn in, Insn next) {
        int code = in.opcode();
        int mode = code & 0xe0;
        String type = U_TYPES[(code >> 3) & 3];
        if (mode == 0x20) return "r0 = *(" + type + " *)skb[" + in.imm() + "]";
        if (mode == 0x40) return "r0 = *(" + type + " *)skb[r" + in.src() + " + " + in.imm() + "]";
        if (mode == 0x00 && (code & 0x18) == 0x18) {
            // The kernel never prints a truncated LD_IMM64 (it rejects the program first); the BUG form says
            // that the bits do not make an instruction without inventing the missing half.
            if (next == null) return "BUG_ld_" + hex2(code);
            long value = imm64Of(in, next);
            return "r" + in.dst() + " = " + imm64(slotIndex, in, value, "0x" + Long.toHexString(value));
        }
        return "BUG_ld_" + hex2(code);
    }

    private String jmp(Insn in) {
        int code = in.opcode();
        int op = code >> 4;
        boolean is32 = (code & 0x07) == 0x06;
        char w = is32 ? 'w' : 'r';
        if (op == 0x8) return call(in);
        if (code == 0x05) return "goto pc" + signed(in.offset());
        if (code == 0xe5 && in.src() == 0) return "may_goto pc" + signed(in.offset());
        if (code == 0x06) return "gotol pc" + signed(in.imm());
        if (code == 0x0d) return "gotox r" + in.dst();
        if (code == 0x95) return "exit";
        String cond = "if " + w + in.dst() + " " + JMP_OPS[op] + " ";
        if ((code & 0x08) != 0) return cond + w + in.src() + " goto pc" + signed(in.offset());
        return cond + "0x" + Integer.toHexString(in.imm()) + " goto pc" + signed(in.offset());
    }

    private String call(Insn in) {
        int src = in.src();
        int imm = in.imm();
        if (src == 1) return "call pc" + signed(imm);
        String name = "unknown";
        if (src == 0) {
            name = Helper.byId(imm).map(Helper::kernelName).orElse("unknown");
        } else if (src == 2) {
            String n = kfuncNamer.name(imm, in.offset());
            name = n != null ? n : "kernel-function";
        }
        return "call " + name + "#" + imm;
    }
}
