package dev.ebpf4j.asm.text;

import dev.ebpf4j.asm.Program;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** All 313 bpf_conformance tests read and assemble; where a test gives {@code -- raw}, the bytes match. */
class ConformanceCorpusTest {

    static List<Path> files() throws IOException {
        Path dir = Path.of(System.getProperty("ebpf4j.shared", "../../shared"), "corpus", "bpf-conformance");
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".data")).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void everyFileAssemblesAndRawSectionsMatch() throws IOException {
        List<Path> files = files();
        int assembled = 0, withRaw = 0, rawMatches = 0, withMem = 0, withResult = 0;
        List<String> failures = new ArrayList<>();
        for (Path f : files) {
            try {
                ConformanceFile cf = ConformanceFile.read(f);
                Program p = cf.assemble().program();
                assertTrue(p.size() > 0, f + " assembled to nothing");
                assembled++;
                if (cf.memory().length > 0) withMem++;
                if (cf.result().isPresent()) withResult++;
                if (cf.raw().isPresent()) {
                    withRaw++;
                    if (cf.raw().get().equals(p)) rawMatches++;
                    else failures.add(f.getFileName() + ": assembled " + p.toHex() + " but -- raw says " + cf.raw().get().toHex());
                }
                assertTrue(TextAssembler.looksLikeUbpf(cf.asm()), f + " does not read as ubpf syntax");
            } catch (AsmSyntaxException e) {
                failures.add(f.getFileName() + ":" + e.line() + ":" + e.column() + ": " + e.detail());
            }
        }
        System.out.printf("bpf_conformance: %d files, %d assembled, %d with -- raw (%d match), %d with -- mem, %d with -- result%n",
                files.size(), assembled, withRaw, rawMatches, withMem, withResult);
        assertEquals(List.of(), failures);
        assertEquals(313, files.size());
        assertEquals(313, assembled);
        assertEquals(withRaw, rawMatches);
        assertTrue(withRaw >= 1);
    }

    @Test
    void lddwFileReadsEverySection() throws IOException {
        ConformanceFile cf = ConformanceFile.read(files().stream()
                .filter(p -> p.getFileName().toString().equals("lddw.data")).findFirst().orElseThrow());
        assertEquals("lddw", cf.name());
        assertEquals(0x1122334455667788L, cf.result().getAsLong());
        assertEquals(Program.of(0x5566778800000018L, 0x1122334400000000L, 0x0000000000000095L), cf.raw().get());
        assertEquals(4, cf.asmLine());
    }

    @Test
    void memoryResultErrorAndIgnoredSections() {
        String text = "# header\n-- asm\nmov %r0, %r2 # len\nexit\n-- mem\n00 0x11 ff\nAB\n-- no register offset\ncall instruction\n"
                + "-- c\nint x = y--;\n-- result\n-0x1\n-- error\nsomething wrong\n";
        ConformanceFile cf = ConformanceFile.parse("t", text);
        assertEquals(3, cf.asmLine());
        assertEquals(List.of((byte) 0, (byte) 0x11, (byte) 0xff, (byte) 0xab), toList(cf.memory()));
        assertEquals(-1L, cf.result().getAsLong());
        assertEquals("something wrong", cf.error().orElseThrow());
        assertTrue(cf.raw().isEmpty());
        assertEquals(Program.fromHex("bf200000000000009500000000000000"), cf.program());
    }

    @Test
    void errorsCarryFileLines() {
        AsmSyntaxException e = assertThrowsAsm(() -> ConformanceFile.parse("t", "-- asm\nexit\n-- mem\n00 zz\n-- result\n0\n"));
        assertEquals(4, e.line());
        assertEquals(4, e.column());
        e = assertThrowsAsm(() -> ConformanceFile.parse("t", "-- asm\nexit\n-- results\n1\n"));
        assertEquals("unknown section '-- results' (asm, mem, result, raw, error, c, no register offset)", e.detail());
        e = assertThrowsAsm(() -> ConformanceFile.parse("t", "-- asm\nexit\n"));
        assertEquals("no -- result and no -- error section", e.detail());
        e = assertThrowsAsm(() -> ConformanceFile.parse("t", "-- asm\nexit\n-- result\n0x1g\n"));
        assertEquals(4, e.line());
        ConformanceFile cf = ConformanceFile.parse("t", "# c\n\n-- asm\nmov %r0, 1\n\nmov %r11, 2\nexit\n-- result\n1\n");
        e = assertThrowsAsm(cf::assemble);
        assertEquals(6, e.line());
        assertEquals(5, e.column());
        assertEquals("unknown register '%r11' (registers are r0 to r10)", e.detail());
    }

    private static AsmSyntaxException assertThrowsAsm(Runnable r) {
        try {
            r.run();
        } catch (AsmSyntaxException e) {
            return e;
        }
        throw new AssertionError("no AsmSyntaxException");
    }

    private static List<Byte> toList(byte[] b) {
        List<Byte> out = new ArrayList<>();
        for (byte x : b) out.add(x);
        return out;
    }
}
