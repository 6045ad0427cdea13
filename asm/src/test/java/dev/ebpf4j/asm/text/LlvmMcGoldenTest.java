package dev.ebpf4j.asm.text;

import dev.ebpf4j.asm.Program;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The LLVM syntax against what llvm-mc 14 printed for the same bytes (see the header of
 * {@code llvm-mc-14.tsv}). Our spelling must equal llvm-mc's output in one of its two modes (plain, where
 * narrow loads and stores use {@code r} registers, or {@code +alu32}, which alone knows the 32-bit fetch,
 * xchg and cmpxchg atomics), with one documented difference: LD_IMM64 constants are printed in hex as recent
 * llvm-objdump does, where llvm-mc 14 printed decimal.
 */
class LlvmMcGoldenTest {
    private static final Pattern LDDW = Pattern.compile("^(r\\d+ = )(-?\\d+)( ll)$");

    @Test
    void llvmSyntaxMatchesLlvmMc() throws IOException {
        Disassembler llvm = Disassembler.of(Syntax.LLVM);
        int total = 0;
        List<String> failures = new ArrayList<>();
        try (InputStream in = getClass().getResourceAsStream("llvm-mc-14.tsv");
             BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String row; (row = r.readLine()) != null; ) {
                if (row.startsWith("#") || row.isBlank()) continue;
                String[] cols = row.split("\t", -1);
                Program p = Program.fromHex(cols[0]);
                String ours = llvm.text(p, 0);
                total++;
                boolean ok = false;
                for (int i = 1; i <= 2; i++) ok |= !cols[i].isEmpty() && hexConstant(cols[i]).equals(ours);
                if (!ok) failures.add(cols[0] + ": llvm-mc '" + cols[1] + "' / alu32 '" + cols[2] + "', ours '" + ours + "'");
            }
        }
        System.out.printf("llvm-mc 14 golden: %d/%d instructions match%n", total - failures.size(), total);
        assertTrue(total >= 300, "rows: " + total);
        assertEquals(List.of(), failures);
    }

    /** llvm-mc 14's decimal LD_IMM64 constant in the hex recent llvm-objdump prints. */
    private static String hexConstant(String llvmMc) {
        Matcher m = LDDW.matcher(llvmMc);
        if (!m.matches()) return llvmMc;
        long v = new BigInteger(m.group(2)).longValue();
        return m.group(1) + "0x" + Long.toHexString(v) + m.group(3);
    }
}
