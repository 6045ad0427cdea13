package dev.ebpf4j.vm;

/**
 * Why and where a run stopped early.
 *
 * @param kind    the class of fault
 * @param insn    the slot index of the faulting instruction
 * @param address the address involved (0 when none)
 * @param region  the region the address points into, e.g. {@code stack of frame 0}, or a short note when it
 *                points nowhere
 * @param message one line naming all of the above, e.g.
 *                {@code insn 4: out of bounds: read of 4 bytes at stack of frame 0 offset 512 (valid 0..512)}
 */
public record Fault(FaultKind kind, int insn, long address, String region, String message) {
    @Override
    public String toString() { return message; }
}
