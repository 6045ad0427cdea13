package dev.ebpf4j.asm.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ebpf4j.asm.Program;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * The ubpf listing reads back through {@link TextAssembler#assembleUbpf} to exactly the bytes it came from:
 * for every program of the verifier self-test corpus, and for random programs of any bits.
 */
class UbpfRoundTripTest {
    private static final Disassembler UBPF = Disassembler.of(Syntax.UBPF);

    private static void assertRoundTrip(Program p, String what) {
        String text = UBPF.listing(p);
        Program back;
        try {
            back = TextAssembler.assembleUbpf(text).program();
        } catch (RuntimeException e) {
            throw new AssertionError(what + ": the assembler refused the listing: " + e.getMessage() + "\n" + text, e);
        }
        assertEquals(p.toHex(), back.toHex(), what + "\n" + text);
    }

    @Test
    void everyCorpusProgramRoundTrips() throws IOException {
        ObjectMapper json = new ObjectMapper();
        int programs = 0;
        try (BufferedReader in = Files.newBufferedReader(KernelLogGoldenTest.corpus(), StandardCharsets.UTF_8)) {
            for (String row; (row = in.readLine()) != null; ) {
                if (row.isBlank()) continue;
                JsonNode test = json.readTree(row);
                if (!test.hasNonNull("insns_hex")) continue;
                Program p = Program.fromHex(test.get("insns_hex").asText());
                if (lastSlotOpensLdImm64(p)) continue; // no listing can say "half an LD_IMM64"
                assertRoundTrip(p, test.get("id").asText());
                programs++;
            }
        }
        System.out.println("ubpf round trip: " + programs + " corpus programs");
        assertTrue(programs >= 1300, "programs: " + programs);
    }

    /** Random programs: any slots, with LD_IMM64 and jumps frequent, never ending in half an LD_IMM64. */
    @Test
    void randomProgramsRoundTrip() {
        Gen<Long> slot = Generate.frequency(
                org.quicktheories.api.Pair.of(3, longs().all()),
                org.quicktheories.api.Pair.of(2, longs().all().map(l -> (l & ~0xffL) | 0x18)),
                org.quicktheories.api.Pair.of(4, integers().between(0, 255).zip(integers().between(0, 10),
                        integers().between(-4, 4), (code, reg, small) ->
                                (code & 0xffL) | (long) reg << 8 | (small & 0xffffL) << 16 | (long) small << 32)));
        Gen<long[]> slots = integers().between(0, 30).flatMap(n -> arrayOf(slot, n));
        qt().withExamples(1500).forAll(slots).checkAssert(s -> {
            Program p = Program.of(s);
            if (lastSlotOpensLdImm64(p)) p = Program.of(append(s, 0L));
            assertRoundTrip(p, "random program");
        });
    }

    private static Gen<long[]> arrayOf(Gen<Long> element, int n) {
        Gen<long[]> out = Generate.constant(() -> new long[0]);
        for (int i = 0; i < n; i++) out = out.zip(element, UbpfRoundTripTest::append);
        return out;
    }

    private static long[] append(long[] a, Long x) {
        long[] b = java.util.Arrays.copyOf(a, a.length + 1);
        b[a.length] = x;
        return b;
    }

    /** Whether the program's last slot starts an LD_IMM64 (pairing slots from the front, as the kernel does). */
    private static boolean lastSlotOpensLdImm64(Program p) {
        for (int i = 0; i < p.size(); i++) {
            if (p.insn(i).opcode() == 0x18) {
                if (i == p.size() - 1) return true;
                i++;
            }
        }
        return false;
    }
}
