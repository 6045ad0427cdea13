package dev.ebpf4j.bench;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.JmpOp;
import dev.ebpf4j.asm.Label;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramBuilder;
import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.corpus.Corpus;
import dev.ebpf4j.corpus.CorpusEntry;
import dev.ebpf4j.verifier.CorpusOptions;
import dev.ebpf4j.verifier.Options;
import dev.ebpf4j.verifier.Result;
import dev.ebpf4j.verifier.Verifier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.ebpf4j.asm.Register.*;

/**
 * The verifier simulator's speed: every corpus program the kernel ran (one operation = the whole corpus; compare
 * with the sum of the kernel's {@code verification time} at log level 4 for the same programs), and a bounded
 * loop that makes the walk process about 500,000 instructions (compare processed instructions per second with the
 * kernel's on the same program: Linux 6.18 reports {@code verification time} at log level 4).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VerifierBenchmark {
    /** Iterations of the loop: the walk processes 2 instructions per iteration (as the kernel does), so ~500,000. */
    static final int LOOP = 250_000;

    List<Program> programs;
    List<Options> options;
    Program loop;

    /** {@code r0 = 0; r1 = 0; loop: r1 += 1; if r1 < LOOP goto loop; exit}: about 500,000 processed insns. */
    static Program boundedLoop() {
        ProgramBuilder b = Program.builder();
        Label top = b.newLabel();
        return b.mov64Imm(R0, 0)
                .mov64Imm(R1, 0)
                .bind(top)
                .alu64Imm(AluOp.ADD, R1, 1)
                .jmpImm(JmpOp.JLT, R1, LOOP, top)
                .exit()
                .build();
    }

    @Setup
    public void setup() {
        programs = new ArrayList<>();
        options = new ArrayList<>();
        for (CorpusEntry e : Corpus.read(Corpus.selftests())) {
            if (!e.wasRun() || e.program() == null) continue;
            programs.add(e.program());
            options.add(CorpusOptions.of(e, 0));
        }
        loop = boundedLoop();
        Result r = Verifier.verify(loop, Options.of(ProgType.SOCKET_FILTER));
        if (!r.accepted()) throw new IllegalStateException("the loop should verify: " + r.errorLines());
    }

    @Benchmark
    public int wholeCorpus() {
        int accepted = 0;
        for (int i = 0; i < programs.size(); i++) {
            if (Verifier.verify(programs.get(i), options.get(i)).accepted()) accepted++;
        }
        return accepted;
    }

    @Benchmark
    public int boundedLoopOf500kInsns() {
        return Verifier.verify(loop, Options.of(ProgType.SOCKET_FILTER)).processed();
    }
}
