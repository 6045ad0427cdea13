package dev.ebpf4j.bench.loader;

import dev.ebpf4j.examples.KernelAccess;
import dev.ebpf4j.examples.PacketCounter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The C side of the loader benchmarks compiles from the packaged source, loads the seed program and answers. */
class CProgramTest {
    @Test
    void compilesLoadsTheSeedProgramAndServesEveryOperation() {
        String why = KernelAccess.unavailable();
        if (why != null) System.out.println("skipped: " + why);
        Assumptions.assumeTrue(why == null, why);
        try (CProgram c = CProgram.start()) {
            assertEquals(PacketCounter.program(0).toHex(), c.programHex, "the C side loads the same program");
            for (String op : new String[] {"lookup", "update", "testrun", "load"}) {
                CProgram.Times t = c.run(op, 3);
                assertTrue(t.wallNs() > 0 && t.cpuNs() > 0, op + ": " + t);
            }
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.run("nosuch", 1));
            assertTrue(e.getMessage().contains("failed on 'nosuch'"), e.getMessage());
        }
    }
}
