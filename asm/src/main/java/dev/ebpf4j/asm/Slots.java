package dev.ebpf4j.asm;

/**
 * Bit-level access to an instruction slot held as a {@code long} (see {@link Insn}). Hot paths (decoder,
 * verifier, interpreter) read fields straight from the long without allocating.
 */
public final class Slots {
    private Slots() {}

    public static int opcode(long slot) { return (int) (slot & 0xff); }

    public static int dst(long slot) { return (int) ((slot >>> 8) & 0xf); }

    public static int src(long slot) { return (int) ((slot >>> 12) & 0xf); }

    public static short offset(long slot) { return (short) (slot >>> 16); }

    public static int imm(long slot) { return (int) (slot >>> 32); }

    public static long encode(int opcode, int dst, int src, int offset, int imm) {
        return (opcode & 0xffL)
                | (long) (dst & 0xf) << 8
                | (long) (src & 0xf) << 12
                | (offset & 0xffffL) << 16
                | (imm & 0xffffffffL) << 32;
    }

    /** The slot with its imm replaced (used to patch map fds into LD_IMM64). */
    public static long withImm(long slot, int imm) {
        return (slot & 0xffffffffL) | (imm & 0xffffffffL) << 32;
    }
}
