package dev.ebpf4j.asm;

/** The instruction class: the low three bits of the opcode (RFC 9669 section 3.1). */
public enum InsnClass {
    LD(0x00), LDX(0x01), ST(0x02), STX(0x03), ALU(0x04), JMP(0x05), JMP32(0x06), ALU64(0x07);

    private static final InsnClass[] BY_CODE = values();
    private final int code;

    InsnClass(int code) {
        this.code = code;
    }

    public int code() { return code; }

    /** The class of an opcode byte; every value of the three bits names one. */
    public static InsnClass of(int opcode) {
        return BY_CODE[opcode & 0x07];
    }

    /** ALU and ALU64 share one opcode layout, JMP and JMP32 another, LD/LDX/ST/STX a third. */
    public boolean isAlu() { return this == ALU || this == ALU64; }

    public boolean isJump() { return this == JMP || this == JMP32; }

    public boolean isLoadStore() { return code <= 0x03; }
}
