package dev.ebpf4j.examples.topics;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramUnit;

import java.util.List;

import static dev.ebpf4j.asm.Register.*;

/**
 * ALU and ALU64: a 64-bit constant through LD_IMM64, multiplication, shifts (logical and arithmetic), unsigned
 * division and modulo, a 32-bit negation that zero-extends, and a fold of the 64-bit result into the 32 bits
 * that a test run returns.
 */
public final class AluLesson extends Lesson {
    static final long A = 0x1234_5678_9abc_def0L;
    static final int B = 1_000_003;

    @Override public String topic() { return "ALU"; }

    @Override public String summary() {
        return "64- and 32-bit arithmetic: mul, shifts, arsh, unsigned div and mod, neg32 zero-extending";
    }

    @Override public ProgramUnit unit() {
        Program p = Program.builder()
                .ldImm64(R1, A)                        // a 64-bit constant takes two slots
                .mov64Imm(R2, B)
                .mov64Reg(R0, R1)
                .alu64Reg(AluOp.MUL, R0, R2)           // r0 = a * b (mod 2^64)
                .alu64Imm(AluOp.ADD, R0, 0x1234)
                .mov64Reg(R3, R1)
                .alu64Imm(AluOp.LSH, R3, 5)
                .alu64Reg(AluOp.XOR, R0, R3)           // r0 ^= a << 5
                .mov64Reg(R3, R0)
                .alu64Imm(AluOp.RSH, R3, 7)
                .alu64Reg(AluOp.SUB, R0, R3)           // r0 -= r0 >> 7 (logical)
                .mov64Reg(R4, R0)
                .alu64Imm(AluOp.ARSH, R4, 60)          // the sign, spread: 0 or -1 .. -8
                .alu64Reg(AluOp.ADD, R0, R4)
                .alu64Imm(AluOp.DIV, R0, 1000)         // unsigned division
                .mov64Reg(R5, R0)
                .alu64Imm(AluOp.MOD, R5, 97)           // unsigned modulo
                .alu64Reg(AluOp.ADD, R0, R5)
                .mov32Reg(R6, R0)                      // w6 = w0: the upper half becomes 0
                .neg32(R6)                             // w6 = -w6, still zero-extended
                .alu64Reg(AluOp.XOR, R0, R6)
                .mov64Reg(R1, R0)
                .alu64Imm(AluOp.RSH, R1, 32)
                .alu64Reg(AluOp.XOR, R0, R1)           // fold the high half into the low half
                .mov32Reg(R0, R0)                      // the test run returns 32 bits
                .exit()
                .build();
        return ProgramUnit.of(p);
    }

    @Override public List<Long> expected() {
        long r0 = A * B + 0x1234;
        r0 ^= A << 5;
        r0 -= r0 >>> 7;
        r0 += r0 >> 60;
        r0 = Long.divideUnsigned(r0, 1000);
        r0 += Long.remainderUnsigned(r0, 97);
        r0 ^= Integer.toUnsignedLong(-(int) r0);
        r0 ^= r0 >>> 32;
        return List.of(r0 & 0xffff_ffffL);
    }
}
