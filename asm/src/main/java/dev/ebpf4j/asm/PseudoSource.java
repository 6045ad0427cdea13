package dev.ebpf4j.asm;

/** What the 64-bit immediate of LD_IMM64 means, selected by its source register field. */
public enum PseudoSource {
    /** A plain 64-bit constant. */
    IMM(0),
    /** BPF_PSEUDO_MAP_FD: imm is a map file descriptor; the register gets the map. */
    MAP_FD(1),
    /** BPF_PSEUDO_MAP_VALUE: imm is a map fd, the next imm an offset into its value at key 0. */
    MAP_VALUE(2),
    /** BPF_PSEUDO_BTF_ID: imm is a BTF id of a kernel variable. */
    BTF_ID(3),
    /** BPF_PSEUDO_FUNC: imm is a relative instruction offset of a subprogram. */
    FUNC(4),
    /** BPF_PSEUDO_MAP_IDX: imm indexes the fd_array given at load time. */
    MAP_IDX(5),
    /** BPF_PSEUDO_MAP_IDX_VALUE: as MAP_IDX, with a value offset in the next imm. */
    MAP_IDX_VALUE(6);

    private final int code;

    PseudoSource(int code) {
        this.code = code;
    }

    public int code() { return code; }

    /** The pseudo source for a source register field, or null for 7..15. */
    public static PseudoSource of(int src) {
        return src >= 0 && src <= 6 ? values()[src] : null;
    }

    /** Whether the immediate names a map (and so is patched with a real fd at load time). */
    public boolean isMap() {
        return this == MAP_FD || this == MAP_VALUE || this == MAP_IDX || this == MAP_IDX_VALUE;
    }
}
