package dev.ebpf4j.vm;

/** Why a run stopped before its program exited. */
public enum FaultKind {
    /** An access outside the bytes of the region the pointer points into. */
    OUT_OF_BOUNDS,
    /** A load or store through the value 0. */
    NULL_DEREFERENCE,
    /** A load or store through a value that points into no region (a number, not a pointer). */
    SCALAR_DEREFERENCE,
    /** A read of a register that holds no value (never written, or clobbered by a call). */
    UNINITIALIZED_REGISTER,
    /** An access whose address is not a multiple of its size where Linux requires alignment. */
    MISALIGNED,
    /** A store into a region that cannot be written (a read-only map, the context's read-only fields). */
    READ_ONLY,
    /** A context access at an offset or size that names no field. */
    BAD_CONTEXT_ACCESS,
    /** An opcode or encoding that means nothing, or that this interpreter cannot execute. */
    INVALID_INSTRUCTION,
    /** A helper this interpreter does not implement, or a helper argument of the wrong kind. */
    BAD_HELPER_CALL,
    /** More than 8 nested bpf-to-bpf calls. */
    CALL_DEPTH,
    /** The run exceeded its instruction budget (an endless loop, for a program no verifier checked). */
    INSN_LIMIT,
    /** The program counter left the program (fell off the end, or jumped outside it). */
    PC_OUT_OF_RANGE
}
