package dev.ebpf4j.asm;

/** The three byte-order conversions of the END opcode. */
public enum Endian {
    /** {@code le16/32/64}: ALU class, source bit 0 (opcode 0xd4). */
    TO_LE(0xd4, "le"),
    /** {@code be16/32/64}: ALU class, source bit 1 (opcode 0xdc). */
    TO_BE(0xdc, "be"),
    /** {@code bswap16/32/64}: ALU64 class, unconditional swap (opcode 0xd7). */
    BSWAP(0xd7, "bswap");

    private final int opcode;
    private final String mnemonic;

    Endian(int opcode, String mnemonic) {
        this.opcode = opcode;
        this.mnemonic = mnemonic;
    }

    public int opcode() { return opcode; }

    /** {@code le}, {@code be} or {@code bswap}; the width follows it in every text syntax. */
    public String mnemonic() { return mnemonic; }

    public static Endian of(int opcode) {
        switch (opcode) {
            case 0xd4: return TO_LE;
            case 0xdc: return TO_BE;
            case 0xd7: return BSWAP;
            default: return null;
        }
    }
}
