package dev.ebpf4j.cli;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.JmpOp;
import dev.ebpf4j.asm.Label;
import dev.ebpf4j.asm.MapBinding;
import dev.ebpf4j.asm.MapSpec;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramBuilder;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.asm.Size;
import dev.ebpf4j.asm.Slots;
import dev.ebpf4j.asm.text.Disassembler;
import dev.ebpf4j.asm.uapi.Helper;
import dev.ebpf4j.asm.uapi.MapType;
import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.corpus.CorpusEntry;
import dev.ebpf4j.loader.BpfAccess;
import dev.ebpf4j.verifier.Options;
import dev.ebpf4j.verifier.Result;
import dev.ebpf4j.verifier.Verifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * The simulator against the live kernel on generated programs: registers set and unset, stack reads and writes in
 * and out of bounds, map lookups with and without null checks, map value, packet and context accesses, helper
 * calls, loops, jumps and random bit flips. Every program must get the kernel's verdict or a reject (never an
 * accept of what the kernel rejects: a failure shrinks to a small program printed in kernel syntax with both
 * answers); overall the verdicts must agree for at least 95% of the programs. Skipped where bpf(2) is not allowed.
 */
class VerifierDifferentialTest {
    static final int EXAMPLES = 2500;
    static final MapSpec MAP = MapSpec.of("m", MapType.HASH, 4, 8, 16);
    static final ProgType[] TYPES = {ProgType.SOCKET_FILTER, ProgType.XDP, ProgType.SCHED_CLS};

    static KernelVerifier kernel;
    static int programs;
    static int agree;
    static int kernelAccepted;
    static int sameErrorLine;
    static final java.util.Map<String, Integer> messages = new java.util.TreeMap<>();

    @BeforeAll
    static void open() {
        Assumptions.assumeTrue(BpfAccess.available(), () -> "bpf(2) not available: " + BpfAccess.unavailableReason().orElse("?"));
        kernel = new KernelVerifier();
    }

    @AfterAll
    static void close() {
        if (kernel != null) kernel.close();
    }

    /** A program: its type, then snippets, each three numbers (kind, a, b). */
    record Spec(int type, List<Integer> parts) {}

    static Gen<Spec> specs() {
        return integers().between(0, 2).zip(lists().of(integers().between(0, 1 << 16)).ofSizeBetween(1, 24), Spec::new);
    }

    private static final Register[] R = {Register.R0, Register.R1, Register.R2, Register.R3, Register.R4, Register.R5,
        Register.R6, Register.R7, Register.R8, Register.R9};
    private static final Register[] SAFE = {Register.R0, Register.R7, Register.R8, Register.R9};
    private static final int[] STACK_OFF = {-8, -16, -4, -512, -520, 0, -3, -24};
    private static final Size[] SIZES = {Size.DW, Size.W, Size.H, Size.B};
    private static final AluOp[] OPS = {AluOp.ADD, AluOp.SUB, AluOp.AND, AluOp.OR, AluOp.LSH, AluOp.RSH, AluOp.MUL, AluOp.XOR};
    private static final JmpOp[] JOPS = {JmpOp.JEQ, JmpOp.JNE, JmpOp.JGT, JmpOp.JLT, JmpOp.JSGT, JmpOp.JSET};

