package dev.ebpf4j.bench.verifier;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.JmpOp;
import dev.ebpf4j.asm.Label;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramBuilder;
import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.verifier.Options;
import dev.ebpf4j.verifier.Result;
import dev.ebpf4j.verifier.Verifier;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.ebpf4j.asm.Register.*;

/**
 * A bounded loop the kernel walks to about 500,000 processed instructions (83,333 rounds of six), verified by the
 * simulator; before each iteration the kernel verifies it at log level 4 and its rate (processed instructions per
 * second of its own verification time) goes into the {@code kernelInsnsPerSecond} counter. The simulator's rate
 * is its processed count (printed at setup) divided by the score. Goal: at least the kernel's rate.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class LargeLoopBenchmark {
    static final int ROUNDS = 83_333;
    static final long SETUP_LIMIT_MS = 120_000;

    Program program;
    int simulatorProcessed;

    static Program program() {
        ProgramBuilder b = Program.builder();
        Label top = b.newLabel();
        b.mov64Imm(R0, 0);
        b.bind(top);
        b.alu64Imm(AluOp.ADD, R0, 1);
        b.mov64Reg(R1, R0);
        b.alu64Imm(AluOp.AND, R1, 7);
        b.mov64Reg(R2, R1);
        b.alu64Imm(AluOp.ADD, R2, 3);
        b.jmpImm(JmpOp.JLT, R0, ROUNDS, top);
        b.mov64Imm(R0, 0);
        return b.exit().build();
    }

    @Setup(Level.Trial)
    public void setup() throws Exception {
        program = program();
        Result r = Deadline.within(SETUP_LIMIT_MS, () -> Verifier.verify(program, Options.of(ProgType.SOCKET_FILTER)));
        if (r == null) throw new IllegalStateException("the simulator gave no answer within " + SETUP_LIMIT_MS + " ms");
        simulatorProcessed = r.processed();
        System.out.printf("%nsimulator: %s, processed %d insns%n", r.accepted() ? "accept" : "reject: " + r.errorLine(),
                simulatorProcessed);
    }

    /** The kernel's side, measured before each iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Kernel {
        public double kernelMillis;
        public double kernelInsnsPerSecond;
        double measuredMillis;
        double measuredRate;

        @Setup(Level.Iteration)
        public void load(LargeLoopBenchmark b) {
            KernelStats k = KernelStats.load(b.program, List.of(), List.of(), ProgType.SOCKET_FILTER, null, 0);
            if (k == null) throw new IllegalStateException("the kernel printed no statistics");
            // JMH zeroes the counters after setup; the benchmark method copies these back in
            measuredMillis = k.micros() / 1000.0;
            measuredRate = k.processed() / (k.micros() / 1e6);
        }
    }

    @Benchmark
    public Result simulator(Kernel kernel) {
        kernel.kernelMillis = kernel.measuredMillis;
        kernel.kernelInsnsPerSecond = kernel.measuredRate;
        return Verifier.verify(program, Options.of(ProgType.SOCKET_FILTER));
    }
}
