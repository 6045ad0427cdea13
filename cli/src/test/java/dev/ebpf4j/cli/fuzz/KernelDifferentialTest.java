package dev.ebpf4j.cli.fuzz;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;

/**
 * The simulator against the live kernel on generated programs (issue 4): every program is loaded into the kernel
 * and given to the simulator. A simulator that accepts what the kernel rejects fails at once, and QuickTheories
 * shrinks the program to a small one printed in kernel syntax with both answers. Verdict agreement over the run
 * is pinned at the figure measured, so it cannot fall back; the classes of disagreement are printed, most
 * frequent first, each with its smallest program, for whoever works on the simulator next.
 */
@Tag("kernel")
class KernelDifferentialTest {
    static final int PROGRAMS = 4000;
    /**
     * Measured with the default seed: 98.92% on 2026-11-25, then 100% (3999/3999) once load-acquire/store-release,
     * constant-key array lookups and the helper availability table were modelled; still 100% on 2026-12-06 on the
     * fc-v1300 build, where seeds 11, 22, 33, 44, 55, 66, 77 and 88 measured 99.97-100% with no unsafe accept.
     */
    static final double PINNED_AGREEMENT = 1.0;
    /** Per program; the kernel needs a few milliseconds for these programs, seconds for the worst of them. */
    static final long SIMULATOR_LIMIT_MS = 5000;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void simulatorAgreesWithTheKernelAndNeverAcceptsWhatItRejects() {
        String why = KernelOracle.unavailable();
        Assumptions.assumeTrue(why == null, why);
        DifferentialStats stats = new DifferentialStats();
        try (KernelOracle kernel = new KernelOracle(); SimulatorOracle sim = new SimulatorOracle(SIMULATOR_LIMIT_MS)) {
            // pass 1: every program, both answers, nothing fails here so the figures cover the whole run
            try {
                qt().withFixedSeed(FuzzSeeds.seed()).withExamples(PROGRAMS).forAll(ProgramGen.programs())
                        .checkAssert(p -> stats.record(p, () -> kernel.answer(p), () -> sim.answer(p)));
            } finally {
                System.out.println("kernel differential, seed " + FuzzSeeds.seed() + ":\n" + stats.report(6));
            }
            // pass 2, only when pass 1 saw an unsafe accept: the same programs again, failing at the first one,
            // so QuickTheories shrinks it to a small program and prints it with both answers
            if (stats.unsafe > 0) {
                qt().withFixedSeed(FuzzSeeds.seed()).withExamples(PROGRAMS).forAll(ProgramGen.programs()).checkAssert(p -> {
                    Answer s = sim.answer(p);
                    if (!s.accepted()) return;
                    Answer k = kernel.answer(p);
                    if (!k.accepted()) {
                        fail("unsafe accept (" + stats.unsafe + " in " + stats.programs + " programs): the simulator "
                                + "accepts a program the kernel rejects\nkernel:    " + k + "\nsimulator: " + s + "\n" + p);
                    }
                });
            }
        }
        assertTrue(stats.agreement() >= PINNED_AGREEMENT, String.format(
                "verdict agreement %.4f fell below the pinned %.4f", stats.agreement(), PINNED_AGREEMENT));
    }
}
