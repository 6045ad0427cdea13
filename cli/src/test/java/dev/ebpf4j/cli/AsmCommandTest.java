package dev.ebpf4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.ebpf4j.cli.DisasmCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AsmCommandTest {
    static final String COUNTER_KERNEL = String.join("\n",
            ".map counts type=array key=4 value=8 entries=256",
            "r6 = r1",
            "r0 = *(u8 *)skb[23]",
            "*(u32 *)(r10 -4) = r0",
            "r2 = r10",
            "r2 += -4",
            "r1 = map[counts]",
            "call bpf_map_lookup_elem#1",
            "if r0 == 0x0 goto out",
            "r1 = 1",
            "lock *(u64 *)(r0 +0) += r1",
            "out: r0 = 0",
            "exit", "");

    @Test
    void kernelSourceToHexMatchesTheSeed(@TempDir Path dir) throws IOException {
        Path src = dir.resolve("counter.s");
        Files.writeString(src, COUNTER_KERNEL);
        DisasmCommandTest.Run r = run("asm", "--hex", src.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(DisasmCommandTest.COUNTER + "\n", r.out());
        assertTrue(r.err().contains("note: map 'counts' (array, key 4, value 8, 256 entries) is loaded at insn 5"), r.err());
    }

    @Test
    void ubpfSourceToAFileAndBackThroughDisasm(@TempDir Path dir) throws IOException {
        Path src = dir.resolve("t.s");
        Files.writeString(src, "mov32 %r0, 1\nldxw %r0, [%r1+4]\njne %r0, 0, exit\nmov %r0, 2\nexit\n");
        Path bin = dir.resolve("t.bin");
        DisasmCommandTest.Run r = run("asm", "--syntax", "ubpf", "-o", bin.toString(), src.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out());
        DisasmCommandTest.Run back = run("disasm", "--syntax", "ubpf", bin.toString());
        assertEquals("mov32 %r0, 1\nldxw %r0, [%r1+4]\njne %r0, 0, +1\nmov %r0, 2\nexit\n", back.out());
    }

    @Test
    void rawBytesGoToStandardOutputByDefault(@TempDir Path dir) throws IOException {
        Path src = dir.resolve("t.s");
        Files.writeString(src, "r0 = 0\nexit\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        AsmCommand.stdout = bytes;
        try {
            assertEquals(0, run("asm", src.toString()).code());
        } finally {
            AsmCommand.stdout = System.out;
        }
        assertArrayEquals(dev.ebpf4j.asm.Program.fromHex("b7000000000000009500000000000000").toBytes(), bytes.toByteArray());
    }

    @Test
    void conformanceDataFilesAssembleTheirAsmSection(@TempDir Path dir) throws IOException {
        Path data = dir.resolve("x.data");
        Files.writeString(data, "# c\n-- asm\nmov %r0, 1\nadd %r0, %r12\nexit\n-- result\n0x1\n");
        DisasmCommandTest.Run r = run("asm", "--hex", data.toString());
        assertEquals(2, r.code());
        assertEquals(data + ":4:10: unknown register '%r12' (registers are r0 to r10)\n", r.err());
    }

    @Test
    void helpNamesBothSyntaxes() {
        DisasmCommandTest.Run r = run("asm", "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("ldxw %r0, [%r1+4]"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void errorsAreOneLineFileLineColumnWithExit2(@TempDir Path dir) throws IOException {
        Path src = dir.resolve("bad.s");
        Files.writeString(src, "r0 = 0\nr1 = 2\nr0 += r11\nexit\n");
        DisasmCommandTest.Run r = run("asm", "--hex", src.toString());
        assertEquals(2, r.code());
        assertEquals("", r.out());
        assertEquals(src + ":3:7: unknown register 'r11' (registers are r0 to r10)\n", r.err());

        DisasmCommandTest.Run missing = run("asm", dir.resolve("nope.s").toString());
        assertEquals(2, missing.code());
        assertEquals("ebpf4j: " + dir.resolve("nope.s") + ": no such file\n", missing.err());

        Files.writeString(src, "r0 = 0\nexit\n");
        DisasmCommandTest.Run both = run("asm", "--hex", "-o", dir.resolve("o.bin").toString(), src.toString());
        assertEquals(2, both.code());
        assertEquals("ebpf4j: asm: give -o OUT.bin or --hex, not both\n", both.err());

        DisasmCommandTest.Run syntax = run("asm", "--syntax", "gas", src.toString());
        assertEquals(2, syntax.code());
        assertEquals("ebpf4j: asm: unknown --syntax 'gas' (auto, kernel, llvm or ubpf)\n", syntax.err());
    }
}
