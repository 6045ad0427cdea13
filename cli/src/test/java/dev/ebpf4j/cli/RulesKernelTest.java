package dev.ebpf4j.cli;

import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.text.TextAssembler;
import dev.ebpf4j.corpus.CorpusEntry;
import dev.ebpf4j.verifier.RulesTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rule cases that pin the simulator (verifier-sim's verifier-rules*.txt) each carry the answer the kernel gave
 * when the rule was written. This loads every one into the live kernel again, so a pinned answer that was wrong,
 * or that a kernel build answers otherwise, is seen here and not taken on trust.
 */
class RulesKernelTest {

    @Test
    @Tag("kernel")
    void everyPinnedAnswerIsTheLiveKernels() throws Exception {
        CliRun.assumeBpf();
        List<String> differ = new ArrayList<>();
        int checked = 0, buildDifferences = 0;
        try (KernelVerifier kernel = new KernelVerifier()) {
            for (RulesTest.Case c : RulesTest.cases()) {
                ProgramUnit u = TextAssembler.assemble(c.text());
                List<CorpusEntry.MapExtras> extras = new ArrayList<>();
                for (int i = 0; i < u.maps().size(); i++) {
                    extras.add(new CorpusEntry.MapExtras(null, i == 0 ? c.btf() : null, Map.of()));
                }
                String id = c.file() + ":" + c.line();
                CorpusEntry e = new CorpusEntry(id, id, c.type(), c.attach(), 0, u.program(), u.maps(), extras, null);
                KernelVerifier.Outcome o = kernel.verify(e);
                String got = switch (o.verdict()) {
                    case "accept" -> "accept";
                    case "reject" -> o.errno() + " " + o.errorLine();
                    default -> "error: " + o.message();
                };
                checked++;
                if (KernelBuilds.answersOtherwise(id)) buildDifferences++;
                else if (!got.equals(c.expected())) {
                    differ.add(id + "\n  pinned: " + c.expected() + "\n  kernel: " + got);
                }
            }
        }
        System.out.println("rule cases loaded into the kernel: " + checked + ", answered otherwise: " + differ.size()
                + (buildDifferences == 0 ? "" : ", left out as known to differ on " + KernelBuilds.release() + ": "
                + buildDifferences));
        assertTrue(checked > 200, "the rule files were read");
        assertEquals("", String.join("\n", differ), differ.size() + " pinned answers are not the live kernel's");
    }
}
