package dev.ebpf4j.vm;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.Size;
import org.junit.jupiter.api.Test;

import static dev.ebpf4j.asm.Register.*;
import static dev.ebpf4j.vm.VmTesting.r0;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** ISA section 2 semantics, one behaviour per assertion (isa.md). */
class AluSemanticsTest {
    @Test
    void thirtyTwoBitResultsAreZeroExtended() {
        assertEquals(0xfffffffeL, r0(b -> b.mov64Imm(R0, -1).alu32Imm(AluOp.ADD, R0, -1).exit()));
        assertEquals(0xffffffffL, r0(b -> b.mov64Imm(R1, -1).mov32Reg(R0, R1).exit()));
        assertEquals(0xfffffff6L, r0(b -> b.mov32Imm(R0, -10).exit()));
        assertEquals(-10L, r0(b -> b.mov64Imm(R0, -10).exit()));
    }

    @Test
    void shiftAmountsAreMasked() {
        assertEquals(1L << 4, r0(b -> b.mov64Imm(R0, 1).mov64Imm(R1, 68).alu64Reg(AluOp.LSH, R0, R1).exit()));
        assertEquals(1L << 28, r0(b -> b.mov64Imm(R0, 1).mov64Imm(R1, 60).alu32Reg(AluOp.LSH, R0, R1).exit()));
        assertEquals(-1L, r0(b -> b.mov64Imm(R0, -16).alu64Imm(AluOp.ARSH, R0, -4).exit()));
        assertEquals(0xffffffffL, r0(b -> b.mov32Imm(R0, 0x80000000).mov64Imm(R1, 63).alu32Reg(AluOp.ARSH, R0, R1).exit()));
    }

    @Test
    void divisionAndModuloByZero() {
        assertEquals(0L, r0(b -> b.mov64Imm(R0, 7).mov64Imm(R1, 0).alu64Reg(AluOp.DIV, R0, R1).exit()));
        assertEquals(0L, r0(b -> b.mov64Imm(R0, 7).mov64Imm(R1, 0).alu32Reg(AluOp.SDIV, R0, R1).exit()));
        assertEquals(-7L, r0(b -> b.mov64Imm(R0, -7).mov64Imm(R1, 0).alu64Reg(AluOp.MOD, R0, R1).exit()));
        assertEquals(0xfffffff9L, r0(b -> b.mov64Imm(R0, -7).mov64Imm(R1, 0).alu32Reg(AluOp.MOD, R0, R1).exit()));
        assertEquals(0xfffffff9L, r0(b -> b.mov64Imm(R0, -7).alu32Imm(AluOp.SMOD, R0, 0).exit()));
    }

    @Test
    void signedDivisionAndIntMinByMinusOne() {
        assertEquals(-2L, r0(b -> b.mov64Imm(R0, -7).alu64Imm(AluOp.SDIV, R0, 3).exit()));
        assertEquals(-1L, r0(b -> b.mov64Imm(R0, -7).alu64Imm(AluOp.SMOD, R0, 3).exit()));
        assertEquals(Long.MIN_VALUE, r0(b -> b.ldImm64(R0, Long.MIN_VALUE).alu64Imm(AluOp.SDIV, R0, -1).exit()));
        assertEquals(0x80000000L, r0(b -> b.mov32Imm(R0, 0x80000000).alu32Imm(AluOp.SDIV, R0, -1).exit()));
        assertEquals(0L, r0(b -> b.ldImm64(R0, Long.MIN_VALUE).alu64Imm(AluOp.SMOD, R0, -1).exit()));
        // unsigned DIV with a negative imm: imm sign-extended, then unsigned
        assertEquals(0L, r0(b -> b.mov64Imm(R0, 5).alu64Imm(AluOp.DIV, R0, -1).exit()));
        assertEquals(1L, r0(b -> b.mov32Imm(R0, -1).alu32Imm(AluOp.DIV, R0, -1).exit()));
    }

