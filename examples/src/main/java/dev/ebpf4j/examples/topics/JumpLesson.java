package dev.ebpf4j.examples.topics;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.JmpOp;
import dev.ebpf4j.asm.Label;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramBuilder;
import dev.ebpf4j.asm.ProgramUnit;

import java.util.List;

import static dev.ebpf4j.asm.Register.*;

/**
 * Jumps: a bounded loop that counts the steps of the Collatz sequence from 27 down to 1, with JEQ, JSET (test
 * a bit), JA and a JLT bound. The verifier follows the loop iteration by iteration: the bound keeps it finite.
 */
public final class JumpLesson extends Lesson {
    static final int START = 27;
    static final int BOUND = 1000;

    @Override public String topic() { return "jumps"; }

    @Override public String summary() {
        return "a bounded loop: Collatz steps from " + START + " to 1 with jeq, jset, ja and a jlt bound";
    }

    @Override public ProgramUnit unit() {
        ProgramBuilder b = Program.builder();
        Label loop = b.newLabel("loop"), odd = b.newLabel("odd"), next = b.newLabel("next"), done = b.newLabel("done");
        Program p = b.mov64Imm(R1, START)
                .mov64Imm(R0, 0)                       // r0 = steps
                .bind(loop)
                .jmpImm(JmpOp.JEQ, R1, 1, done)
                .jmpImm(JmpOp.JSET, R1, 1, odd)        // if (n & 1) goto odd
                .alu64Imm(AluOp.RSH, R1, 1)            // n = n / 2
                .ja(next)
                .bind(odd)
                .mov64Reg(R2, R1)
                .alu64Imm(AluOp.LSH, R1, 1)
                .alu64Reg(AluOp.ADD, R1, R2)
                .alu64Imm(AluOp.ADD, R1, 1)            // n = 3n + 1
                .bind(next)
                .alu64Imm(AluOp.ADD, R0, 1)
                .jmpImm(JmpOp.JLT, R0, BOUND, loop)    // the back edge, bounded
                .bind(done)
                .exit()
                .build();
        return ProgramUnit.of(p);
    }

    @Override public List<Long> expected() {
        long n = START, steps = 0;
        while (n != 1 && steps < BOUND) {
            n = n % 2 == 1 ? 3 * n + 1 : n / 2;
            steps++;
        }
        return List.of(steps);
    }
}