    /** Builds the program; map loads are at the returned slot indices. */
    static Program build(Spec s, List<Integer> mapSlots) {
        ProgramBuilder b = Program.builder();
        ProgType type = TYPES[s.type()];
        b.mov64Reg(Register.R6, Register.R1);
        if (s.parts().get(0) % 5 != 0) {
            b.mov64Imm(Register.R0, 0).mov64Imm(Register.R7, 1).mov64Imm(Register.R8, 8).mov64Imm(Register.R9, -4);
        }
        int flips = 0;
        for (int p : s.parts()) {
            int kind = p & 0xf;
            int a = (p >> 4) & 0x3f;
            int c = (p >> 10) & 0x3f;
            // mostly callee-saved registers (set in the prologue), sometimes any register (maybe unset)
            Register ra = a % 4 != 0 ? SAFE[a % SAFE.length] : R[a % 10];
            Register rc = c % 4 != 0 ? SAFE[c % SAFE.length] : R[c % 10];
            switch (kind) {
                case 0: b.mov64Imm(ra, c * 3 - 20); break;
                case 1: b.stxMem(SIZES[c % 4], Register.FP, ra, STACK_OFF[a % STACK_OFF.length]); break;
                case 2: b.ldxMem(SIZES[c % 4], ra, Register.FP, STACK_OFF[c % STACK_OFF.length]); break;
                case 3: { // map lookup, with or without a null check, then a value access
                    b.stMem(Size.W, Register.FP, -4, 0).mov64Reg(Register.R2, Register.FP).alu64Imm(AluOp.ADD, Register.R2, -4);
                    b.ldMapFd(Register.R1, 0).call(Helper.MAP_LOOKUP_ELEM);
                    Label skip = b.newLabel();
                    if (a % 3 != 0) b.jmpImm(JmpOp.JEQ, Register.R0, 0, skip);
                    int off = new int[] {0, 4, 8, -1, 6}[c % 5];
                    if (a % 2 == 0) b.ldxMem(SIZES[c % 4], Register.R1, Register.R0, off);
                    else b.stMem(SIZES[c % 4], Register.R0, off, 1);
                    b.bind(skip);
                    break;
                }
                case 4: b.ldxMem(SIZES[c % 4], ra, Register.R6, (c % 12) * 4 + (a % 3 == 0 ? 1 : 0)); break;
                case 5: { // packet bytes with or without a bounds check
                    int dataOff = type == ProgType.XDP ? 0 : 76;
                    int endOff = type == ProgType.XDP ? 4 : 80;
                    b.ldxMem(Size.W, Register.R2, Register.R6, dataOff).ldxMem(Size.W, Register.R3, Register.R6, endOff)
                            .mov64Reg(Register.R4, Register.R2).alu64Imm(AluOp.ADD, Register.R4, a % 20);
                    Label skip = b.newLabel();
                    if (c % 4 != 0) b.jmpReg(JmpOp.JGT, Register.R4, Register.R3, skip);
                    b.ldxMem(SIZES[a % 4], Register.R0, Register.R2, c % 16);
                    b.bind(skip);
                    break;
                }
                case 6: b.call(a % 2 == 0 ? Helper.GET_PRANDOM_U32 : Helper.KTIME_GET_NS).alu64Imm(AluOp.AND, Register.R0, c); break;
                case 7: { // a bounded loop
                    Label top = b.newLabel();
                    b.mov64Imm(ra, 0).bind(top).alu64Imm(AluOp.ADD, ra, 1).jmpImm(JmpOp.JLT, ra, 1 + c % 40, top);
                    break;
                }
                case 8: b.alu64Reg(OPS[c % OPS.length], ra, rc); break;
                case 9: b.alu64Imm(OPS[c % OPS.length], ra, c % 9); break;
                case 10: {
                    Label skip = b.newLabel();
                    b.jmpImm(JOPS[c % JOPS.length], ra, c % 7, skip).mov64Imm(rc, a).bind(skip);
                    break;
                }
                case 11: b.alu64Reg(AluOp.ADD, ra, Register.FP).ldxMem(Size.DW, rc, ra, -8); break;
                case 12: b.mov64Reg(ra, rc); break;
                case 15: if (a % 4 == 0) flips++; break;
                default: b.mov64Imm(ra, c); break;
            }
        }
        b.mov64Imm(Register.R0, 0).exit();
        Program prog = b.build();
        for (int i = 0; i < prog.size(); i++) {
            if (Slots.opcode(prog.slot(i)) == 0x18 && Slots.src(prog.slot(i)) == 1) mapSlots.add(i);
        }
        // random bit flips, from the snippet numbers, outside the map loads
        int n = 0;
        for (int p : s.parts()) {
            if ((p & 0xf) != 15 || ((p >> 4) & 0x3f) % 4 != 0 || n++ >= flips) continue;
            int i = (p >> 4) % prog.size();
            if (Slots.opcode(prog.slot(i)) == 0x18 || (i > 0 && Slots.opcode(prog.slot(i - 1)) == 0x18)) continue;
            prog = prog.withSlot(i, prog.slot(i) ^ (1L << (p >> 10)));
        }
        return prog;
    }

    @Test
    void agreesWithTheLiveKernel() {
        qt().withExamples(EXAMPLES).withShrinkCycles(200).forAll(specs()).checkAssert(s -> {
            List<Integer> slots = new ArrayList<>();
            Program p = build(s, slots);
            ProgType type = TYPES[s.type()];
            List<MapBinding> maps = slots.isEmpty() ? List.of() : List.of(new MapBinding(MAP, slots));
            Result sim = Verifier.verify(p, new Options(type, null, 0, maps, 0));
            CorpusEntry e = new CorpusEntry("generated", null, type, null, 0, p, maps, List.of(), null);
            KernelVerifier.Outcome k = kernel.verify(e);
            programs++;
            boolean kernelAccepts = "accept".equals(k.verdict());
            if (kernelAccepts == sim.accepted()) agree++;
            if (kernelAccepts) kernelAccepted++;
            else if (String.valueOf(k.errorLine()).equals(sim.errorLine())) sameErrorLine++;
            else messages.merge(String.valueOf(k.errorLine()).replaceAll("-?\\d+", "N"), 1, Integer::sum);
            assertTrue(kernelAccepts || !sim.accepted(), () -> "UNSAFE ACCEPT (" + type + "): kernel says " + k.errorLines()
                    + " (" + k.errno() + "), the simulator accepts\n" + Disassembler.kernel().listing(p));
        });
        double rate = (double) agree / programs;
        System.out.printf("differential: %d programs (%d accepted by the kernel), verdicts agree %d (%.1f%%), same error line"
                + " for %d of %d rejects%n", programs, kernelAccepted, agree, 100 * rate, sameErrorLine, programs - kernelAccepted);
        messages.forEach((m, c) -> System.out.println("  kernel rejects: " + c + "  " + m));
        assertTrue(programs >= 2000, "only " + programs + " programs");
        assertTrue(rate >= 0.95, "verdict agreement " + rate);
    }
}
