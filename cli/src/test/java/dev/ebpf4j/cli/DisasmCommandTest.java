package dev.ebpf4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DisasmCommandTest {
    /** The seed's socket packet counter (an LD_ABS, a map load, a helper call, an atomic add). */
    static final String COUNTER =
            "bf160000000000003000000017000000630afcff00000000bfa200000000000007020000fcffffff"
            + "1811000000000000000000000000000085000000010000001500020000000000b701000001000000"
            + "db10000000000000b7000000000000009500000000000000";

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void kernelSyntaxFromHex() {
        Run r = run("disasm", "--hex", COUNTER);
        assertEquals(0, r.code(), r.err());
        assertEquals(String.join("\n",
                "0: (bf) r6 = r1",
                "1: (30) r0 = *(u8 *)skb[23]",
                "2: (63) *(u32 *)(r10 -4) = r0",
                "3: (bf) r2 = r10",
                "4: (07) r2 += -4",
                "5: (18) r1 = 0x0",
                "7: (85) call bpf_map_lookup_elem#1",
                "8: (15) if r0 == 0x0 goto pc+2",
                "9: (b7) r1 = 1",
                "10: (db) lock *(u64 *)(r0 +0) += r1",
                "11: (b7) r0 = 0",
                "12: (95) exit", ""), r.out());
    }

    @Test
    void llvmAndUbpfSyntaxesFromAFile(@TempDir Path dir) throws IOException {
        Path bin = dir.resolve("counter.bin");
        Files.write(bin, HexFormat.of().parseHex(COUNTER));
        Run llvm = run("disasm", "--syntax", "llvm", bin.toString());
        assertEquals(0, llvm.code(), llvm.err());
        assertTrue(llvm.out().startsWith("r6 = r1\nr0 = *(u8 *)skb[23]\n*(u32 *)(r10 - 4) = r0\n"), llvm.out());
        assertTrue(llvm.out().contains("\nld_pseudo r1, 1, 0\ncall 1\nif r0 == 0 goto +2\n"), llvm.out());
        Run ubpf = run("disasm", "--syntax", "UBPF", bin.toString());
        assertEquals(0, ubpf.code(), ubpf.err());
        assertTrue(ubpf.out().startsWith("mov %r6, %r1\nldabsb 23\nstxw [%r10-4], %r0\n"), ubpf.out());
        assertTrue(ubpf.out().endsWith("jeq %r0, 0, +2\nmov %r1, 1\nlock add [%r0+0], %r1\nmov %r0, 0\nexit\n"), ubpf.out());
    }

    @Test
    void missingFileIsOneLineWithExit2(@TempDir Path dir) {
        Run r = run("disasm", dir.resolve("nope.bin").toString());
        assertBadInput(r, "nope.bin: no such file");
    }

    @Test
    void oddHexIsOneLineWithExit2() {
        assertBadInput(run("disasm", "--hex", "b70"), "--hex: odd number of hex digits (3)");
        assertBadInput(run("disasm", "--hex", "b7zz"), "--hex: not a hex digit: 'z' at character 2");
    }

    @Test
    void lengthNotAMultipleOf8SaysWhere(@TempDir Path dir) throws IOException {
        Path bin = dir.resolve("short.bin");
        Files.write(bin, new byte[13]);
        assertBadInput(run("disasm", bin.toString()), "short.bin: program is 13 bytes, not a multiple of 8");
        assertBadInput(run("disasm", "--hex", "95000000000000000000"), "at offset 8");
    }

    @Test
    void truncatedLdImm64SaysWhere() {
        Run r = run("disasm", "--hex", "b7000000000000001801000005000000");
        assertBadInput(r, "--hex: LD_IMM64 at insn 1 (byte offset 8) is truncated");
    }

    @Test
    void usageErrors() {
        assertBadInput(run("disasm"), "give either FILE.bin or --hex HEX (neither given)");
        assertBadInput(run("disasm", "--syntax", "att", "--hex", "9500000000000000"), "unknown --syntax 'att'");
        assertBadInput(run("disasm", "--hex", ""), "--hex: empty program");
    }

    private static void assertBadInput(Run r, String fragment) {
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals("", r.out());
        assertTrue(r.err().contains(fragment), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }
}
