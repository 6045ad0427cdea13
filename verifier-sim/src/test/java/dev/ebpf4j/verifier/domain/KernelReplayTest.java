package dev.ebpf4j.verifier.domain;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.JmpOp;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays random ALU and jump sequences recorded on the live Linux 6.18 kernel (kernel-scalar-steps.txt.gz: two unknown
 * registers r6 and r7 from bpf_get_prandom_u32, then random steps; each step with the state the kernel printed at
 * log level 2, and for jumps its decision and both refined states) and compares every printed state with ours.
 * After a difference the replay goes on from the kernel's state, so one difference is counted once.
 *
 * <p>Fixture format, one step a line after {@code case N}: {@code r6 alu64 add k 5 | <state of r6>},
 * {@code r7 alu32 mul x r6 | <state of r7>}, {@code r6 end be 16 | <state>} (le: truncation, be/swap: byte swap),
 * {@code r6 jmp32 jgt x r7 | unknown | <taken r6> / <taken r7> | <fall r6> / <fall r7 or ->} or
 * {@code | true} / {@code | false}; an optional last field lists the kernel's "REG INVARIANTS VIOLATION" reports
 * ({@code false_reg1: range bounds violation u64=[...] ...}, joined by {@code " ;; "}). Ids and precise marks are
 * stripped from the kernel's text. A MOV/MOVSX step is followed by {@code xor k 0} on its destination to drop the
 * scalar id the kernel links the copies with. A jump {@code x r6} on {@code r6} compares the register with itself.
 * Recorded on Linux 6.18.44 (x86-64) with socket filters.
 */
class KernelReplayTest {
    private int compared;
    private final List<String> differences = new ArrayList<>();

