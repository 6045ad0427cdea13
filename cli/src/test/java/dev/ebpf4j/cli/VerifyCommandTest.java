package dev.ebpf4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerifyCommandTest {
    @TempDir
    Path dir;

    private Path raw(String hex) throws IOException {
        Path f = dir.resolve("p.bin");
        Files.write(f, HexFormat.of().parseHex(hex));
        return f;
    }

    @Test
    void packetCounterIsAcceptedWithItsMap() throws IOException {
        Path f = raw(DisasmCommandTest.COUNTER);
        DisasmCommandTest.Run r = DisasmCommandTest.run("verify", "--map", "counts:hash:4:8:256", f.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("accepted (processed 13 insns)"), r.out());
    }

    @Test
    void levelTwoLogAndJson() throws IOException {
        Path f = raw(DisasmCommandTest.COUNTER);
        DisasmCommandTest.Run r = DisasmCommandTest.run("verify", "--map", "counts:hash:4:8:256", "--log-level", "2", f.toString());
        assertTrue(r.out().contains("8: (15) if r0 == 0x0 goto pc+2        ; R0=map_value(map=counts,ks=4,vs=8)"), r.out());
        r = DisasmCommandTest.run("verify", "--json", "--map", "counts:hash:4:8:256", f.toString());
        assertEquals("{\"verdict\":\"accept\",\"processed\":13}", r.out().trim());
    }

    @Test
    void rejectionPrintsTheKernelsMessage() throws IOException {
        Path f = dir.resolve("bad.s");
        Files.writeString(f, "r0 = *(u64 *)(r10 -520)\nexit\n");
        DisasmCommandTest.Run r = DisasmCommandTest.run("verify", f.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("rejected: invalid read from stack R10 off=-520 size=8"), r.out());
        assertTrue(r.out().contains("errno EACCES"), r.out());
    }

    @Test
    void missingMapIsTheKernelsFdError() throws IOException {
        Path f = raw(DisasmCommandTest.COUNTER);
        DisasmCommandTest.Run r = DisasmCommandTest.run("verify", f.toString());
        assertEquals(1, r.code());
        assertTrue(r.out().contains("fd 0 is not pointing to valid bpf_map"), r.out());
    }

    @Test
    void badInputIsOneLine() throws IOException {
        DisasmCommandTest.Run r = DisasmCommandTest.run("verify", dir.resolve("nope.bin").toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no such file"), r.err());
        Path f = raw(DisasmCommandTest.COUNTER);
        r = DisasmCommandTest.run("verify", "--map", "x:nosuch:4:8:1", f.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown map type 'nosuch'"), r.err());
        r = DisasmCommandTest.run("verify", "--type", "bogus", f.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown --type 'bogus'"), r.err());
    }

    @Test
    void mapSpecInEitherSpellingAndImmBinding() throws IOException {
        Path f = raw(DisasmCommandTest.COUNTER);
        // the attribute spelling of .map gives the same answer as the positional one
        DisasmCommandTest.Run r = DisasmCommandTest.run("verify", "--map", "counts:type=hash,key=4,value=8,entries=256", f.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("accepted (processed 13 insns)"), r.out());
        // the map load has imm 0: with two --map it uses the first (0-based), so a map with 4-byte values (the program adds a u64) is rejected
        r = DisasmCommandTest.run("verify", "--map", "small:hash:4:4:1", "--map", "counts:hash:4:8:256", f.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        r = DisasmCommandTest.run("verify", "--map", "counts:hash:4:8:256", "--map", "small:hash:4:4:1", f.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        // imm 1 picks the second
        Path g = raw(DisasmCommandTest.COUNTER.replace("1811000000000000", "1811000001000000"));
        r = DisasmCommandTest.run("verify", "--map", "small:hash:4:4:1", "--map", "counts:type=hash,key=4,value=8,entries=256", g.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        r = DisasmCommandTest.run("verify", "--map", "small:hash:4:4:1", "--map", "x:hash:2:8:1", "--map", "y:hash:2:8:1",
                raw(DisasmCommandTest.COUNTER.replace("1811000000000000", "1811000007000000")).toString());
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("insn 5 loads map 7 but 3 --map given"), r.err());
        r = DisasmCommandTest.run("verify", "--map", "counts:hash:4:8:1", "--map", "counts:type=array,key=4,value=8,entries=1", f.toString());
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("--map: map name 'counts' given twice (--map 0 and 1, 0-based)"), r.err());
    }

    @Test
    void badMapSpecsNameTheSpec() throws IOException {
        Path f = raw(DisasmCommandTest.COUNTER);
        String[][] cases = {
            {"counts:hash:4:8", "--map 'counts:hash:4:8': expected NAME:TYPE:KEY:VALUE:ENTRIES[:FLAGS]"},
            {"counts:type=hash,key=4,value=8", "--map 'counts:type=hash,key=4,value=8': needs entries=N"},
            {"counts:type=hash,key=4,key=4,value=8,entries=1", "attribute 'key' given twice"},
            {"counts:hash:4:x:1", "--map 'counts:hash:4:x:1': value 'x' is not a number"},
            {"counts:type=hash,key", "--map 'counts:type=hash,key': 'key' is not ATTR=VALUE"},
        };
        for (String[] c : cases) {
            DisasmCommandTest.Run r = DisasmCommandTest.run("verify", "--map", c[0], f.toString());
            assertEquals(2, r.code(), c[0]);
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains(c[1]), c[0] + " -> " + r.err());
        }
    }

    @Test
    void corpusModeAnswersEveryLine() throws IOException {
        Path f = dir.resolve("c.jsonl");
        Files.writeString(f, "{\"id\":\"a\",\"prog_type\":\"socket_filter\",\"insns_hex\":\"b7000000000000009500000000000000\"}\n"
                + "{\"id\":\"b\",\"prog_type\":\"xdp\",\"insns_hex\":\"9500000000000000\"}\n"
                + "not json\n");
        DisasmCommandTest.Run r = DisasmCommandTest.run("verify", "--corpus", f.toString());
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().trim().split("\n");
        assertEquals(3, lines.length, r.out());
        assertTrue(lines[0].startsWith("{\"id\":\"a\",\"verdict\":\"accept\",\"processed\":2,\"micros\":"), lines[0]);
        assertTrue(lines[1].contains("\"verdict\":\"reject\",\"errno\":\"EACCES\",\"error_line\":\"R0 !read_ok\""), lines[1]);
        assertTrue(lines[2].contains("\"verdict\":\"error\""), lines[2]);
    }

    @Test
    void corpusModeWithALogLevelGivesEachAnswerItsLog() throws IOException {
        Path f = dir.resolve("l.jsonl");
        Files.writeString(f, "{\"id\":\"b\",\"prog_type\":\"xdp\",\"insns_hex\":\"9500000000000000\"}\n");
        DisasmCommandTest.Run r = DisasmCommandTest.run("verify", "--corpus", f.toString(), "--log-level", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"log\":\"0: R1=ctx() R10=fp0\\n0: (95) exit\\nR0 !read_ok\\nprocessed 1 insns"), r.out());
    }
}
