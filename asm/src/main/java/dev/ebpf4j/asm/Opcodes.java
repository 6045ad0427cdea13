package dev.ebpf4j.asm;

/** Opcode bytes and bits that the codec and its users name often. */
public final class Opcodes {
    private Opcodes() {}

    /** The BPF_X bit: ALU/JMP operand from the source register. */
    public static final int SRC_X = 0x08;

    public static final int LD_IMM64 = 0x18;
    public static final int CALL = 0x85;
    public static final int CALLX = 0x8d;
    public static final int EXIT = 0x95;
    public static final int JA = 0x05;
    public static final int GOTOL = 0x06;
    public static final int GOTOX = 0x0d;
    public static final int MAY_GOTO = 0xe5;
}
