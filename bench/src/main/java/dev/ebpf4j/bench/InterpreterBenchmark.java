package dev.ebpf4j.bench;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.JmpOp;
import dev.ebpf4j.asm.Label;
import dev.ebpf4j.asm.MapBinding;
import dev.ebpf4j.asm.MapSpec;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramBuilder;
import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.asm.Size;
import dev.ebpf4j.asm.uapi.Helper;
import dev.ebpf4j.asm.uapi.MapType;
import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.loader.BpfMap;
import dev.ebpf4j.loader.BpfProgram;
import dev.ebpf4j.loader.LoadOptions;
import dev.ebpf4j.loader.TestRun;
import dev.ebpf4j.vm.RunInput;
import dev.ebpf4j.vm.Vm;
import dev.ebpf4j.vm.VmOptions;
import dev.ebpf4j.vm.VmProgram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static dev.ebpf4j.asm.Register.*;

/**
 * Nanoseconds per run of the seed's packet counter and of a 1,000-instruction ALU program: in the Vm (which
 * compiles a program to JVM bytecode after 16 runs), in the switch interpreter alone,
 * and in the kernel through {@code BPF_PROG_TEST_RUN} with 1000 repeats per call (so the score is close to the
 * kernel's own per-run duration, the JIT's speed, plus 1/1000 of a syscall). The ratio interpreter / kernel is
 * the figure to watch (goal: within 4x). The kernel benchmarks need root; elsewhere they fail at setup.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class InterpreterBenchmark {
    static final int REPEAT = 1000;

    Vm vm;
    VmProgram counter;
    VmProgram alu;
    /** The same programs never compiled: the switch interpreter alone. */
    Vm plain;
    VmProgram plainCounter;
    VmProgram plainAlu;
    RunInput packet;
    byte[] frame;

    static ProgramUnit packetCounter() {
        ProgramBuilder b = Program.builder();
        Label out = b.newLabel("out");
        Program p = b.mov64Reg(R6, R1).ldAbs(Size.B, 14 + 9).stxMem(Size.W, FP, R0, -4).mov64Reg(R2, FP)
                .alu64Imm(AluOp.ADD, R2, -4).ldMapFd(R1, 0).call(Helper.MAP_LOOKUP_ELEM).jmpImm(JmpOp.JEQ, R0, 0, out)
                .mov64Imm(R1, 1).atomicAdd(Size.DW, R0, R1, 0).bind(out).mov64Imm(R0, 0).exit().build();
        return new ProgramUnit(p, List.of(new MapBinding(MapSpec.of("counts", MapType.ARRAY, 4, 8, 256), List.of(5))));
    }

    /**
     * 1,000 instructions: r0..r9 derived from the packet length, a fixed random mix of 64- and 32-bit ALU
     * operations, then all registers folded into r0. Starting from the run's input, not from constants, matters: the JVM's JIT would otherwise fold
     * the compiled program into its result while the kernel's JIT executes every instruction.
     */
    static Program alu1000() {
        Random rnd = new Random(1);
        ProgramBuilder b = Program.builder();
        b.ldxMem(Size.W, R0, R1, 0); // skb->len
        for (int r = 1; r <= 9; r++) b.mov64Reg(Register.of(r), R0).alu64Imm(AluOp.XOR, Register.of(r), rnd.nextInt());
        AluOp[] ops = {AluOp.ADD, AluOp.SUB, AluOp.MUL, AluOp.OR, AluOp.AND, AluOp.XOR, AluOp.LSH, AluOp.RSH, AluOp.ARSH};
        for (int i = 19; i < 990; i++) {
            AluOp op = ops[rnd.nextInt(ops.length)];
            Register d = Register.of(rnd.nextInt(10)), s = Register.of(rnd.nextInt(10));
            boolean shift = op == AluOp.LSH || op == AluOp.RSH || op == AluOp.ARSH;
            if (rnd.nextBoolean()) b.alu64Imm(op, d, shift ? rnd.nextInt(64) : rnd.nextInt());
            else if (rnd.nextBoolean()) b.alu64Reg(op, d, s);
            else b.alu32Reg(op, d, s);
        }
        // every operation reads its destination, so folding all registers into r0 leaves no dead instruction
        for (int r = 1; r <= 9; r++) b.alu64Reg(AluOp.XOR, R0, Register.of(r));
        return b.exit().build();
    }

    @Setup
    public void setUp() {
        vm = Vm.create();
        counter = vm.load(packetCounter(), ProgType.SOCKET_FILTER);
        alu = vm.load(alu1000(), ProgType.SOCKET_FILTER);
        plain = Vm.create(VmOptions.defaults().withJitThreshold(-1));
        plainCounter = plain.load(packetCounter(), ProgType.SOCKET_FILTER);
        plainAlu = plain.load(alu1000(), ProgType.SOCKET_FILTER);
        frame = new byte[64];
        frame[12] = 8;
        frame[14 + 9] = 17;
        packet = RunInput.packet(frame);
    }

    @Benchmark
    public long interpreterPacketCounter() {
        return vm.run(counter, packet).r0();
    }

    @Benchmark
    public long interpreterAlu1000() {
        return vm.run(alu, packet).r0();
    }

    @Benchmark
    public long interpretedOnlyPacketCounter() {
        return plain.run(plainCounter, packet).r0();
    }

    @Benchmark
    public long interpretedOnlyAlu1000() {
        return plain.run(plainAlu, packet).r0();
    }

    /** The same two programs in the kernel. */
    @State(Scope.Benchmark)
    public static class Kernel {
        BpfMap map;
        BpfProgram counter;
        BpfProgram alu;
        TestRun run;

        @Setup
        public void setUp() {
            ProgramUnit unit = packetCounter();
            map = BpfMap.create(unit.maps().get(0).map());
            counter = BpfProgram.load(unit, LoadOptions.of(ProgType.SOCKET_FILTER), map);
            alu = BpfProgram.load(alu1000(), LoadOptions.of(ProgType.SOCKET_FILTER));
            byte[] frame = new byte[64];
            frame[12] = 8;
            frame[14 + 9] = 17;
            run = TestRun.of(frame).withRepeat(REPEAT);
        }

        @TearDown
        public void tearDown() {
            counter.close();
            alu.close();
            map.close();
        }
    }

    @Benchmark
    @OperationsPerInvocation(REPEAT)
    public int kernelPacketCounter(Kernel k) {
        return k.counter.testRun(k.run).retval();
    }

    @Benchmark
    @OperationsPerInvocation(REPEAT)
    public int kernelAlu1000(Kernel k) {
        return k.alu.testRun(k.run).retval();
    }
}
