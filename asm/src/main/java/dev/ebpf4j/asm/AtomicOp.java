package dev.ebpf4j.asm;

/** Operations of STX|ATOMIC instructions, selected by the imm field. */
public enum AtomicOp {
    ADD(0x00), OR(0x40), AND(0x50), XOR(0xa0),
    FETCH_ADD(0x01), FETCH_OR(0x41), FETCH_AND(0x51), FETCH_XOR(0xa1),
    XCHG(0xe1), CMPXCHG(0xf1),
    /** Linux 6.15+: {@code dst = load_acquire((size *)(src + off))}. */
    LOAD_ACQ(0x100),
    /** Linux 6.15+: {@code store_release((size *)(dst + off), src)}. */
    STORE_REL(0x110);

    /** The FETCH flag: the old value is written back to the source register. */
    public static final int FETCH = 0x01;

    private final int imm;

    AtomicOp(int imm) {
        this.imm = imm;
    }

    public int imm() { return imm; }

    /** Whether the old memory value lands in a register (src, or R0 for CMPXCHG). */
    public boolean fetches() { return (imm & FETCH) != 0 && imm < 0x100; }

    /** Whether only 32- and 64-bit accesses are allowed (all read-modify-write operations). */
    public boolean isReadModifyWrite() { return imm < 0x100; }

    public static AtomicOp of(int imm) {
        for (AtomicOp op : VALUES) if (op.imm == imm) return op;
        return null;
    }

    private static final AtomicOp[] VALUES = values();
}
