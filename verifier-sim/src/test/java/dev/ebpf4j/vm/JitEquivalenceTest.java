package dev.ebpf4j.vm;

import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.text.ConformanceFile;
import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.corpus.Corpus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compiled code ({@link Jit}) against the interpreter: the same r0, fault (kind, instruction, message),
 * instruction count, output packet and maps, on the conformance suite, on snippet programs that fault in every
 * way, and on random ALU programs.
 */
class JitEquivalenceTest {
    private static final VmOptions JIT = VmOptions.defaults().withJitThreshold(0);
    private static final VmOptions INTERP = VmOptions.defaults().withJitThreshold(-1);

    /** Everything observable about a sequence of runs. */
    private static List<String> observe(VmOptions o, ProgramUnit unit, ProgType type, List<RunInput> inputs, boolean[] compiled) {
        Vm vm = Vm.create(o);
        VmProgram p = vm.load(unit, type);
        List<String> out = new ArrayList<>();
        for (RunInput in : inputs) {
            RunResult r = vm.run(p, in);
            out.add("r0=" + r.r0() + " fault=" + r.fault() + " insns=" + r.insns() + " ldabs=" + r.ldAbsOutside()
                    + " packet=" + (r.packetOut() == null ? "-" : HexFormat.of().formatHex(r.packetOut())));
            for (BpfMap m : vm.maps()) {
                for (Map.Entry<byte[], byte[]> e : m.entries()) {
                    out.add(HexFormat.of().formatHex(e.getKey()) + "=" + HexFormat.of().formatHex(e.getValue()));
                }
            }
        }
        compiled[0] = p.isCompiled();
        return out;
    }

    private static boolean same(ProgramUnit unit, ProgType type, List<RunInput> inputs, List<String> failures, String name) {
        boolean[] c = new boolean[1];
        List<String> a = observe(INTERP, unit, type, inputs, c);
        List<String> b = observe(JIT, unit, type, inputs, c);
        if (!a.equals(b)) failures.add(name + ":\n interpreter " + a + "\n compiled    " + b);
        return c[0];
    }

    @Test
    void conformanceSuiteCompiledMatchesInterpreted() throws IOException {
        Path dir = Corpus.sharedDir().resolve("corpus/bpf-conformance");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".data")).sorted().toList();
        }
        List<String> failures = new ArrayList<>();
        int compiled = 0;
        for (Path f : files) {
            ConformanceFile t = ConformanceFile.read(f);
            Program prog = t.program();
            if (same(ProgramUnit.of(prog), ProgType.UNSPEC, List.of(RunInput.memory(t.memory())), failures, t.name())) compiled++;
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        System.out.println("conformance: " + compiled + " of " + files.size() + " programs compiled");
        assertTrue(compiled >= 250, "compiled only " + compiled);
    }

    @Test
    void snippetProgramsCompiledMatchInterpreted() {
        Random rnd = new Random(99);
        List<String> failures = new ArrayList<>();
        int compiled = 0;
        ProgType[] types = {ProgType.SCHED_CLS, ProgType.XDP, ProgType.SOCKET_FILTER};
        for (int i = 0; i < 1500; i++) {
            List<Integer> genes = new ArrayList<>();
            for (int g = 1 + rnd.nextInt(10); g > 0; g--) genes.add(rnd.nextInt());
            ProgType type = types[i % 3];
            ProgramUnit unit = SnippetPrograms.build(genes, type);
            List<RunInput> inputs = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                byte[] p = new byte[14 + rnd.nextInt(100)];
                rnd.nextBytes(p);
                inputs.add(RunInput.packet(p));
            }
            if (same(unit, type, inputs, failures, "snippets " + genes + " " + type)) compiled++;
            if (failures.size() > 3) break;
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertTrue(compiled >= 500, "compiled only " + compiled);
    }

    @Test
    void longProgramsSpanningChunksAndLoopsMatch() {
        Random rnd = new Random(8);
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            boolean xdp = i % 2 == 0;
            ProgramUnit unit = ProgramUnit.of(RandomPrograms.alu(rnd, 800 + rnd.nextInt(1500), xdp));
            List<RunInput> inputs = List.of(RunInput.packet(RandomPrograms.packet(rnd)), RunInput.packet(RandomPrograms.packet(rnd)));
            assertTrue(same(unit, xdp ? ProgType.XDP : ProgType.SCHED_CLS, inputs, failures, "long#" + i), "not compiled");
        }
        // a loop whose body spans several chunks: r9 counts down from 50, r0 accumulates
        dev.ebpf4j.asm.ProgramBuilder b = Program.builder();
        dev.ebpf4j.asm.Label top = b.newLabel();
        b.mov64Imm(dev.ebpf4j.asm.Register.R9, 50).mov64Imm(dev.ebpf4j.asm.Register.R0, 1).bind(top);
        for (int k = 0; k < 700; k++) {
            b.alu64Imm(dev.ebpf4j.asm.AluOp.MUL, dev.ebpf4j.asm.Register.R0, 3)
                    .alu64Reg(dev.ebpf4j.asm.AluOp.XOR, dev.ebpf4j.asm.Register.R0, dev.ebpf4j.asm.Register.R9);
        }
        b.alu64Imm(dev.ebpf4j.asm.AluOp.SUB, dev.ebpf4j.asm.Register.R9, 1)
                .jmpImm(dev.ebpf4j.asm.JmpOp.JNE, dev.ebpf4j.asm.Register.R9, 0, top).exit();
        Program loop = b.build();
        assertTrue(same(ProgramUnit.of(loop), ProgType.XDP, List.of(RunInput.packet(new byte[20])), failures, "loop"), "loop not compiled");
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        Vm vm = Vm.create(JIT);
        RunResult r = vm.run(vm.load(loop, ProgType.XDP), RunInput.packet(new byte[20]));
        assertEquals(2 + 50 * 1402L + 1, r.insns());
    }

    @Test
    void randomAluProgramsCompiledMatchInterpreted() {
        Random rnd = new Random(5);
        List<String> failures = new ArrayList<>();
        int compiled = 0;
        for (int i = 0; i < 300; i++) {
            boolean xdp = i % 2 == 0;
            ProgramUnit unit = ProgramUnit.of(RandomPrograms.alu(rnd, 60, xdp));
            List<RunInput> inputs = List.of(RunInput.packet(RandomPrograms.packet(rnd)), RunInput.packet(RandomPrograms.packet(rnd)));
            if (same(unit, xdp ? ProgType.XDP : ProgType.SCHED_CLS, inputs, failures, "alu#" + i)) compiled++;
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertEquals(300, compiled);
    }
}
