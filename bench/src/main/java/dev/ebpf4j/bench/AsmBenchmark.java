package dev.ebpf4j.bench;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.JmpOp;
import dev.ebpf4j.asm.Label;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramBuilder;
import dev.ebpf4j.asm.Size;
import dev.ebpf4j.asm.text.Disassembler;
import dev.ebpf4j.asm.text.Syntax;
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

import java.util.concurrent.TimeUnit;

import static dev.ebpf4j.asm.Register.*;

/**
 * Build-and-encode, decode, decoded-view and disassembly throughput on a 1,000,000-instruction program. Scores are in
 * operations per second where one operation is one instruction ({@link OperationsPerInvocation}), so the
 * figure reads directly as instructions per second (goal: 50 million for encode and decode).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AsmBenchmark {
    static final int N = 1_000_000;

    byte[] bytes;
    Program program;

    /** A mix of every family: ALU, memory, a jump with a label, LD_IMM64 (two slots), atomics, calls. */
    static Program build() {
        ProgramBuilder b = Program.builder();
        int emitted = 0;
        while (emitted < N - 16) {
            Label skip = b.newLabel();
            b.mov64Reg(R6, R1)
                    .alu64Imm(AluOp.ADD, R2, -4)
                    .alu32Reg(AluOp.XOR, R3, R4)
                    .ldxMem(Size.W, R0, R1, 4)
                    .stxMem(Size.DW, FP, R0, -8)
                    .stMem(Size.B, FP, -1, 7)
                    .jmpImm(JmpOp.JEQ, R0, 0, skip)
                    .ldImm64(R1, 0x1122334455667788L)
                    .atomicAdd(Size.DW, R0, R1, 0)
                    .ldAbs(Size.B, 23)
                    .bind(skip)
                    .mov64Imm(R0, 0);
            emitted += 12;
        }
        while (emitted < N - 1) {
            b.mov64Imm(R0, 0);
            emitted++;
        }
        return b.exit().build();
    }

    @Setup
    public void setup() {
        program = build();
        if (program.size() != N) throw new IllegalStateException("program has " + program.size() + " slots, not " + N);
        bytes = program.toBytes();
    }

    /** The fluent builder with label resolution, then the raw bytes. */
    @Benchmark
    @OperationsPerInvocation(N)
    public byte[] buildAndEncode() {
        return build().toBytes();
    }

    /** Raw bytes to a Program and back to bytes: the codec alone. */
    @Benchmark
    @OperationsPerInvocation(N)
    public byte[] encode() {
        return program.toBytes();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public Program decode() {
        return Program.fromBytes(bytes);
    }

    /** Decoding plus the decoded view (one Instruction object per logical instruction). */
    @Benchmark
    @OperationsPerInvocation(N)
    public int decodeToInstructions() {
        return Program.fromBytes(bytes).instructions().size();
    }

    /** The whole program as a kernel-syntax listing ({@code N: (xx) text} per instruction). */
    @Benchmark
    @OperationsPerInvocation(N)
    public int disassembleKernel() {
        return Disassembler.of(Syntax.KERNEL).listing(program).length();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int disassembleLlvm() {
        return Disassembler.of(Syntax.LLVM).listing(program).length();
    }
}
