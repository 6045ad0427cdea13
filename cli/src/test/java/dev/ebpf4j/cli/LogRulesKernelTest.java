package dev.ebpf4j.cli;

import dev.ebpf4j.asm.MapBinding;
import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.text.TextAssembler;
import dev.ebpf4j.loader.BpfMap;
import dev.ebpf4j.loader.BpfProgram;
import dev.ebpf4j.loader.LoadOptions;
import dev.ebpf4j.loader.ProgramLoadException;
import dev.ebpf4j.verifier.LogRulesTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The logs pinned in verifier-sim's verifier-logs.txt, each loaded into the live kernel again at its level and
 * with its flags: the kernel must still print them (map addresses aside, and stack-liveness lines unless the pinned
 * log keeps them).
 */
class LogRulesKernelTest {

    @Test
    @Tag("kernel")
    void everyPinnedLogIsTheLiveKernels() throws Exception {
        CliRun.assumeBpf();
        List<String> differ = new ArrayList<>();
        int checked = 0;
        for (LogRulesTest.Case c : LogRulesTest.cases()) {
            ProgramUnit u = TextAssembler.assemble(c.text());
            List<BpfMap> maps = new ArrayList<>();
            try {
                for (MapBinding b : u.maps()) maps.add(BpfMap.create(b.map()));
                LoadOptions o = LoadOptions.of(c.type()).withLogLevel(c.level()).withFlags(c.flags())
                        .withLogSize(1 << 20);
                String log;
                try (BpfProgram p = BpfProgram.load(u, o, maps)) {
                    log = p.log();
                } catch (ProgramLoadException e) {
                    log = e.log();
                }
                checked++;
                if (KernelBuilds.answersOtherwise("verifier-logs.txt:" + c.line())) continue;
                boolean liveness = c.keepsLiveness();
                if (!LogRulesTest.comparable(c.log(), liveness).equals(LogRulesTest.comparable(log, liveness))) {
                    differ.add("verifier-logs.txt line " + c.line() + ":\n" + LogRulesTest.comparable(log, liveness));
                }
            } finally {
                maps.forEach(BpfMap::close);
            }
        }
        System.out.println("pinned logs loaded into the kernel: " + checked + ", printed otherwise: " + differ.size());
        assertTrue(checked > 20, "the log file was read");
        assertEquals("", String.join("\n", differ), differ.size() + " pinned logs are not the live kernel's");
    }
}
