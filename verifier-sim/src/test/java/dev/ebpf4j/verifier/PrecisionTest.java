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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Precision tracking against the live kernel (src/test/resources/verifier-precision.txt): programs whose paths
 * meet with different scalars must be rejected when the difference matters (pruning them would accept an unsafe
 * program) and pruned when it does not; the final {@code processed ...} line and the level-2 log (with its
 * {@code mark_precise} lines) must be the kernel's.
 */
class PrecisionTest {
    record Case(int line, ProgType type, int flags, String expected, String stats, String text, String log) {}

    static List<Case> cases() throws IOException {
        String all;
        try (InputStream in = PrecisionTest.class.getResourceAsStream("/verifier-precision.txt")) {
            all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Case> out = new ArrayList<>();
        String[] lines = all.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].startsWith("== ")) continue;
            String[] head = lines[i].substring(3).split(" ", 3);
            StringBuilder text = new StringBuilder();
            String stats = null;
            int j = i + 1;
            for (; j < lines.length && !lines[j].startsWith("== ") && !lines[j].equals("-- log"); j++) {
                if (lines[j].startsWith("# stats: ")) stats = lines[j].substring(9);
                else if (!lines[j].startsWith("#")) text.append(lines[j]).append('\n');
            }
            StringBuilder log = new StringBuilder();
            if (j < lines.length && lines[j].equals("-- log")) {
                for (j++; j < lines.length && !lines[j].startsWith("== "); j++) log.append(lines[j]).append('\n');
            }
            out.add(new Case(i + 1, ProgType.parse(head[0]).orElseThrow(), Integer.parseInt(head[1]), head[2], stats,
                    text.toString(), log.toString().strip()));
            i = j - 1;
        }
        return out;
    }

    @TestFactory
    List<DynamicTest> eachProgramAnswersAndCountsAsTheKernel() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases()) {
            tests.add(DynamicTest.dynamicTest("line " + c.line() + ": " + c.expected(), () -> {
                ProgramUnit u = TextAssembler.assemble(c.text());
                Options o = new Options(c.type(), null, c.flags(), u.maps(), 2, java.util.Map.of());
                Result r = Verifier.verify(u.program(), o);
                if (c.expected().equals("accept")) {
                    assertTrue(r.accepted(), r.log());
                } else {
                    String[] e = c.expected().split(" ", 2);
                    assertEquals(e[1], r.errorLine(), r.log());
                    assertEquals(e[0], r.errno().name(), r.log());
                }
                if (c.stats() != null) assertEquals(c.stats(), r.statsLine(), r.log());
                // the level-2 log, mark_precise backtracking lines included
                if (!c.log().isEmpty()) assertEquals(c.log(), LogRulesTest.comparable(r.log()));
            }));
        }
        assertTrue(tests.size() >= 8);
        return tests;
    }
}
