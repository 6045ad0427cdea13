package dev.ebpf4j.asm.text;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The examples of {@code docs/assembler.md} are true: each {@code ebpf} code block assembles to the hex on the
 * {@code hex:} line after it, and each row of the error table gives exactly its message.
 */
class AssemblerDocTest {
    static Path doc() {
        return Path.of(System.getProperty("user.dir")).resolve("../docs/assembler.md").normalize();
    }

    @Test
    void codeBlocksAssembleToTheirHex() throws IOException {
        List<String> lines = Files.readAllLines(doc());
        int blocks = 0;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).equals("```ebpf")) continue;
            int start = i + 1;
            int end = start;
            while (!lines.get(end).equals("```")) end++;
            String source = String.join("\n", lines.subList(start, end));
            String hexLine = lines.get(end + 1);
            assertTrue(hexLine.startsWith("hex: `") && hexLine.endsWith("`"), "no hex line after the block at line " + (i + 1));
            String want = hexLine.substring(6, hexLine.length() - 1);
            try {
                String got = TextAssembler.assemble(source).program().toHex();
                if (!got.equals(want)) failures.add("block at line " + (i + 1) + " assembles to " + got);
            } catch (AsmSyntaxException e) {
                failures.add("block at line " + (i + 1) + ": " + e.getMessage());
            }
            blocks++;
            i = end;
        }
        assertEquals(List.of(), failures);
        assertTrue(blocks >= 5, blocks + " blocks");
    }

    @Test
    void errorTableMessagesAreExact() throws IOException {
        int rows = 0;
        List<String> failures = new ArrayList<>();
        boolean inErrors = false;
        for (String line : Files.readAllLines(doc())) {
            if (line.startsWith("## ")) inErrors = line.startsWith("## 5. Errors");
            if (!inErrors || !line.startsWith("| `")) continue;
            List<String> cells = IsaTableTest.cells(line);
            String input = unquote(cells.get(0));
            String message = unquote(cells.get(1));
            try {
                TextAssembler.assemble(input);
                failures.add("'" + input + "' assembled");
            } catch (AsmSyntaxException e) {
                if (!e.getMessage().equals(message)) failures.add("'" + input + "': " + e.getMessage());
            }
            rows++;
        }
        assertEquals(List.of(), failures);
        assertTrue(rows >= 10, rows + " rows");
    }

    private static String unquote(String cell) {
        return cell.substring(1, cell.length() - 1);
    }
}