    @Test
    void everyStateTheKernelPrintedReadsBackAndPrintsIdentically() throws IOException {
        java.util.Set<String> printed = new java.util.HashSet<>();
        try (InputStream in = getClass().getResourceAsStream("kernel-scalar-steps.txt.gz")) {
            assertNotNull(in, "kernel-scalar-steps.txt.gz");
            BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                String[] parts = line.split(" \\| ");
                for (int i = 1; i < parts.length && i < 4; i++) {
                    for (String state : parts[i].split(" / ")) {
                        if (state.startsWith("scalar(") || state.matches("-?(0x)?[0-9a-f]+")) printed.add(state);
                    }
                }
            }
        }
        List<String> wrong = new ArrayList<>();
        for (String p : printed) {
            String again = Scalar.parse(p).format();
            if (!again.equals(p)) wrong.add(p + " -> " + again);
        }
        System.out.println("KernelReplayTest: distinct printed states " + printed.size());
        assertTrue(printed.size() >= 25_115, "distinct printed states: " + printed.size());
        assertEquals(List.of(), wrong.subList(0, Math.min(10, wrong.size())), wrong.size() + " of " + printed.size());
    }

    @Test
    void agreesWithTheLiveKernelOnRecordedSequences() throws IOException {
        int cases = 0;
        try (InputStream in = getClass().getResourceAsStream("kernel-scalar-steps.txt.gz")) {
            assertNotNull(in, "kernel-scalar-steps.txt.gz");
            BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8));
            Scalar[] regs = null;
            boolean stopped = false;
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("case ")) {
                    cases++;
                    regs = new Scalar[] {Scalar.unknown(), Scalar.unknown()};
                    stopped = false;
                    continue;
                }
                if (stopped || line.isBlank()) continue;
                stopped = !step(line, regs);
            }
        }
        String report = String.format(Locale.ROOT, "%d cases, %d printed states or decisions compared, %d differ",
                cases, compared, differences.size());
        System.out.println("KernelReplayTest: " + report);
        differences.stream().limit(40).forEach(d -> System.out.println("  " + d));
        assertTrue(cases >= 10_500 && compared >= 189_000, report);
        assertEquals(List.of(), differences.subList(0, Math.min(10, differences.size())), report);
    }

    /** Compares a printed state; returns the state to go on with: ours if it prints the same, else the kernel's. */
    private Scalar check(String what, String expected, Scalar actual, String line) {
        compared++;
        if (!expected.equals(actual.format())) {
            differences.add(line + "  [" + what + "] kernel " + expected + " ours " + actual.format());
            return Scalar.parse(expected);
        }
        return actual;
    }

    private static void addViolation(List<String> out, String context, String violation) {
        if (violation != null) out.add(context + ": " + violation);
    }

    /** Applies one recorded step; false when the path ends there (a jump always taken). */
    private boolean step(String line, Scalar[] regs) {
        String[] parts = line.split(" \\| ");
        String[] w = parts[0].split(" ");
        int d = Integer.parseInt(w[0].substring(1)) - 6;
        Scalar dst = regs[d];
        if (w[1].equals("end")) {
            Scalar out = dst.endian(Integer.parseInt(w[3]), !w[2].equals("le"));
            if (out.violation() != null) out = out.withUnboundedRanges();
            regs[d] = check("end", parts[1], out, line);
            return true;
        }
        boolean wide = w[1].endsWith("64");
        String op = w[2];
        Scalar src = w[3].equals("k") ? Scalar.constant(Long.parseLong(w[4])) : regs[Integer.parseInt(w[4].substring(1)) - 6];
        if (w[1].startsWith("alu")) {
            AluOp aluOp = AluOp.valueOf(op.toUpperCase(Locale.ROOT));
            if ((aluOp == AluOp.AND || aluOp == AluOp.OR) && src.isConst()) {
                Optional<Scalar[]> split = dst.splitMinusOneOrZero();
                if (split.isPresent()) dst = split.get()[0];
            }
            Scalar out = dst.alu(aluOp, wide, src);
            String violation = out.violation();
            compared++;
            if (!(parts.length > 2 ? parts[2] : "").equals(violation == null ? "" : "alu: " + violation)) {
                differences.add(line + "  [alu violation] ours " + violation);
            }
            if (violation != null) out = out.withUnboundedRanges();
            regs[d] = check("alu", parts[1], out, line);
            return true;
        }
        JmpOp jmp = JmpOp.valueOf(op.toUpperCase(Locale.ROOT));
        Decision decision = dst.branchTaken(jmp, !wide, src);
        compared++;
        if (!decision.name().toLowerCase(Locale.ROOT).equals(parts[1])) {
            differences.add(line + "  [decision] ours " + decision);
            return false;
        }
        if (decision == Decision.TRUE) return false;
        if (decision == Decision.FALSE) return true;
        boolean x = w[3].equals("x");
        String[] taken = parts[2].split(" / ");
        String[] fall = parts[3].split(" / ");
        boolean same = x && Integer.parseInt(w[4].substring(1)) - 6 == d;
        ScalarPair t = same ? Scalar.refineSameRegister(jmp, !wide, dst, true) : Scalar.refine(jmp, !wide, dst, src, true);
        ScalarPair f = same ? Scalar.refineSameRegister(jmp, !wide, dst, false) : Scalar.refine(jmp, !wide, dst, src, false);
        List<String> violations = new ArrayList<>();
        addViolation(violations, "true_reg1", t.dstViolation());
        addViolation(violations, "true_reg2", t.srcViolation());
        addViolation(violations, "false_reg1", f.dstViolation());
        addViolation(violations, "false_reg2", f.srcViolation());
        String expectedViolations = parts.length > 4 ? parts[4] : "";
        compared++;
        if (!expectedViolations.equals(String.join(" ;; ", violations))) {
            differences.add(line + "  [violations] ours " + violations);
        }
        check("taken dst", taken[0], t.dst(), line);
        Scalar fallDst = check("fall dst", fall[0], f.dst(), line);
        if (x && !same) {
            check("taken src", taken[1], t.src(), line);
            regs[1 - d] = check("fall src", fall[1], f.src(), line);
        }
        regs[d] = fallDst;
        return true;
    }
}
