package dev.ebpf4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.ebpf4j.cli.DisasmCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConformanceCommandTest {
    @Test
    void wholeSuitePasses() {
        Path dir = Path.of(System.getProperty("ebpf4j.shared", "../shared")).resolve("corpus/bpf-conformance");
        DisasmCommandTest.Run r = run("conformance", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().endsWith("313 passed, 0 failed\n"), r.out());
        assertEquals(314, r.out().lines().count());
    }

    @Test
    void aFailingTestIsReportedAndExitsOne(@TempDir Path dir) throws IOException {
        Path ok = dir.resolve("ok.data");
        Files.writeString(ok, "-- asm\nmov %r0, 3\nexit\n-- result\n0x3\n");
        Path wrong = dir.resolve("wrong.data");
        Files.writeString(wrong, "-- asm\nmov %r0, 3\nexit\n-- result\n0x4\n");
        Path bad = dir.resolve("bad.data");
        Files.writeString(bad, "-- asm\nfrobnicate %r0\n-- result\n0x4\n");
        DisasmCommandTest.Run r = run("conformance", ok.toString(), wrong.toString(), bad.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("PASS ok  r0 = 0x3\n"), r.out());
        assertTrue(r.out().contains("FAIL wrong  r0 = 0x3, expected 0x4\n"), r.out());
        assertTrue(r.out().contains("FAIL bad"), r.out());
        assertTrue(r.out().endsWith("1 passed, 2 failed\n"), r.out());
        assertEquals(2, run("conformance", dir.resolve("nope.data").toString()).code());
    }
}
