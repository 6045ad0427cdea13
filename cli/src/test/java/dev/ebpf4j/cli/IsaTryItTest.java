package dev.ebpf4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every "Try it" snippet of {@code docs/isa.md} (a program written with a heredoc, then an
 * {@code ebpf4j run} command) through the {@code run} command in-process and checks that the output block the
 * guide shows under it is exactly what the command prints, so the guide cannot drift from the interpreter.
 */
class IsaTryItTest {
    /** The instruction-class sections that must each carry one snippet. */
    private static final List<String> SECTIONS = List.of("## 3.", "## 4.", "## 5.", "## 6.", "## 7.", "## 8.");

    record Snippet(String section, String fileName, String program, String command, String expected) {}

    static List<Snippet> snippets(List<String> lines) {
        List<Snippet> out = new ArrayList<>();
        String section = "";
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("## ")) section = line;
            if (!line.startsWith("**Try it.**")) continue;
            int j = i + 1;
            while (!lines.get(j).equals("```sh")) j++;
            String cat = lines.get(++j);
            assertTrue(cat.startsWith("cat > ") && cat.endsWith(" <<'EOF'"), "heredoc line after 'Try it' at line " + (i + 1) + ": " + cat);
            String name = cat.substring("cat > ".length(), cat.length() - " <<'EOF'".length());
            StringBuilder program = new StringBuilder();
            while (!lines.get(++j).equals("EOF")) program.append(lines.get(j)).append('\n');
            String command = lines.get(++j);
            assertEquals("```", lines.get(++j), "the sh block ends after the command, line " + (j + 1));
            while (!lines.get(++j).equals("```")) {
                assertTrue(lines.get(j).isBlank(), "only a blank line between the command and its output, line " + (j + 1));
            }
            StringBuilder expected = new StringBuilder();
            while (!lines.get(++j).equals("```")) expected.append(lines.get(j)).append('\n');
            out.add(new Snippet(section, name, program.toString(), command, expected.toString()));
            i = j;
        }
        return out;
    }

    @Test
    void everyTryItSnippetPrintsWhatTheGuideShows(@TempDir Path dir) throws IOException {
        List<Snippet> all = snippets(Files.readAllLines(guide()));
        List<String> sections = new ArrayList<>();
        for (Snippet s : all) {
            sections.add(s.section().substring(0, s.section().indexOf('.') + 1));
            Path file = dir.resolve(s.fileName());
            Files.writeString(file, s.program());
            List<String> args = new ArrayList<>(Arrays.asList(s.command().trim().split("\\s+")));
            assertEquals("ebpf4j", args.remove(0), s.command());
            assertEquals("run", args.get(0), "a try-it command runs the interpreter: " + s.command());
            assertTrue(args.contains("--trace"), "a try-it command traces: " + s.command());
            assertTrue(args.contains(s.fileName()), "the command runs the file the snippet writes: " + s.command());
            args.replaceAll(a -> a.equals(s.fileName()) ? file.toString() : a);
            DisasmCommandTest.Run r = DisasmCommandTest.run(args.toArray(String[]::new));
            assertEquals(0, r.code(), s.section() + ": " + r.err());
            assertEquals(s.expected(), r.out(), "output of the try-it snippet in " + s.section());
        }
        assertEquals(SECTIONS, sections, "one try-it snippet per instruction-class section, in order");
    }

    private static Path guide() {
        return Path.of(System.getProperty("user.dir")).resolve("../docs/isa.md").normalize();
    }
}