    @Test
    void byteSwapsTruncate() {
        long v = 0x8877665544332211L;
        assertEquals(0x1122L, r0(b -> b.ldImm64(R0, v).toBe(R0, 16).exit()));
        assertEquals(0x11223344L, r0(b -> b.ldImm64(R0, v).toBe(R0, 32).exit()));
        assertEquals(0x1122334455667788L, r0(b -> b.ldImm64(R0, v).toBe(R0, 64).exit()));
        assertEquals(0x2211L, r0(b -> b.ldImm64(R0, v).toLe(R0, 16).exit()));
        assertEquals(0x44332211L, r0(b -> b.ldImm64(R0, v).toLe(R0, 32).exit()));
        assertEquals(0x1122L, r0(b -> b.ldImm64(R0, v).bswap(R0, 16).exit()));
    }

    @Test
    void signExtendingMovesAndLoads() {
        assertEquals(-128L, r0(b -> b.mov64Imm(R1, 0x80).movsx64Reg(R0, R1, 8).exit()));
        assertEquals(0xffffff80L, r0(b -> b.mov64Imm(R1, 0x80).movsx32Reg(R0, R1, 8).exit()));
        assertEquals(-1L, r0(b -> b.mov64Imm(R1, -1).alu64Imm(AluOp.RSH, R1, 32).movsx64Reg(R0, R1, 32).exit()));
        assertEquals(-128L, r0(b -> b.stMem(Size.B, FP, -1, 0x80).ldxMemSx(Size.B, R0, FP, -1).exit()));
        assertEquals(0x80L, r0(b -> b.stMem(Size.B, FP, -1, 0x80).ldxMem(Size.B, R0, FP, -1).exit()));
    }

    @Test
    void negAndJump32ComparesLowHalf() {
        assertEquals(0xffffffffL, r0(b -> b.mov64Imm(R0, 1).neg32(R0).exit()));
        assertEquals(1L, r0(b -> b.ldImm64(R1, 0x1_0000_0005L).mov64Imm(R0, 0)
                .jmp32Imm(dev.ebpf4j.asm.JmpOp.JEQ, R1, 5, 1).exit().mov64Imm(R0, 1).exit()));
        assertEquals(0L, r0(b -> b.ldImm64(R1, 0x1_0000_0005L).mov64Imm(R0, 0)
                .jmpImm(dev.ebpf4j.asm.JmpOp.JEQ, R1, 5, 1).exit().mov64Imm(R0, 1).exit()));
    }

    @Test
    void atomics() {
        assertEquals(15L, r0(b -> b.stMem(Size.DW, FP, -8, 10).mov64Imm(R1, 5).atomicAdd(Size.DW, FP, R1, -8)
                .ldxMem(Size.DW, R0, FP, -8).exit()));
        assertEquals(10L, r0(b -> b.stMem(Size.DW, FP, -8, 10).mov64Imm(R0, 5).atomicFetchAdd(Size.DW, FP, R0, -8).exit()));
        // cmpxchg: r0 gets the old value; memory changes only on a match
        assertEquals(9L, r0(b -> b.stMem(Size.W, FP, -4, 7).mov64Imm(R0, 7).mov64Imm(R1, 9)
                .atomicCmpxchg(Size.W, FP, R1, -4).ldxMem(Size.W, R0, FP, -4).exit()));
        assertEquals(7L, r0(b -> b.stMem(Size.W, FP, -4, 7).mov64Imm(R0, 8).mov64Imm(R1, 9)
                .atomicCmpxchg(Size.W, FP, R1, -4).exit()));
        assertEquals(3L, r0(b -> b.stMem(Size.W, FP, -4, 3).mov64Imm(R1, 9).atomicXchg(Size.W, FP, R1, -4)
                .mov64Reg(R0, R1).exit()));
        assertEquals(0xabL, r0(b -> b.mov64Imm(R1, 0xab).storeRelease(Size.B, FP, R1, -1)
                .loadAcquire(Size.B, R0, FP, -1).exit()));
    }
}
