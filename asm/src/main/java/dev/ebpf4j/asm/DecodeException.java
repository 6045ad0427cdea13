package dev.ebpf4j.asm;

/**
 * Bytes that are not a sequence of {@code struct bpf_insn}: a length that is not a multiple of 8, or an
 * LD_IMM64 whose second slot is missing. {@link #byteOffset()} says where.
 */
public final class DecodeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final long byteOffset;

    public DecodeException(String message, long byteOffset) {
        super(message);
        this.byteOffset = byteOffset;
    }

    /** The byte offset into the input at which decoding failed. */
    public long byteOffset() { return byteOffset; }
}
