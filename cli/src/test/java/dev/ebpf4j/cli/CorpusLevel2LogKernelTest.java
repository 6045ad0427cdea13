package dev.ebpf4j.cli;

import dev.ebpf4j.corpus.Corpus;
import dev.ebpf4j.corpus.CorpusEntry;
import dev.ebpf4j.verifier.CorpusOptions;
import dev.ebpf4j.verifier.LogRulesTest;
import dev.ebpf4j.verifier.Result;
import dev.ebpf4j.verifier.Verifier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every corpus program loaded into the live kernel at log level 2 and given to the simulator at level 2: where the
 * verdicts agree, the two logs must be the same line for line (map addresses masked, 6.18's stack-liveness lines
 * included), for at least as many programs as measured. The rest are the build differences of {@link KernelBuilds},
 * logs the kernel's 1 MiB buffer cuts to their tail, and helpers the simulator does not type as 6.18 does.
 */
class CorpusLevel2LogKernelTest {
    /** Measured on 6.18.44 (fc-v1300), 2026-12-06: 1333 of the 1358 compared (verdicts agree, at most 20,000 insns). */
    static final int PINNED_SAME_LOGS = 1333;
    static final int MAX_PROCESSED = 20_000;

    @Test
    @Tag("kernel")
    void level2LogsAreTheKernels() throws Exception {
        CliRun.assumeBpf();
        int compared = 0;
        int same = 0;
        List<String> differ = new ArrayList<>();
        try (KernelVerifier kernel = new KernelVerifier(2)) {
            for (CorpusEntry e : Corpus.read(Corpus.selftests())) {
                KernelVerifier.Outcome k = kernel.verify(e);
                // programs the kernel walks long print logs its buffer cuts: left out, and the run stays short
                if (k.log() == null || "error".equals(k.verdict()) || k.processed() > MAX_PROCESSED) continue;
                Result s = Verifier.verify(e.unit(), CorpusOptions.of(e, 2));
                if (!k.verdict().equals(s.accepted() ? "accept" : "reject")) continue;
                compared++;
                if (comparable(k.log()).equals(comparable(s.log()))) same++;
                else differ.add(e.id());
            }
        }
        System.out.printf("level-2 logs: %d of %d corpus programs print the kernel's log line for line%n",
                same, compared);
        assertTrue(compared > 1300, "the corpus was read and loaded: " + compared);
        assertTrue(same >= PINNED_SAME_LOGS, same + " level-2 logs are the kernel's, pinned at " + PINNED_SAME_LOGS
                + "; differing: " + differ);
    }

    /** Masked as {@link LogRulesTest} does, the stack-liveness lines kept; the timing line dropped. */
    private static String comparable(String log) {
        return LogRulesTest.comparable(log, true).lines()
                .filter(l -> !l.startsWith("verification time") && !l.startsWith("stack depth"))
                .collect(Collectors.joining("\n"));
    }
}
