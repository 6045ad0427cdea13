package dev.ebpf4j.verifier;

import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.text.TextAssembler;
import dev.ebpf4j.asm.uapi.ProgType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * One small program per log rule (src/test/resources/verifier-logs.txt), each with the log the live 6.18 kernel
 * printed for it at level 2 (or at level 1, where a level-2 log would show the precision lines the simulator does not
 * print; such programs end in an error so that the whole path is shown): the simulator's log must be the same, line for line (the Live regs table included), once
 * the stack liveness lines ({@code (0) frame 0 insn 5 +live -8}) are dropped from both, except in the logs that keep
 * them, and map addresses masked.
 */
public class LogRulesTest {
    /** {@code == TYPE [LEVEL] [flags=N]}: the level defaults to 2, the prog_flags to 0. */
    public record Case(int line, ProgType type, int level, int flags, String text, String log) {
        /** Whether the pinned log keeps the kernel's stack liveness lines (then they are compared too). */
        public boolean keepsLiveness() {
            return log.contains("live stack update done");
        }
    }

    public static List<Case> cases() throws IOException {
        String all;
        try (InputStream in = LogRulesTest.class.getResourceAsStream("/verifier-logs.txt")) {
            all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Case> out = new ArrayList<>();
        String[] lines = all.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].startsWith("== ")) continue;
            String[] head = lines[i].substring(3).trim().split(" +");
            ProgType type = ProgType.parse(head[0]).orElseThrow();
            int level = 2;
            int flags = 0;
            for (int k = 1; k < head.length; k++) {
                if (head[k].startsWith("flags=")) flags = Integer.decode(head[k].substring(6));
                else level = Integer.parseInt(head[k]);
            }
            StringBuilder text = new StringBuilder();
            int j = i + 1;
            for (; j < lines.length && !lines[j].equals("-- log"); j++) {
                if (!lines[j].startsWith("#")) text.append(lines[j]).append('\n');
            }
            StringBuilder log = new StringBuilder();
            for (j++; j < lines.length && !lines[j].startsWith("== ") && !lines[j].startsWith("# =="); j++) {
                log.append(lines[j]).append('\n');
            }
            out.add(new Case(i + 1, type, level, flags, text.toString(), log.toString().strip()));
            i = j - 1;
        }
        return out;
    }

    public static String comparable(String log) {
        return comparable(log, false);
    }

    /**
     * The log with map addresses masked and, unless {@code liveness}, the stack liveness lines dropped (the pinned
     * logs that keep them, those of programs without bpf-to-bpf calls, are compared with them).
     */
    public static String comparable(String log, boolean liveness) {
        return log.lines()
                .filter(l -> liveness || !l.matches("\\([0-9,]+\\) .*"))
                .map(l -> l.replaceAll("0x[0-9a-f]{12,16}", "0xADDR"))
                .collect(Collectors.joining("\n")).strip();
    }

    @TestFactory
    List<DynamicTest> eachLogEqualsTheKernels() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        List<Case> cases = cases();
        assertFalse(cases.isEmpty(), "no cases read");
        for (Case c : cases) {
            tests.add(DynamicTest.dynamicTest("line " + c.line(), () -> {
                ProgramUnit u = TextAssembler.assemble(c.text());
                Result r = Verifier.verify(u, Options.of(c.type()).withLogLevel(c.level()).withFlags(c.flags()));
                boolean liveness = c.keepsLiveness();
                assertEquals(comparable(c.log(), liveness), comparable(r.log(), liveness));
            }));
        }
        return tests;
    }
}
