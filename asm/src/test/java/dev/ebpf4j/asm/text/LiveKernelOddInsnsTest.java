package dev.ebpf4j.asm.text;

import dev.ebpf4j.asm.Program;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Instructions with odd bits (register fields 11-15, reserved fields set, out-of-range immediates, unknown
 * call ids, MOVSX offsets on immediates, JCOND with a source register...) as the live 6.18 kernel printed
 * them in its verifier log; see the header of {@code live-kernel-odd-insns.tsv} for how they were recorded.
 */
class LiveKernelOddInsnsTest {

    @Test
    void printsOddInstructionsLikeTheLiveKernel() throws IOException {
        Disassembler kernel = Disassembler.of(Syntax.KERNEL);
        int total = 0;
        Set<Integer> opcodes = new HashSet<>();
        List<String> failures = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("live-kernel-odd-insns.tsv");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String row; (row = r.readLine()) != null; ) {
                if (row.startsWith("#") || row.isBlank()) continue;
                String[] cols = row.split("\t", 2);
                Program p = Program.fromHex(cols[0]);
                total++;
                opcodes.add(p.insn(0).opcode());
                String ours = kernel.line(p, 0);
                if (!ours.equals(cols[1])) failures.add(cols[0] + ": kernel '" + cols[1] + "', ours '" + ours + "'");
            }
        }
        System.out.printf("live kernel odd instructions: %d/%d lines match, %d opcodes%n",
                total - failures.size(), total, opcodes.size());
        assertTrue(total >= 1700 && opcodes.size() >= 128, total + " lines, " + opcodes.size() + " opcodes");
        assertEquals(List.of(), failures.subList(0, Math.min(30, failures.size())));
    }
}
