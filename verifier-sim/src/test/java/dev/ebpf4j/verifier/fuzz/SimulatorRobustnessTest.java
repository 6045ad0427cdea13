package dev.ebpf4j.verifier.fuzz;

import dev.ebpf4j.corpus.CorpusEntry;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;

/**
 * The simulator never fails on any input (issue 4): random slots, random programs of real opcodes and mutated
 * corpus programs, of every program type, always get a verdict that is consistent with itself, never an
 * exception, an internal error or a hang. All inputs run first and every offender is reported; then, if there
 * was one, QuickTheories runs the same inputs again and shrinks the first offender to a small program.
 */
class SimulatorRobustnessTest {
    static final int RANDOM = 60_000;
    static final int MUTATED = 50_000;
    /**
     * Far above what any of these inputs should take: a hang, not a slow answer. A mutant that runs to the
     * 1,000,000-instruction limit with tens of thousands of states takes 0.3-2.5 s on an idle machine, and went
     * past 5 s on a loaded one (load average 15 on 2 cores), so the limit leaves room for busy CI machines.
     */
    static final long LIMIT_MS = 30_000;
    /** Corpus programs that take the kernel more than this many instructions are not mutated (see seeds()). */
    static final int MAX_PROCESSED = 20_000;

    @Test
    void randomSlotsAndOpcodeTablePrograms() {
        check("random", RandomPrograms.any(), RANDOM);
    }

    @Test
    void mutatedCorpusPrograms() {
        List<CorpusEntry> seeds = CorpusMutations.seeds(MAX_PROCESSED);
        System.out.println(seeds.size() + " corpus programs to mutate");
        check("mutated corpus", CorpusMutations.mutated(seeds), MUTATED);
    }

    private static void check(String what, Gen<Input> gen, int count) {
        Map<String, List<Input>> offenders = new LinkedHashMap<>();
        int[] seen = {0};
        long t0 = System.nanoTime();
        try (GuardedVerifier v = new GuardedVerifier(LIMIT_MS)) {
            qt().withFixedSeed(Seeds.seed()).withExamples(count).forAll(gen).checkAssert(in -> {
                seen[0]++;
                String p = v.problem(in);
                if (p != null) offenders.computeIfAbsent(p.replaceAll("\\d+", "N"), k -> new ArrayList<>()).add(in);
            });
            System.out.printf("%s: %d inputs in %d ms, %d kinds of offence%n", what, seen[0],
                    (System.nanoTime() - t0) / 1_000_000, offenders.size());
            offenders.forEach((k, l) -> l.stream().limit(3).forEach(i -> System.out.println("  " + l.size() + " x " + k + ", e.g.: " + i)));
            boolean onlyHangs = offenders.keySet().stream().allMatch(k -> k.startsWith("no answer"));
            if (!offenders.isEmpty() && !onlyHangs) {
                // the same inputs again, failing at the first offence, so it shrinks (hangs are not shrunk: too slow)
                qt().withFixedSeed(Seeds.seed()).withExamples(count).forAll(gen).checkAssert(in -> {
                    String p = v.problem(in);
                    if (p != null && !p.startsWith("no answer")) fail(p + "\n" + in);
                });
            }
            if (!offenders.isEmpty()) {
                fail(what + ": " + offenders.values().stream().mapToInt(List::size).sum() + " offenders, kinds: " + offenders.keySet());
            }
        }
        // QuickTheories skips a value it has just tried, so a few hundred fewer than asked may run
        assertTrue(seen[0] >= count * 99L / 100, seen[0] + " inputs run of " + count);
    }
}
