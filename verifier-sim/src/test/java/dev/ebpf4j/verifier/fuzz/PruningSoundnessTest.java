package dev.ebpf4j.verifier.fuzz;

import dev.ebpf4j.corpus.CorpusEntry;
import dev.ebpf4j.verifier.CorpusOptions;
import dev.ebpf4j.verifier.Errno;
import dev.ebpf4j.verifier.Result;
import dev.ebpf4j.verifier.Verifier;
import dev.ebpf4j.verifier.walk.Walker;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

/**
 * Pruning must never change a verdict to accept: every program the simulator accepts must also be accepted when
 * the walk prunes nothing and follows every path to its end. A precision mark missed, a dead register or stack
 * slot wrongly ignored, or a state compared too loosely shows up here as a program accepted only with pruning.
 * Inputs: the corpus programs, mutated corpus programs, and programs made for the purpose ({@link PruningPrograms});
 * purely random programs are almost never accepted, so they would check nothing here.
 */
class PruningSoundnessTest {
    static final int MUTATED = 10_000;
    static final int MADE = 12_000;
    static final int MAX_PROCESSED = 20_000;

    @Test
    void corpusProgramsAcceptedWithPruningAreAcceptedWithout() {
        List<String> bad = new ArrayList<>();
        int[] n = new int[2];
        for (CorpusEntry e : CorpusMutations.seeds(MAX_PROCESSED)) {
            check(new Input("corpus " + e.id(), e.program(), CorpusOptions.of(e, 0)), bad, n);
        }
        System.out.printf("pruning soundness, corpus: %d accepted, %d checked without pruning, %d offenders%n",
                n[0], n[1], bad.size());
        assertTrue(bad.isEmpty(), String.join("\n", bad));
        assertTrue(n[1] > 500, "too few accepted programs checked: " + n[1]);
    }

    @Test
    void mutatedCorpusProgramsAcceptedWithPruningAreAcceptedWithout() {
        run("mutated corpus", CorpusMutations.mutated(CorpusMutations.seeds(MAX_PROCESSED)), MUTATED);
    }

    @Test
    void programsMadeForPruningAcceptedWithPruningAreAcceptedWithout() {
        run("made for pruning", PruningPrograms.any(), MADE);
    }

    private static void run(String what, Gen<Input> gen, int count) {
        List<String> bad = new ArrayList<>();
        int[] n = new int[2];
        qt().withFixedSeed(Seeds.seed()).withExamples(count).forAll(gen).checkAssert(in -> check(in, bad, n));
        System.out.printf("pruning soundness, %s: %d accepted, %d checked without pruning, %d offenders%n", what,
                n[0], n[1], bad.size());
        assertTrue(bad.isEmpty(), bad.size() + " offenders, e.g.:\n" + String.join("\n", bad.subList(0, Math.min(3, bad.size()))));
        assertTrue(n[1] >= count / 50, "too few accepted programs checked: " + n[1]);
    }

    private static void check(Input in, List<String> bad, int[] n) {
        Result pruned = Verifier.verify(in.program(), in.options());
        if (!pruned.accepted()) return;
        n[0]++;
        Result full = Walker.withoutPruning(() -> Verifier.verify(in.program(), in.options()));
        // a full walk may run out of instructions or branch stack where the pruned one did not: no answer then
        if (full.errno() == Errno.E2BIG || full.errno() == Errno.EFAULT) return;
        n[1]++;
        if (!full.accepted()) {
            bad.add("accepted only with pruning (full walk: " + full.errorLine() + "): " + in);
        }
    }
}
