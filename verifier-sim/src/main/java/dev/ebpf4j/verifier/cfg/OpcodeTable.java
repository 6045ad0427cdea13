package dev.ebpf4j.verifier.cfg;

/**
 * Which opcode bytes the kernel knows at all (its "insn table" of uapi opcodes, kernel/bpf/core.c). Any other
 * byte is rejected by the structure pass with {@code unknown opcode %02x} before the path walk. Checked live:
 * {@code 08} and {@code e7} are unknown; {@code d7} (ALU64 BSWAP) is known since 6.6.
 */
public final class OpcodeTable {
    private static final boolean[] KNOWN = new boolean[256];

    static {
        int[] aluOps = {0x00, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x90, 0xa0, 0xb0, 0xc0};
        for (int cls : new int[] {0x04, 0x07}) {
            for (int op : aluOps) {
                KNOWN[cls | op] = true;        // BPF_K
                KNOWN[cls | op | 0x08] = true; // BPF_X
            }
            KNOWN[cls | 0x80] = true;          // NEG
            KNOWN[cls | 0xd0] = true;          // END to LE (ALU) / BSWAP (ALU64)
        }
        KNOWN[0x04 | 0xd0 | 0x08] = true;      // ALU END to BE; ALU64 has no "to BE"
        int[] jmpOps = {0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0xa0, 0xb0, 0xc0, 0xd0};
        for (int cls : new int[] {0x05, 0x06}) {
            for (int op : jmpOps) {
                KNOWN[cls | op] = true;
                KNOWN[cls | op | 0x08] = true;
            }
            KNOWN[cls] = true;                 // JA (JMP) and gotol (JMP32)
        }
        KNOWN[0x85] = true;                    // CALL
        KNOWN[0x95] = true;                    // EXIT
        KNOWN[0xe5] = true;                    // JCOND (may_goto)
        for (int size : new int[] {0x00, 0x08, 0x10, 0x18}) {
            KNOWN[0x03 | 0x60 | size] = true;  // STX MEM
            KNOWN[0x02 | 0x60 | size] = true;  // ST MEM
            KNOWN[0x01 | 0x60 | size] = true;  // LDX MEM
            KNOWN[0x03 | 0xc0 | size] = true;  // STX ATOMIC (B/H only for load-acquire/store-release, 6.15+)
        }
        for (int size : new int[] {0x00, 0x08, 0x10}) {
            KNOWN[0x01 | 0x80 | size] = true;  // LDX MEMSX
            KNOWN[0x00 | 0x20 | size] = true;  // LD ABS
            KNOWN[0x00 | 0x40 | size] = true;  // LD IND
        }
        KNOWN[0x18] = true;                    // LD IMM DW
    }

    private OpcodeTable() {}

    public static boolean isKnown(int opcode) {
        return KNOWN[opcode & 0xff];
    }
}
