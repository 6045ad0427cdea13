package dev.ebpf4j.vm;

/**
 * Unwinds a run from deep inside memory access or a helper to the interpreter loop, which turns it into a
 * {@link Fault} in the {@link RunResult}. It never leaves the package: callers of {@link Vm#run} see data.
 */
final class VmFault extends RuntimeException {
    final FaultKind kind;
    final long address;
    final String region;
    final String detail;

    VmFault(FaultKind kind, long address, String region, String detail) {
        super(detail, null, false, false);
        this.kind = kind;
        this.address = address;
        this.region = region;
        this.detail = detail;
    }

    static VmFault of(FaultKind kind, String detail) {
        return new VmFault(kind, 0, "", detail);
    }

    Fault at(int insn) {
        return new Fault(kind, insn, address, region, "insn " + insn + ": " + detail);
    }
}
