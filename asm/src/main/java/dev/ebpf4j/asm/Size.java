package dev.ebpf4j.asm;

/** The access size of a load, store or atomic: bits 3-4 of the opcode. */
public enum Size {
    /** 32 bits. */
    W(0x00, 4),
    /** 16 bits. */
    H(0x08, 2),
    /** 8 bits. */
    B(0x10, 1),
    /** 64 bits. */
    DW(0x18, 8);

    private final int code;
    private final int bytes;

    Size(int code, int bytes) {
        this.code = code;
        this.bytes = bytes;
    }

    public int code() { return code; }

    public int bytes() { return bytes; }

    public int bits() { return bytes * 8; }

    public static Size of(int opcode) {
        switch (opcode & 0x18) {
            case 0x00: return W;
            case 0x08: return H;
            case 0x10: return B;
            default: return DW;
        }
    }

    /** The size with this many bytes (1, 2, 4 or 8). */
    public static Size ofBytes(int bytes) {
        switch (bytes) {
            case 1: return B;
            case 2: return H;
            case 4: return W;
            case 8: return DW;
            default: throw new IllegalArgumentException("no access size of " + bytes + " bytes (1, 2, 4 or 8)");
        }
    }
}
