package dev.ebpf4j.verifier;

import dev.ebpf4j.corpus.Corpus;
import dev.ebpf4j.corpus.CorpusEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The level-1 log against the live kernel's, where the verdicts agree and the recorded log is whole: the logs must
 * be identical except for the kernel addresses of maps. Two figures: the core program types, and every program
 * type. The pinned figures are today's measurements; raise them as they rise.
 */
class CorpusLogTest {
    static final double MIN_IDENTICAL = 0.979;
    static final double MIN_ALL_TYPES_IDENTICAL = 0.978;

    static String norm(String log) {
        return log.replaceAll("0x[0-9a-f]{12,16}", "0xADDR").trim();
    }

    /** Identical logs and compared logs, for the core types and for all types, and the ids that differ. */
    static int coreSame, coreTotal, allSame, allTotal;
    static final List<String> coreDiffer = new ArrayList<>();
    static final List<String> allDiffer = new ArrayList<>();

    @BeforeAll
    static void measure() {
        for (CorpusEntry e : Corpus.read(Corpus.selftests())) {
            if (!e.wasRun() || e.program() == null) continue;
            if (e.live().log() == null || e.live().log().contains("bytes omitted")) continue;
            Result r = Verifier.verify(e.program(), CorpusOptions.of(e, 1));
            if (r.accepted() != "accept".equals(e.live().verdict())) continue;
            boolean same = norm(e.live().log()).equals(norm(r.log()));
            boolean core = CorpusFigures.CORE.contains(e.progType());
            allTotal++;
            if (same) allSame++;
            else allDiffer.add(e.id());
            if (core) {
                coreTotal++;
                if (same) coreSame++;
                else coreDiffer.add(e.id());
            }
        }
        System.out.printf("level-1 logs identical to the kernel's: core types %d of %d (%.1f%%), all types %d of %d (%.1f%%)%n",
                coreSame, coreTotal, 100.0 * coreSame / coreTotal, allSame, allTotal, 100.0 * allSame / allTotal);
    }

    @Test
    void levelOneLogsEqualTheKernels() {
        double rate = (double) coreSame / coreTotal;
        assertTrue(rate >= MIN_IDENTICAL, "identical logs " + rate + "; differing: " + coreDiffer);
    }

    @Test
    void levelOneLogsOfAllProgramTypesEqualTheKernels() {
        double rate = (double) allSame / allTotal;
        assertTrue(rate >= MIN_ALL_TYPES_IDENTICAL, "identical logs " + rate + "; differing: " + allDiffer);
    }
}
