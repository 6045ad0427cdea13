package dev.ebpf4j.vm;

import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.text.AsmSyntaxException;
import dev.ebpf4j.asm.text.ConformanceFile;
import dev.ebpf4j.asm.uapi.ProgType;

import java.util.OptionalLong;

/**
 * Runs one bpf_conformance test as its runner does: the program (assembled ubpf text, or the raw slots), the
 * memory in r1 and its length in r2, r0 compared with {@code -- result}; a test with {@code -- error} passes
 * when assembling or running fails. Every test gets a fresh {@link Vm}.
 */
public final class Conformance {
    private Conformance() {}

    /** The verdict on one file: passed or not, and a one-line reason. */
    public record Outcome(String name, boolean passed, String detail) {
        public String line() { return (passed ? "PASS " : "FAIL ") + name + (detail.isEmpty() ? "" : "  " + detail); }
    }

    public static Outcome run(ConformanceFile test) {
        Program program;
        try {
            program = test.program();
        } catch (AsmSyntaxException e) {
            if (test.error().isPresent()) return new Outcome(test.name(), true, "expected error: " + e.getMessage());
            return new Outcome(test.name(), false, "does not assemble: " + e.getMessage());
        }
        Vm vm = Vm.create();
        RunResult r = vm.run(vm.load(program, ProgType.UNSPEC), RunInput.memory(test.memory()));
        if (test.error().isPresent()) {
            return r.faulted()
                    ? new Outcome(test.name(), true, "expected error: " + r.fault().message())
                    : new Outcome(test.name(), false, "expected error '" + test.error().get() + "', but r0 = 0x"
                    + Long.toHexString(r.r0()));
        }
        if (r.faulted()) return new Outcome(test.name(), false, "fault: " + r.fault().message());
        OptionalLong want = test.result();
        if (want.isEmpty()) return new Outcome(test.name(), false, "the file gives no -- result");
        if (want.getAsLong() != r.r0()) {
            return new Outcome(test.name(), false, "r0 = 0x" + Long.toHexString(r.r0()) + ", expected 0x"
                    + Long.toHexString(want.getAsLong()));
        }
        return new Outcome(test.name(), true, "r0 = 0x" + Long.toHexString(r.r0()));
    }
}
