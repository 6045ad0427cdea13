package dev.ebpf4j.asm;

/**
 * ALU operations (classes ALU and ALU64). Signed division and modulo and the sign-extending moves share an
 * opcode with their plain forms and differ in the offset field, so each is its own constant here and the
 * offset never has to be set by hand.
 */
public enum AluOp {
    ADD(0x00, 0, "+="),
    SUB(0x10, 0, "-="),
    MUL(0x20, 0, "*="),
    DIV(0x30, 0, "/="),
    SDIV(0x30, 1, "s/="),
    OR(0x40, 0, "|="),
    AND(0x50, 0, "&="),
    LSH(0x60, 0, "<<="),
    RSH(0x70, 0, ">>="),
    NEG(0x80, 0, "neg"),
    MOD(0x90, 0, "%="),
    SMOD(0x90, 1, "s%="),
    XOR(0xa0, 0, "^="),
    MOV(0xb0, 0, "="),
    MOVSX8(0xb0, 8, "="),
    MOVSX16(0xb0, 16, "="),
    MOVSX32(0xb0, 32, "="),
    ARSH(0xc0, 0, "s>>="),
    /** Byte order conversion; the width sits in imm, the direction in the source bit (see {@link Endian}). */
    END(0xd0, 0, "end");

    private final int code;
    private final int offset;
    private final String operator;

    AluOp(int code, int offset, String operator) {
        this.code = code;
        this.offset = offset;
        this.operator = operator;
    }

    /** The high nibble of the opcode. */
    public int code() { return code; }

    /** The offset field that selects this variant (SDIV, SMOD: 1; MOVSX: 8, 16, 32). */
    public int offset() { return offset; }

    /** The operator in the kernel/LLVM pseudo-C syntax, e.g. {@code +=} or {@code s>>=}. */
    public String operator() { return operator; }

    /** Whether the operation takes a second operand (all but NEG and END). */
    public boolean isBinary() { return this != NEG && this != END; }

    /** The operation an ALU opcode and offset select, or null when the pair names none. */
    public static AluOp of(int opcode, int offset) {
        int c = opcode & 0xf0;
        for (AluOp op : VALUES) {
            if (op.code == c && op.offset == offset) return op;
        }
        return null;
    }

    private static final AluOp[] VALUES = values();
}
