package dev.ebpf4j.verifier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulator against the live kernel's recorded answers. The thresholds pin the figures measured so far so
 * they cannot fall back; raise them as they rise. Unsafe accepts must stay at zero.
 */
class CorpusAgreementTest {
    // pinned figures (core types: SOCKET_FILTER, XDP, SCHED_CLS)
    static final double MIN_VERDICT_AGREEMENT = 1.0;
    static final double MIN_ERROR_LINE_AGREEMENT = 1.0;
    // every program type of the corpus
    static final double MIN_ALL_VERDICT_AGREEMENT = 1.0;
    static final double MIN_ALL_ERROR_LINE_AGREEMENT = 1.0;
    // accepted programs (all types) whose final `processed ...` line is the kernel's, and whose processed count is
    static final int MIN_STATS_LINE_AGREEMENT = 715;
    static final int MIN_PROCESSED_AGREEMENT = 715;
    // programs both reject whose final `processed ...` line is the kernel's
    static final int MIN_REJECT_STATS_LINE_AGREEMENT = 613;

    static CorpusFigures figures;

    @BeforeAll
    static void measure() {
        figures = CorpusFigures.measure();
        System.out.println(figures.table());
        figures.write(Path.of("target"));
    }

    @Test
    void noUnsafeAccepts() {
        assertEquals(0, figures.core.unsafeAccepts, "accepted what the kernel rejected: " + figures.unsafe);
    }

    @Test
    void noUnsafeAcceptsForAnyProgramType() {
        assertEquals(0, figures.all.unsafeAccepts, figures.table());
    }

    @Test
    void allTypesVerdictAgreementDoesNotFallBack() {
        assertTrue(figures.all.verdictRate() >= MIN_ALL_VERDICT_AGREEMENT,
                "verdict agreement " + figures.all.verdictRate() + " < " + MIN_ALL_VERDICT_AGREEMENT);
    }

    @Test
    void allTypesErrorLineAgreementDoesNotFallBack() {
        assertTrue(figures.all.errorLineRate() >= MIN_ALL_ERROR_LINE_AGREEMENT,
                "error line agreement " + figures.all.errorLineRate() + " < " + MIN_ALL_ERROR_LINE_AGREEMENT);
    }

    @Test
    void processedLineAgreementDoesNotFallBack() {
        assertTrue(figures.statsLineAgree >= MIN_STATS_LINE_AGREEMENT,
                "exact processed lines " + figures.statsLineAgree + " < " + MIN_STATS_LINE_AGREEMENT + "\n"
                        + String.join("\n", figures.statsDiffs));
    }

    @Test
    void rejectedProcessedLineAgreementDoesNotFallBack() {
        assertTrue(figures.rejectStatsLineAgree >= MIN_REJECT_STATS_LINE_AGREEMENT,
                "exact processed lines of rejects " + figures.rejectStatsLineAgree + " < " + MIN_REJECT_STATS_LINE_AGREEMENT);
    }

    @Test
    void processedCountAgreementDoesNotFallBack() {
        assertTrue(figures.processedAgree >= MIN_PROCESSED_AGREEMENT,
                "same processed counts " + figures.processedAgree + " < " + MIN_PROCESSED_AGREEMENT);
    }

    @Test
    void verdictAgreementDoesNotFallBack() {
        assertTrue(figures.core.verdictRate() >= MIN_VERDICT_AGREEMENT,
                "verdict agreement " + figures.core.verdictRate() + " < " + MIN_VERDICT_AGREEMENT);
    }

    @Test
    void errorLineAgreementDoesNotFallBack() {
        assertTrue(figures.core.errorLineRate() >= MIN_ERROR_LINE_AGREEMENT,
                "error line agreement " + figures.core.errorLineRate() + " < " + MIN_ERROR_LINE_AGREEMENT);
    }
}
