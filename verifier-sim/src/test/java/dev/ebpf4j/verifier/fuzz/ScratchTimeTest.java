package dev.ebpf4j.verifier.fuzz;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.verifier.*;
import org.junit.jupiter.api.Test;
class ScratchTimeTest {
    @Test void t() {
        for (int i = 0; i < 2; i++) {
            long t0 = System.nanoTime();
            Result r = Verifier.verify(Program.fromHex("b70000000000000007000000010000001d00000000000000a500fdffe8feffff9500000000000000"), Options.of(ProgType.TRACEPOINT));
            System.out.println("SCRATCH " + (System.nanoTime() - t0) / 1_000_000 + " ms " + r.errorLine() + " " + r.processed() + " states " + r.totalStates());
        }
    }
}
