package dev.ebpf4j.examples.topics;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.JmpOp;
import dev.ebpf4j.asm.Label;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramBuilder;
import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.Size;
import dev.ebpf4j.asm.uapi.Helper;

import java.util.List;

import static dev.ebpf4j.asm.Register.*;

/**
 * Calls: a helper ({@code bpf_skb_load_bytes} copies the first 16 bytes of the packet onto the stack), then two
 * bpf-to-bpf calls: {@code sum_bytes(ptr, len)}, which reads the caller's stack through a pointer, and
 * {@code mul_add(a, b, c)}. Arguments go in r1-r5, the result comes back in r0, r6-r9 survive every call.
 */
public final class CallLesson extends Lesson {
    static final int LEN = 16;

    @Override public String topic() { return "calls"; }

    @Override public String summary() {
        return "a helper (skb_load_bytes) and two bpf-to-bpf calls: sum_bytes(ptr, len) and mul_add(a, b, c)";
    }

    @Override public ProgramUnit unit() {
        ProgramBuilder b = Program.builder();
        Label sumBytes = b.newLabel("sum_bytes"), mulAdd = b.newLabel("mul_add"), fail = b.newLabel("fail");
        Label loop = b.newLabel("loop"), end = b.newLabel("end");
        Program p = b
                // main: r1 holds the skb on entry, which is the helper's first argument
                .mov64Imm(R2, 0)                                    // offset 0: the IP header in a test run
                .mov64Reg(R3, FP).alu64Imm(AluOp.ADD, R3, -LEN)     // r3 = buffer on the stack
                .mov64Imm(R4, LEN)
                .call(Helper.SKB_LOAD_BYTES)
                .jmpImm(JmpOp.JNE, R0, 0, fail)
                .mov64Reg(R1, FP).alu64Imm(AluOp.ADD, R1, -LEN)
                .mov64Imm(R2, LEN)
                .callLocal(sumBytes)                                // r0 = sum_bytes(buffer, 16)
                .mov64Reg(R1, R0)
                .mov64Imm(R2, 31)
                .mov64Imm(R3, 7)
                .callLocal(mulAdd)                                  // r0 = mul_add(sum, 31, 7)
                .exit()
                .bind(fail)
                .mov64Imm(R0, 0)
                .exit()
                // u64 sum_bytes(u8 *p, u64 len)
                .bind(sumBytes)
                .mov64Imm(R0, 0)
                .mov64Imm(R4, 0)                                    // i
                .bind(loop)
                .jmpReg(JmpOp.JGE, R4, R2, end)
                .mov64Reg(R5, R1)
                .alu64Reg(AluOp.ADD, R5, R4)
                .ldxMem(Size.B, R5, R5, 0)                          // p[i], on the caller's stack
                .alu64Reg(AluOp.ADD, R0, R5)
                .alu64Imm(AluOp.ADD, R4, 1)
                .ja(loop)
                .bind(end)
                .exit()
                // u64 mul_add(u64 a, u64 b, u64 c)
                .bind(mulAdd)
                .mov64Reg(R0, R1)
                .alu64Reg(AluOp.MUL, R0, R2)
                .alu64Reg(AluOp.ADD, R0, R3)
                .exit()
                .build();
        return ProgramUnit.of(p);
    }

    @Override public List<Long> expected() {
        byte[] frame = packet();
        long sum = 0;
        for (int i = 0; i < LEN; i++) sum += frame[14 + i] & 0xff;   // from the IP header on
        return List.of(sum * 31 + 7);
    }
}
