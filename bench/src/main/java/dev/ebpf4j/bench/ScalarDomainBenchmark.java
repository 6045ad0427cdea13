package dev.ebpf4j.bench;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.JmpOp;
import dev.ebpf4j.verifier.domain.Scalar;
import dev.ebpf4j.verifier.domain.ScalarPair;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Throughput of the verifier's scalar domain: one operation is one ALU transfer function (with its bounds sync),
 * one branch decision plus both refinements, or one log print, on a fixed mix of bounded and unbounded values.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ScalarDomainBenchmark {
    static final int N = 1024;
    static final AluOp[] OPS = {AluOp.ADD, AluOp.SUB, AluOp.MUL, AluOp.AND, AluOp.OR, AluOp.XOR, AluOp.LSH,
        AluOp.RSH, AluOp.ARSH, AluOp.MOVSX8, AluOp.NEG};
    static final JmpOp[] CONDS = {JmpOp.JEQ, JmpOp.JNE, JmpOp.JGT, JmpOp.JGE, JmpOp.JLT, JmpOp.JLE, JmpOp.JSGT,
        JmpOp.JSGE, JmpOp.JSLT, JmpOp.JSLE, JmpOp.JSET};

    Scalar[] values;
    Scalar[] constants;

    @Setup
    public void setup() {
        SplittableRandom r = new SplittableRandom(42);
        values = new Scalar[N];
        constants = new Scalar[N];
        for (int i = 0; i < N; i++) {
            Scalar s = Scalar.unknownOfSize(new int[] {1, 2, 4, 8}[r.nextInt(4)]);
            if (r.nextBoolean()) s = s.alu(AluOp.ADD, r.nextBoolean(), Scalar.constant(r.nextInt(1000) - 500));
            values[i] = s;
            constants[i] = Scalar.constant(r.nextInt(64));
        }
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public Scalar alu() {
        Scalar acc = null;
        for (int i = 0; i < N; i++) {
            AluOp op = OPS[i % OPS.length];
            acc = values[i].alu(op, (i & 1) == 0, op == AluOp.MOVSX8 ? values[(i + 1) % N] : constants[i]);
        }
        return acc;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public ScalarPair branch() {
        ScalarPair last = null;
        for (int i = 0; i < N; i++) {
            JmpOp op = CONDS[i % CONDS.length];
            Scalar a = values[i];
            Scalar b = (i & 2) == 0 ? constants[i] : values[(i + 7) % N];
            boolean w32 = (i & 1) == 0;
            a.branchTaken(op, w32, b);
            Scalar.refine(op, w32, a, b, true);
            last = Scalar.refine(op, w32, a, b, false);
        }
        return last;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int format() {
        int n = 0;
        for (int i = 0; i < N; i++) n += values[i].format().length();
        return n;
    }
}
