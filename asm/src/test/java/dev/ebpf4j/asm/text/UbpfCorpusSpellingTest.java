package dev.ebpf4j.asm.text;

import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.Slots;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ubpf syntax uses the bpf_conformance suite's own spellings: the shape of every instruction it prints
 * (mnemonic and operand layout, numbers and labels abstracted) occurs in the suite's {@code -- asm} sections,
 * except for the few forms the suite never writes, which come from rbpf ({@code ldabs*}, {@code ldind*}) or
 * the mnemonic table ({@code call runtime N}), and the {@code .raw} fallback.
 */
class UbpfCorpusSpellingTest {
    private static final Set<String> NOT_IN_SUITE = Set.of(
            "ldabsb N", "ldabsh N", "ldabsw N", "ldindb %r, N", "ldindh %r, N", "ldindw %r, N", "call runtime N");

    /** An instruction's shape: registers, numbers and jump targets (labels or offsets) abstracted. */
    static String shape(String insn) {
        String s = insn.replaceAll("#.*", "").strip();
        s = s.replaceAll("%r\\d+", "%r");
        s = s.replaceAll("[+-]?(?<![A-Za-z0-9_])(0x[0-9a-fA-F]+|\\d+)(?![A-Za-z0-9_])", "N");
        s = s.replaceAll("\\[%r\\s*[+-]?\\s*N\\]|\\[%r\\]", "[%r+N]");
        if (s.matches("(j[a-z0-9]+|ja32)( .*)?")) s = s.replaceAll("(, | )([A-Za-z_][A-Za-z_0-9]*|N)$", "$1N");
        if (s.startsWith("call local ")) s = "call local N";
        return s;
    }

    static Set<String> suiteShapes() throws IOException {
        Path dir = Path.of(System.getProperty("ebpf4j.shared", "../../shared"), "corpus", "bpf-conformance");
        Set<String> shapes = new TreeSet<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".data")).sorted().toList();
        }
        for (Path f : files) {
            boolean asm = false;
            for (String line : Files.readAllLines(f)) {
                if (line.strip().startsWith("--")) {
                    asm = line.contains("asm");
                    continue;
                }
                String code = line.replaceAll("#.*", "").strip();
                if (!asm || code.isEmpty() || code.endsWith(":")) continue;
                shapes.add(shape(code));
            }
        }
        assertTrue(files.size() >= 300, "conformance files: " + files.size());
        return shapes;
    }

    @Test
    void everySpellingIsTheSuites() throws IOException {
        Set<String> suite = suiteShapes();
        Disassembler ubpf = Disassembler.of(Syntax.UBPF);
        Random random = new Random(9669);
        Set<String> foreign = new TreeSet<>();
        Set<String> ours = new TreeSet<>();
        int[] fieldValues = {0, 0, 0, 1, 5, 8, 16, 32, 64, -8, 0x7fffffff, -1};
        for (int code = 0; code < 256; code++) {
            for (int k = 0; k < 60; k++) {
                int off = fieldValues[random.nextInt(fieldValues.length)];
                int imm = fieldValues[random.nextInt(fieldValues.length)];
                long slot = Slots.encode(code, random.nextInt(11), random.nextInt(11), random.nextBoolean() ? 0 : off,
                        random.nextBoolean() ? 0 : imm);
                String text = ubpf.text(Program.of(slot, 0), 0);
                if (text.startsWith(".raw ")) continue;
                String s = shape(text);
                ours.add(s);
                if (!suite.contains(s) && !NOT_IN_SUITE.contains(s)) foreign.add(s + "   (e.g. " + text + ")");
            }
        }
        System.out.println("ubpf spellings: " + ours.size() + " shapes printed, all but " + foreign.size()
                + " found in the bpf_conformance suite's " + suite.size());
        assertTrue(ours.size() >= 100, "shapes: " + ours.size());
        assertEquals(Set.of(), foreign);
    }
}
