package dev.ebpf4j.asm;

/** Jump-class operations: the high nibble of JMP and JMP32 opcodes. */
public enum JmpOp {
    JA(0x00, null),
    JEQ(0x10, "=="),
    JGT(0x20, ">"),
    JGE(0x30, ">="),
    JSET(0x40, "&"),
    JNE(0x50, "!="),
    JSGT(0x60, "s>"),
    JSGE(0x70, "s>="),
    CALL(0x80, null),
    EXIT(0x90, null),
    JLT(0xa0, "<"),
    JLE(0xb0, "<="),
    JSLT(0xc0, "s<"),
    JSLE(0xd0, "s<="),
    /** Linux's JCOND, used for {@code may_goto}. */
    JCOND(0xe0, null);

    private static final JmpOp[] BY_CODE = new JmpOp[16];
    static {
        for (JmpOp op : values()) BY_CODE[op.code >> 4] = op;
    }

    private final int code;
    private final String operator;

    JmpOp(int code, String operator) {
        this.code = code;
        this.operator = operator;
    }

    /** The high nibble of the opcode. */
    public int code() { return code; }

    /** The comparison operator in pseudo-C ({@code ==}, {@code s<}, {@code &}), null for JA, CALL, EXIT, JCOND. */
    public String operator() { return operator; }

    /** Whether this is a conditional jump comparing two operands. */
    public boolean isConditional() { return operator != null; }

    /** The operation of a jump opcode, or null for the unassigned nibble 0xf0. */
    public static JmpOp of(int opcode) {
        return BY_CODE[(opcode & 0xf0) >> 4];
    }

    /** The condition that holds exactly when this one does not (JEQ/JNE, JGT/JLE, ...); null for JSET. */
    public JmpOp negate() {
        switch (this) {
            case JEQ: return JNE;
            case JNE: return JEQ;
            case JGT: return JLE;
            case JLE: return JGT;
            case JGE: return JLT;
            case JLT: return JGE;
            case JSGT: return JSLE;
            case JSLE: return JSGT;
            case JSGE: return JSLT;
            case JSLT: return JSGE;
            default: return null;
        }
    }
}
