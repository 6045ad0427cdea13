package dev.ebpf4j.asm.text;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.JmpOp;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.asm.Size;

import java.util.Map;

/** Operand shapes and operator tables the two parsers share. */
final class Operands {
    private Operands() {}

    /** A register as written: {@code r1} or its 32-bit view {@code w1}. */
    record Reg(Register reg, boolean w, Token at) {
        String name() { return (w ? "w" : "r") + reg.number(); }
    }

    /** A memory operand {@code (r1 +8)} or {@code [%r1+8]}. */
    record Mem(Register base, int off) {}

    /** A C type in a cast: its size and whether it is signed ({@code s8}). */
    record CType(Size size, boolean signed, Token at) {}

    static final Map<String, AluOp> ALU_OPERATORS = Map.ofEntries(
            Map.entry("+=", AluOp.ADD), Map.entry("-=", AluOp.SUB), Map.entry("*=", AluOp.MUL),
            Map.entry("/=", AluOp.DIV), Map.entry("s/=", AluOp.SDIV), Map.entry("|=", AluOp.OR),
            Map.entry("&=", AluOp.AND), Map.entry("<<=", AluOp.LSH), Map.entry(">>=", AluOp.RSH),
            Map.entry("s>>=", AluOp.ARSH), Map.entry("%=", AluOp.MOD), Map.entry("s%=", AluOp.SMOD),
            Map.entry("^=", AluOp.XOR));

    static final Map<String, JmpOp> JMP_OPERATORS = Map.ofEntries(
            Map.entry("==", JmpOp.JEQ), Map.entry("!=", JmpOp.JNE), Map.entry(">", JmpOp.JGT),
            Map.entry(">=", JmpOp.JGE), Map.entry("<", JmpOp.JLT), Map.entry("<=", JmpOp.JLE),
            Map.entry("&", JmpOp.JSET), Map.entry("s>", JmpOp.JSGT), Map.entry("s>=", JmpOp.JSGE),
            Map.entry("s<", JmpOp.JSLT), Map.entry("s<=", JmpOp.JSLE));

    /** ubpf mnemonic stems of ALU operations (a {@code 32} suffix selects the ALU class). */
    static final Map<String, AluOp> ALU_MNEMONICS = Map.ofEntries(
            Map.entry("add", AluOp.ADD), Map.entry("sub", AluOp.SUB), Map.entry("mul", AluOp.MUL),
            Map.entry("div", AluOp.DIV), Map.entry("sdiv", AluOp.SDIV), Map.entry("or", AluOp.OR),
            Map.entry("and", AluOp.AND), Map.entry("lsh", AluOp.LSH), Map.entry("rsh", AluOp.RSH),
            Map.entry("arsh", AluOp.ARSH), Map.entry("mod", AluOp.MOD), Map.entry("smod", AluOp.SMOD),
            Map.entry("xor", AluOp.XOR), Map.entry("mov", AluOp.MOV));

    /** ubpf mnemonic stems of conditional jumps (a {@code 32} suffix selects JMP32). */
    static final Map<String, JmpOp> JMP_MNEMONICS = Map.ofEntries(
            Map.entry("jeq", JmpOp.JEQ), Map.entry("jne", JmpOp.JNE), Map.entry("jgt", JmpOp.JGT),
            Map.entry("jge", JmpOp.JGE), Map.entry("jlt", JmpOp.JLT), Map.entry("jle", JmpOp.JLE),
            Map.entry("jset", JmpOp.JSET), Map.entry("jsgt", JmpOp.JSGT), Map.entry("jsge", JmpOp.JSGE),
            Map.entry("jslt", JmpOp.JSLT), Map.entry("jsle", JmpOp.JSLE));

    /** The size of a C type name {@code u8 ... u64, s8 ... s64}, or null. */
    static Size sizeOfType(String name) {
        if (name.length() < 2 || (name.charAt(0) != 'u' && name.charAt(0) != 's')) return null;
        switch (name.substring(1)) {
            case "8": return Size.B;
            case "16": return Size.H;
            case "32": return Size.W;
            case "64": return Size.DW;
            default: return null;
        }
    }

    /** The size of a ubpf size suffix {@code b h w dw}, or null. */
    static Size sizeOfSuffix(String suffix) {
        switch (suffix) {
            case "b": return Size.B;
            case "h": return Size.H;
            case "w": return Size.W;
            case "dw": return Size.DW;
            default: return null;
        }
    }
}
