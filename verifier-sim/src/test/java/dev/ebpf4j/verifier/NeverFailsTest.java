package dev.ebpf4j.verifier;

import dev.ebpf4j.asm.MapBinding;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.corpus.Corpus;
import dev.ebpf4j.corpus.CorpusEntry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulator always answers: random byte strings and randomly mutated corpus programs get a verdict, never an
 * exception, and never an internal error dressed up as a verdict.
 */
class NeverFailsTest {
    private static final ProgType[] TYPES = {ProgType.SOCKET_FILTER, ProgType.XDP, ProgType.SCHED_CLS};

    private static void check(Program p, Options o, String what) {
        Result r = Verifier.verify(p, o);
        assertNotNull(r, what);
        if (!r.accepted()) {
            assertNotNull(r.errno(), what);
            assertFalse(r.errorLines().isEmpty(), what);
            assertFalse(r.errorLine().contains("internal error"), what + ": " + r.errorLines() + " for " + p.toHex());
        }
        assertTrue(r.processed() >= 0 && r.processed() <= 1_000_001, what);
    }

    @Test
    void randomBytesAlwaysGetAVerdict() {
        Random rnd = new Random(1);
        for (int n = 0; n < 60_000; n++) {
            int slots = 1 + rnd.nextInt(12);
            long[] s = new long[slots];
            for (int i = 0; i < slots; i++) {
                s[i] = rnd.nextLong();
                // bias towards known opcodes and small registers so more than pass 1 gets exercised
                if (rnd.nextInt(3) > 0) s[i] = (s[i] & ~0xffffL) | (rnd.nextInt(0xb0) & 0xff) | (long) rnd.nextInt(11) << 8 | (long) rnd.nextInt(11) << 12;
                if (rnd.nextInt(2) == 0) s[i] = (s[i] & 0x0000_0000_ffff_ffffL) | ((long) (rnd.nextInt(64) - 32) << 32);
                if (rnd.nextInt(2) == 0) s[i] = (s[i] & ~0xffff_0000L) | ((long) (rnd.nextInt(16) - 8) & 0xffff) << 16;
            }
            if (rnd.nextBoolean()) s[slots - 1] = 0x95;
            check(Program.of(s), Options.of(TYPES[n % 3]), "random #" + n);
        }
    }

    @Test
    void mutatedCorpusProgramsAlwaysGetAVerdict() {
        List<CorpusEntry> seeds = new ArrayList<>();
        for (CorpusEntry e : Corpus.read(Corpus.selftests())) {
            if (e.program() != null && CorpusFigures.CORE.contains(e.progType())) seeds.add(e);
        }
        Random rnd = new Random(2);
        for (int n = 0; n < 45_000; n++) {
            CorpusEntry e = seeds.get(rnd.nextInt(seeds.size()));
            long[] s = e.program().slots();
            int edits = 1 + rnd.nextInt(3);
            for (int k = 0; k < edits; k++) {
                int i = rnd.nextInt(s.length);
                int field = rnd.nextInt(5);
                switch (field) {
                    case 0: s[i] ^= 1L << rnd.nextInt(8); break;                 // opcode bit
                    case 1: s[i] ^= 1L << (8 + rnd.nextInt(8)); break;           // a register
                    case 2: s[i] ^= 1L << (16 + rnd.nextInt(16)); break;         // offset bit
                    case 3: s[i] ^= 1L << (32 + rnd.nextInt(32)); break;         // imm bit
                    default: s[i] = s[rnd.nextInt(s.length)]; break;             // copy another slot
                }
            }
            List<MapBinding> maps = e.maps();
            Options o = new Options(e.progType(), e.expectedAttachType(), e.progFlags(), maps, 0);
            check(Program.of(s), o, "mutant #" + n + " of " + e.id());
        }
    }
}
