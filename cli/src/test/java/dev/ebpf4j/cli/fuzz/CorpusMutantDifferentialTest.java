package dev.ebpf4j.cli.fuzz;

import dev.ebpf4j.asm.text.Disassembler;
import dev.ebpf4j.cli.KernelVerifier;
import dev.ebpf4j.corpus.Corpus;
import dev.ebpf4j.corpus.CorpusEntry;
import dev.ebpf4j.verifier.CorpusOptions;
import dev.ebpf4j.verifier.Result;
import dev.ebpf4j.verifier.Verifier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The simulator against the live kernel on near neighbours of the corpus programs ({@link CorpusMutants}): each
 * mutant is loaded into the kernel the way kernel-verify loads corpus lines and given to the simulator with the
 * same options. An accept of what the kernel rejects fails the build with both answers and the program; verdict
 * agreement and the agreement of errno and error line are pinned at the figures measured so they cannot fall back.
 * This test found a zero-sized helper access above the stack frame and a tail call's unset R0 that the simulator
 * accepted.
 */
class CorpusMutantDifferentialTest {
    static final int MUTANTS = 6000;
    static final long SEED = 0x6d7574616e74L;
    /**
     * Measured with the seed above on 6.18.44 (fc-v1300), 2026-12-06: 6000/6000 verdicts, 4321/4333 errno and error
     * lines (99.72%; the rest are kfunc BTF ids, BTF objects and the build differences of {@code KernelBuilds}).
     */
    static final double PINNED_VERDICT = 1.0;
    static final double PINNED_ERROR_LINE = 0.995;
    /** Mutants of programs the kernel needs at most this many instructions for, so a run stays short. */
    static final int MAX_PROCESSED = 20_000;

    @Test
    @Tag("kernel")
    void nearNeighboursOfTheCorpusGetTheKernelsAnswer() {
        String why = KernelOracle.unavailable();
        Assumptions.assumeTrue(why == null, why);
        List<CorpusEntry> seeds = new ArrayList<>();
        for (CorpusEntry e : Corpus.read(Corpus.selftests())) {
            if (e.wasRun() && e.program() != null && e.program().size() > 0 && e.live().insnsProcessed() <= MAX_PROCESSED) {
                seeds.add(e);
            }
        }
        SplittableRandom rnd = new SplittableRandom(SEED);
        Tally<String> classes = new Tally<>(String::length);
        int programs = 0, verdicts = 0, bothReject = 0, lines = 0;
        List<String> unsafe = new ArrayList<>();
        try (KernelVerifier kernel = new KernelVerifier()) {
            for (int n = 0; n < MUTANTS; n++) {
                CorpusEntry m = CorpusMutants.mutate(seeds.get(rnd.nextInt(seeds.size())), rnd, n);
                KernelVerifier.Outcome k = kernel.verify(m);
                if (!k.verdict().equals("accept") && !k.verdict().equals("reject")) continue;
                Result s = Verifier.verify(m.unit(), CorpusOptions.of(m, 0));
                programs++;
                boolean kAccepts = k.verdict().equals("accept");
                if (kAccepts == s.accepted()) verdicts++;
                String shown = m.id() + "\n" + Disassembler.kernel().listing(m.program());
                if (!kAccepts && s.accepted()) {
                    unsafe.add("kernel: " + k.errno() + " " + k.errorLine() + "\nsimulator: accept\n" + shown);
                } else if (kAccepts && !s.accepted()) {
                    classes.add("kernel accepts | simulator: " + mask(s.errorLine()), shown);
                } else if (!kAccepts) {
                    bothReject++;
                    if (k.errorLine().equals(s.errorLine()) && k.errno().equals(s.errno().name())) lines++;
                    else classes.add("kernel: " + k.errno() + " " + mask(k.errorLine()) + " | simulator: "
                            + s.errno().name() + " " + mask(s.errorLine()), shown);
                }
            }
        }
        double verdictRate = (double) verdicts / programs;
        double lineRate = bothReject == 0 ? 1 : (double) lines / bothReject;
        System.out.printf("corpus mutants, seed %d: %d programs, verdict agreement %d (%.2f%%), unsafe accepts %d, "
                        + "errno and error line %d of %d both reject (%.2f%%)%n%s%n", SEED, programs, verdicts,
                100 * verdictRate, unsafe.size(), lines, bothReject, 100 * lineRate, classes.table(8));
        if (!unsafe.isEmpty()) fail(unsafe.size() + " mutants accepted that the kernel rejects; the first:\n" + unsafe.get(0));
        assertTrue(verdictRate >= PINNED_VERDICT, "verdict agreement fell below " + PINNED_VERDICT);
        assertTrue(lineRate >= PINNED_ERROR_LINE, "error line agreement fell below " + PINNED_ERROR_LINE);
    }

    private static String mask(String s) {
        return s == null ? "(none)" : s.replaceAll("-?\\b(0x)?[0-9a-f]*[0-9][0-9a-f]*\\b", "N");
    }
}
