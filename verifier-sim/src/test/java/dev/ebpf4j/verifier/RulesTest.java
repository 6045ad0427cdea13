package dev.ebpf4j.verifier;

import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.text.TextAssembler;
import dev.ebpf4j.asm.uapi.AttachType;
import dev.ebpf4j.asm.uapi.ProgType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One small program per rule (src/test/resources/verifier-rules.txt and verifier-rules-fields.txt), each with the
 * answer the live 6.18 kernel gave for it: verdict, errno and last message line.
 */
public class RulesTest {
    static final String[] FILES = {"verifier-rules.txt", "verifier-rules-fields.txt"};

    public record Case(String file, int line, ProgType type, AttachType attach, String expected, String text, String btf) {}

    public static List<Case> cases() throws IOException {
        List<Case> out = new ArrayList<>();
        for (String file : FILES) out.addAll(cases(file));
        return out;
    }

    static List<Case> cases(String file) throws IOException {
        String all;
        try (InputStream in = RulesTest.class.getResourceAsStream("/" + file)) {
            all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Case> out = new ArrayList<>();
        String[] lines = all.split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].startsWith("== ")) continue;
            String[] head = lines[i].substring(3).split(" ", 2);
            StringBuilder text = new StringBuilder();
            int j = i + 1;
            String btf = null;
            for (; j < lines.length && !lines[j].startsWith("== "); j++) {
                // ".btf <description>": the BTF value type of the first map (spin lock, kptrs), as in the corpus
                if (lines[j].startsWith(".btf ")) btf = lines[j].substring(5);
                else if (!lines[j].startsWith("#")) text.append(lines[j]).append('\n');
            }
            // "type/ATTACH_TYPE" names the expected attach type the kernel was given
            String[] ta = head[0].split("/", 2);
            AttachType attach = ta.length == 2 ? AttachType.valueOf(ta[1]) : null;
            out.add(new Case(file, i + 1, ProgType.parse(ta[0]).orElseThrow(), attach, head[1], text.toString(), btf));
            i = j - 1;
        }
        return out;
    }

    @TestFactory
    List<DynamicTest> eachRuleAnswersAsTheKernel() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases()) {
            tests.add(DynamicTest.dynamicTest(c.file() + " line " + c.line() + ": " + c.expected(), () -> {
                ProgramUnit u = TextAssembler.assemble(c.text());
                Options o = Options.of(c.type()).withAttachType(c.attach()).withLogLevel(1);
                if (c.btf() != null) {
                    o = new Options(o.progType(), o.expectedAttachType(), o.progFlags(), u.maps(), 1, Map.of(0, c.btf()));
                }
                Result r = c.btf() != null ? Verifier.verify(u.program(), o) : Verifier.verify(u, o);
                if (System.getProperty("rules.hex") != null) {
                    System.out.println("CASE " + c.file() + ":" + c.line() + " " + c.type().value() + " " + u.program().toHex());
                }
                if (c.expected().equals("accept")) {
                    assertTrue(r.accepted(), r.log());
                } else {
                    String[] e = c.expected().split(" ", 2);
                    assertEquals(e[1], r.errorLine(), r.log());
                    assertEquals(e[0], r.errno().name(), r.log());
                }
            }));
        }
        return tests;
    }
}
