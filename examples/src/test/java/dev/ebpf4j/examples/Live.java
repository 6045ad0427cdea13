package dev.ebpf4j.examples;

import org.junit.jupiter.api.Assumptions;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Test support: skip (with the reason printed) where bpf(2) is not allowed; capture what an example prints. */
final class Live {
    private Live() {}

    private static final String UNAVAILABLE = KernelAccess.unavailable();

    static void assumeBpf() {
        if (UNAVAILABLE != null) System.out.println("skipped: " + UNAVAILABLE);
        Assumptions.assumeTrue(UNAVAILABLE == null, UNAVAILABLE);
    }

    /** A PrintStream that keeps what is printed and also echoes it, so the build log shows each example's output. */
    static final class Capture {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        String text() {
            String s = bytes.toString(StandardCharsets.UTF_8);
            System.out.print(s);
            return s;
        }
    }
}
