package dev.ebpf4j.asm.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ebpf4j.asm.Program;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The 1360 programs of the verifier corpus (hand-written instructions, many deliberately broken) are listed by
 * the disassembler in each syntax and assembled back. Each program either comes back with the same bytes, or
 * with bytes that differ only where the syntax's text says nothing (the listing of the result is the same
 * text), or, in the kernel syntax only, is refused for a reason the kernel's text leaves no choice about:
 * a {@code BUG_} line, a register 11-15, a {@code callx} printed as a call, {@code call unknown#N} or an
 * unknown ALU operation printed {@code r0 (null) r0}.
 */
class CorpusRoundTripTest {
    private static final Pattern KNOWN_REFUSALS = Pattern.compile(".*(unknown instruction 'BUG_|unknown register 'r1[1-5]'"
            + "|the log prefix says opcode \\(8d\\)|the text does not say which|an ALU operation it does not know).*");

    @Test
    void corpusProgramsComeBackThroughEverySyntax() throws IOException {
        List<Program> programs = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader in = Files.newBufferedReader(KernelLogGoldenTest.corpus(), StandardCharsets.UTF_8)) {
            for (String row; (row = in.readLine()) != null; ) {
                if (row.isBlank()) continue;
                JsonNode test = json.readTree(row);
                if (test.hasNonNull("insns_hex")) programs.add(Program.fromHex(test.get("insns_hex").asText()));
            }
        }
        assertTrue(programs.size() >= 1360, programs.size() + " programs");
        int[] kernel = measure(Syntax.KERNEL, programs);
        int[] llvm = measure(Syntax.LLVM, programs);
        int[] ubpf = measure(Syntax.UBPF, programs);
        // today's figures; they must not fall back
        assertTrue(kernel[0] >= 927, "kernel exact " + kernel[0]);
        assertTrue(llvm[0] >= 1332, "llvm exact " + llvm[0]);
        assertEquals(programs.size(), ubpf[0], "ubpf exact");
        assertEquals(0, llvm[2] + ubpf[2], "llvm and ubpf listings all assemble");
    }

    /** {exact, same text, refused}; fails on anything else. */
    private static int[] measure(Syntax syntax, List<Program> programs) {
        Disassembler d = Disassembler.of(syntax);
        int exact = 0, sameText = 0, refused = 0;
        List<String> failures = new ArrayList<>();
        for (Program p : programs) {
            String text = d.listing(p);
            try {
                Program back = TextAssembler.assemble(text, syntax).program();
                if (back.equals(p)) exact++;
                else if (d.listing(back).equals(text)) sameText++;
                else failures.add("assembled to other bytes:\n" + text);
            } catch (AsmSyntaxException e) {
                if (syntax == Syntax.KERNEL && KNOWN_REFUSALS.matcher(e.getMessage()).matches()) refused++;
                else failures.add(e.getMessage() + " in:\n" + text);
            }
        }
        System.out.printf("corpus round trip, %s: %d programs, %d exact, %d differ only where the text is silent, %d refused%n",
                syntax, programs.size(), exact, sameText, refused);
        assertEquals(List.of(), failures.subList(0, Math.min(5, failures.size())));
        return new int[] {exact, sameText, refused};
    }
}
