package dev.ebpf4j.asm;

/** The three kinds of {@code call} (opcode 0x85), selected by the source register field. */
public enum CallKind {
    /** A helper by static id in imm. */
    HELPER(0),
    /** BPF_PSEUDO_CALL: a bpf-to-bpf call, imm is the offset of the callee from the next instruction. */
    LOCAL(1),
    /** BPF_PSEUDO_KFUNC_CALL: a kernel function by BTF id in imm. */
    KFUNC(2);

    private final int code;

    CallKind(int code) {
        this.code = code;
    }

    public int code() { return code; }

    public static CallKind of(int src) {
        return src >= 0 && src <= 2 ? values()[src] : null;
    }
}
