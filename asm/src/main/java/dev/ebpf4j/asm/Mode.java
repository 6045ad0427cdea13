package dev.ebpf4j.asm;

/** The mode of a load or store: bits 5-7 of the opcode of classes LD, LDX, ST and STX. */
public enum Mode {
    IMM(0x00), ABS(0x20), IND(0x40), MEM(0x60), MEMSX(0x80), ATOMIC(0xc0);

    private final int code;

    Mode(int code) {
        this.code = code;
    }

    public int code() { return code; }

    /** The mode of an opcode, or null for the unassigned values 0xa0 and 0xe0. */
    public static Mode of(int opcode) {
        switch (opcode & 0xe0) {
            case 0x00: return IMM;
            case 0x20: return ABS;
            case 0x40: return IND;
            case 0x60: return MEM;
            case 0x80: return MEMSX;
            case 0xc0: return ATOMIC;
            default: return null;
        }
    }
}
