package dev.ebpf4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import static dev.ebpf4j.cli.DisasmCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunCommandTest {
    static final String COUNTER_TEXT = String.join("\n",
            ".map counts type=array key=4 value=8 entries=256",
            "r6 = r1",
            "r0 = *(u8 *)skb[23]",
            "*(u32 *)(r10 -4) = r0",
            "r2 = r10",
            "r2 += -4",
            "r1 = map[counts] ll",
            "call bpf_map_lookup_elem",
            "if r0 == 0 goto +2",
            "r1 = 1",
            "lock *(u64 *)(r0 +0) += r1",
            "r0 = 0",
            "exit", "");
    static final String UDP_FRAME = "ffffffffffff111111111111080045000054000000004011000000000000000000";

    @Test
    void assemblerTextWithPacketTraceAndMaps(@TempDir Path dir) throws IOException {
        Path s = dir.resolve("counter.s");
        Files.writeString(s, COUNTER_TEXT);
        DisasmCommandTest.Run r = run("run", s.toString(), "--type", "sched_cls", "--packet", UDP_FRAME, "--trace",
                "--map", "counts[11000000]=0500000000000000");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("1: (30) r0 = *(u8 *)skb[23] ; R0=17\n"), r.out());
        assertTrue(r.out().contains("5: (18) r1 = map[counts] ; R1=map_ptr(map=counts,ks=4,vs=8)\n"), r.out());
        assertTrue(r.out().contains("r0 = 0 (0x0)\n"), r.out());
        assertTrue(r.out().contains("  11000000: 0600000000000000\n"), r.out());
        assertFalse(r.out().contains("packet (changed"), r.out());
    }

    @Test
    void rawBytesWithDeclaredMapAndChangedPacket(@TempDir Path dir) throws IOException {
        // r2 = *(u32 *)(r1 +76) (data); r3 = *(u32 *)(r1 +80) (data_end); *(u8 *)(r2 +0) = 0xaa; r0 = 2; exit
        Path bin = dir.resolve("p.bin");
        Files.write(bin, HexFormat.of().parseHex(
                "61124c000000000061135000000000007202" + "0000aa000000" + "b7000000020000009500000000000000"));
        DisasmCommandTest.Run r = run("run", bin.toString(), "--type", "sched_cls", "--packet", UDP_FRAME);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("r0 = 2 (0x2)"), r.out());
        assertTrue(r.out().contains("packet (changed, 33 bytes): aaffffffffff"), r.out());
    }

    @Test
    void faultExitsOneWithTheFaultLine(@TempDir Path dir) throws IOException {
        Path s = dir.resolve("bad.s");
        Files.writeString(s, "r0 = *(u64 *)(r10 +0)\nexit\n");
        DisasmCommandTest.Run r = run("run", s.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().startsWith("fault: insn 0: out of bounds: read of 8 bytes at stack of frame 0 offset 512"), r.out());
    }

    @Test
    void memoryInputForConformanceStylePrograms(@TempDir Path dir) throws IOException {
        Path s = dir.resolve("m.s");
        Files.writeString(s, "ldxh %r0, [%r1+2]\nadd %r0, %r2\nexit\n");
        DisasmCommandTest.Run r = run("run", s.toString(), "--mem", "00 11 22 33");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("r0 = " + (0x3322 + 4)), r.out());
    }

    @Test
    void badInputIsOneLineAndExitTwo(@TempDir Path dir) throws IOException {
        Path s = dir.resolve("x.s");
        Files.writeString(s, "r0 = 1\nexit\n");
        assertEquals(2, run("run", dir.resolve("missing.s").toString()).code());
        DisasmCommandTest.Run bad = run("run", s.toString(), "--packet", "abc");
        assertEquals(2, bad.code());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        DisasmCommandTest.Run shortPacket = run("run", s.toString(), "--packet", "0011");
        assertEquals(2, shortPacket.code());
        assertTrue(shortPacket.err().contains("at least an Ethernet header"), shortPacket.err());
        assertEquals(2, run("run", s.toString(), "--type", "nonsense").code());
        assertEquals(2, run("run", s.toString(), "--map", "m:type=hash").code());
    }

    /** *(u32 *)(r10 -4) = 0; r1 = map load with imm 1; lookup; if found r0 = *(u64 *)value; exit. */
    static final String LOOKUP_IMM1 = "620afcff00000000bfa200000000000007020000fcffffff"
            + "18110000010000000000000000000000" + "8500000001000000" + "1500010000000000"
            + "79000000000000009500000000000000";

    @Test
    void rawMapLoadImmIPicksTheIthMapInEitherSpelling(@TempDir Path dir) throws IOException {
        Path bin = dir.resolve("lookup.bin");
        Files.write(bin, HexFormat.of().parseHex(LOOKUP_IMM1));
        // imm 1 -> the second --map (0-based); the first spelling is positional, the second uses .map's attribute names
        DisasmCommandTest.Run r = run("run", bin.toString(), "--map", "a:array:4:8:1",
                "--map", "b:type=array,key=4,value=8,entries=1", "--map", "b[00000000]=2a00000000000000");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("r0 = 42 (0x2a)"), r.out());
        assertTrue(r.out().contains("map a (array, key 4, value 8, 1 entries): 0 non-zero entries"), r.out());
        // one --map serves every map load, whatever its imm
        r = run("run", bin.toString(), "--map", "only:hash:4:8:4", "--map", "only[00000000]=0700000000000000");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("r0 = 7 (0x7)"), r.out());
        // with two maps, imm 1 needs at least two
        r = run("run", bin.toString(), "--map", "a:array:4:8:1", "--map", "b:array:4:8:1", "--map", "b[00000000]=0100000000000000");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("r0 = 1 (0x1)"), r.out());
    }

    @Test
    void badMapSpecsAreOneLineErrorsNamingTheSpec(@TempDir Path dir) throws IOException {
        Path bin = dir.resolve("lookup.bin");
        Files.write(bin, HexFormat.of().parseHex(LOOKUP_IMM1));
        String[][] cases = {
            {"m:type=hash", "--map 'm:type=hash': needs key=SIZE"},
            {"m:hash:4:8", "--map 'm:hash:4:8': expected NAME:TYPE:KEY:VALUE:ENTRIES[:FLAGS] (4 fields given)"},
            {"m:nosuch:4:8:1", "--map 'm:nosuch:4:8:1': unknown map type 'nosuch'"},
            {"m:type=hash,key=4,value=8,entries=1,size=3", "--map 'm:type=hash,key=4,value=8,entries=1,size=3': unknown attribute 'size'"},
            {"m:hash:four:8:1", "--map 'm:hash:four:8:1': key 'four' is not a number"},
            {"m", "--map 'm': expected NAME:TYPE:KEY:VALUE:ENTRIES[:FLAGS] or NAME:type=T"},
            {"nosuch[00]=00", "--map 'nosuch[00]=00': the program has no map 'nosuch'"},
        };
        for (String[] c : cases) {
            DisasmCommandTest.Run r = run("run", bin.toString(), "--map", "a:array:4:8:1", "--map", c[0]);
            assertEquals(2, r.code(), c[0] + ": " + r.out() + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains(c[1]), c[0] + " -> " + r.err());
        }
        // a map load with imm 3 names a fourth --map that was not given
        Path three = dir.resolve("imm3.bin");
        Files.write(three, HexFormat.of().parseHex(LOOKUP_IMM1.replace("1811000001000000", "1811000003000000")));
        DisasmCommandTest.Run r = run("run", three.toString(), "--map", "a:array:4:8:1", "--map", "b:array:4:8:1");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("insn 3 loads map 3 but 2 --map given"), r.err());
        // a program with .map declarations takes no --map declarations (entries are fine)
        Path s = dir.resolve("counter.s");
        Files.writeString(s, COUNTER_TEXT);
        r = run("run", s.toString(), "--packet", UDP_FRAME, "--map", "counts:array:4:8:256");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("declares its maps with .map"), r.err());
    }
}
