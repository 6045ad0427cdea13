package dev.ebpf4j.asm.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ebpf4j.asm.Insn;
import dev.ebpf4j.asm.Program;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every instruction line the live 6.18 kernel printed into the verifier logs of the corpus
 * ({@code N: (xx) text}) must be what {@link Disassembler#line} prints for slot N of the program.
 */
class KernelLogGoldenTest {
    /** An instruction line of a verifier log: index, then the kernel's text (with any state suffix). */
    private static final Pattern INSN_LINE = Pattern.compile("^(\\d+): (\\([0-9a-f]{2}\\) .*|BUG_.*)$");
    /**
     * The kernel may continue a jump's line with log text of its own: the state of the branch target at log
     * level 1 ({@code if r1 > r2 goto pc+1 11: R0=...}) or an error ({@code goto pc-3 infinite loop detected
     * at insn 1}). A jump's instruction text always ends with its offset, so what follows is not part of it.
     */
    private static final Pattern BRANCH_STATE = Pattern.compile("^(.* goto pc[+-]\\d+) .*$");
    private static final Pattern ADDRESS = Pattern.compile("^(\\(18\\) r\\d+ = )0x[0-9a-f]+$");

    static Path corpus() {
        return Path.of(System.getProperty("ebpf4j.shared", "../../shared"), "corpus", "kernel-verifier-selftests.jsonl");
    }

    @Test
    void everyInstructionLineOfTheLiveLogsMatches() throws IOException {
        ObjectMapper json = new ObjectMapper();
        Disassembler kernel = Disassembler.of(Syntax.KERNEL);
        int programs = 0;
        int total = 0;
        int matched = 0;
        List<String> failures = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(corpus(), StandardCharsets.UTF_8)) {
            for (String row; (row = in.readLine()) != null; ) {
                if (row.isBlank()) continue;
                JsonNode test = json.readTree(row);
                if (!test.hasNonNull("live_log") || !test.hasNonNull("insns_hex")) continue;
                programs++;
                Program program = Program.fromHex(test.get("insns_hex").asText());
                String[] lines = test.get("live_log").asText().split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    if (insideCut(lines, i)) continue;
                    Matcher m = INSN_LINE.matcher(lines[i]);
                    if (!m.matches()) continue;
                    total++;
                    int index = Integer.parseInt(m.group(1));
                    String expected = kernelText(m.group(2));
                    String actual = index < program.size() ? kernel.line(program, index) : "<no slot " + index + ">";
                    if (isPointerLoad(program, index)) {
                        expected = ADDRESS.matcher(expected).replaceAll("$1<address>");
                        actual = ADDRESS.matcher(actual).replaceAll("$1<address>");
                    }
                    if (expected.equals(actual)) {
                        matched++;
                    } else if (failures.size() < 40) {
                        failures.add(test.get("id").asText() + " insn " + index + ": kernel '" + expected + "', ours '" + actual + "'");
                    }
                }
            }
        }
        System.out.printf("kernel log golden disassembly: %d/%d instruction lines match (%.2f%%) in %d logs%n",
                matched, total, 100.0 * matched / Math.max(1, total), programs);
        assertTrue(total > 4000, "expected the corpus logs to hold over 4000 instruction lines, found " + total);
        assertEquals(List.of(), failures);
        assertEquals(total, matched);
    }

    /** The line is the log's cut marker or a line the cut may have split. */
    private static boolean insideCut(String[] lines, int i) {
        for (int j = Math.max(0, i - 1); j <= Math.min(lines.length - 1, i + 1); j++) {
            if (lines[j].startsWith("... [") && lines[j].endsWith(" bytes omitted] ...")) return true;
        }
        return false;
    }

    /** The instruction text of a log line: before the {@code ; } state suffix, trailing spaces trimmed. */
    static String kernelText(String logged) {
        int semi = logged.indexOf("; ");
        String text = (semi >= 0 ? logged.substring(0, semi) : logged).stripTrailing();
        Matcher branch = BRANCH_STATE.matcher(text);
        return branch.matches() ? branch.group(1) : text;
    }

    /** An LD_IMM64 whose immediate the kernel replaced with a kernel address (maps, map values, BTF variables). */
    private static boolean isPointerLoad(Program program, int index) {
        if (index >= program.size()) return false;
        Insn insn = program.insn(index);
        int src = insn.src();
        return insn.opcode() == 0x18 && (src == 1 || src == 2 || src == 3 || src == 5 || src == 6);
    }
}
