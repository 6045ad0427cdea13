package dev.ebpf4j.vm;

/**
 * The interpreter's own dense operation numbers, one per behaviour (so SDIV, MOVSX, each atomic and each jump
 * condition has its own), which makes the dispatch switch a jump table. {@link Decoded} maps raw opcodes here.
 */
final class Op {
    private Op() {}

    // ALU: base + 0 = 64-bit K, +1 = 64-bit X, +2 = 32-bit K, +3 = 32-bit X
    static final int ADD = 0, SUB = 4, MUL = 8, DIV = 12, SDIV = 16, OR = 20, AND = 24, LSH = 28, RSH = 32,
            MOD = 36, SMOD = 40, XOR = 44, MOV = 48, ARSH = 52;
    static final int NEG64 = 56, NEG32 = 57, MOVSX64_8 = 58, MOVSX64_16 = 59, MOVSX64_32 = 60, MOVSX32_8 = 61,
            MOVSX32_16 = 62, LE16 = 63, LE32 = 64, LE64 = 65, BE16 = 66, BE32 = 67, BE64 = 68;

    // conditional jumps, same +0..+3 layout
    static final int JEQ = 70, JGT = 74, JGE = 78, JSET = 82, JNE = 86, JSGT = 90, JSGE = 94, JLT = 98, JLE = 102,
            JSLT = 106, JSLE = 110;
    static final int JA = 114, MAY_GOTO = 115, CALL_HELPER = 116, CALL_LOCAL = 117, CALLX = 118, EXIT = 119,
            LDDW = 120, LDABS_B = 121, LDABS_H = 122, LDABS_W = 123, LDIND_B = 124, LDIND_H = 125, LDIND_W = 126;
    // memory: + log2(size)
    static final int LDX = 127, LDXS = 131, ST = 135, STX = 139;
    // atomics: 32-bit at +0, 64-bit at +1
    static final int A_ADD = 143, A_OR = 145, A_AND = 147, A_XOR = 149, A_FADD = 151, A_FOR = 153, A_FAND = 155,
            A_FXOR = 157, A_XCHG = 159, A_CMPXCHG = 161;
    // + log2(size)
    static final int LOAD_ACQ = 163, STORE_REL = 167;
    static final int INVALID = 171, OUT_OF_PROGRAM = 172, LDDW_UNSUPPORTED = 173;
}
