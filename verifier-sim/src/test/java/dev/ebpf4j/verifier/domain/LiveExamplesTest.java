package dev.ebpf4j.verifier.domain;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.JmpOp;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** States printed by the live Linux 6.18 kernel for hand-written programs (each noted with the instruction). */
class LiveExamplesTest {
    private static Scalar k(long v) {
        return Scalar.constant(v);
    }

    @Test
    void loadsOfEachWidth() {
        // r1 = *(u8/u16/u32/u64 *)(r10 -8) and *(s8/s16/s32 *) of unknown stack bytes
        assertEquals("scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))", Scalar.unknownOfSize(1).format());
        assertEquals("scalar(smin=smin32=0,smax=umax=smax32=umax32=0xffff,var_off=(0x0; 0xffff))", Scalar.unknownOfSize(2).format());
        assertEquals("scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))", Scalar.unknownOfSize(4).format());
        assertEquals("scalar()", Scalar.unknownOfSize(8).format());
        assertEquals("scalar(smin=smin32=-128,smax=smax32=127)", Scalar.unknownSignExtended(1).format());
        assertEquals("scalar(smin=smin32=-32768,smax=smax32=32767)", Scalar.unknownSignExtended(2).format());
        assertEquals("scalar(smin=0xffffffff80000000,smax=0x7fffffff)", Scalar.unknownSignExtended(4).format());
    }

    @Test
    void negationByteSwapsAndMultiplication() {
        Scalar b = Scalar.unknown().alu(AluOp.AND, true, k(255));
        Scalar neg = b.neg(true); // r6 = -r6
        assertEquals("scalar(smin=smin32=-255,smax=smax32=0)", neg.format());
        assertEquals(b.format(), neg.neg(false).format()); // w6 = -w6
        Scalar m = Scalar.unknown().alu(AluOp.AND, true, k(0xff0));
        Scalar swapped = m.endian(16, true); // r6 = bswap16 r6
        assertEquals("scalar(smin=smin32=0,smax=umax=smax32=umax32=0xf00f,var_off=(0x0; 0xf00f))", swapped.format());
        assertEquals("scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))",
                Scalar.unknown().endian(32, true).format()); // r7 = bswap32 r7
        assertEquals("scalar(smin=smin32=0,smax=umax=0xff0000000000000,smax32=umax32=0,var_off=(0x0; 0xff0000000000000))",
                swapped.endian(64, true).format()); // r6 = be64 r6
        Scalar range = m.alu(AluOp.ADD, true, k(5)); // r6 += 5, then r6 = le16 r6 keeps the bounds
        assertEquals("scalar(smin=umin=smin32=umin32=5,smax=umax=smax32=umax32=4085,var_off=(0x5; 0xff0))",
                range.endian(16, false).format());
        Scalar s = b.alu(AluOp.SUB, true, k(100)).alu(AluOp.MUL, true, k(-3)); // r6 -= 100; r6 *= -3
        assertEquals("scalar(smin=smin32=-465,smax=smax32=300)", s.format());
        Scalar w = Scalar.unknown().alu(AluOp.AND, true, k(0xffff)).alu(AluOp.MUL, false, k(0x10000)); // w7 *= 65536
        assertEquals("scalar(smin=0,smax=umax=umax32=0xffff0000,smax32=0x7fff0000,var_off=(0x0; 0xffff0000))", w.format());
        assertEquals("scalar()", b.alu(AluOp.DIV, true, k(3)).format()); // 6.18 does not track division
        assertEquals("scalar()", b.alu(AluOp.MOD, false, k(5)).format());
    }

    @Test
    void andWithAConstantSplitsMinusOneAndZero() {
        Scalar bit = Scalar.unknown().alu(AluOp.AND, true, k(1)).neg(true); // r6 &= 1; r6 = -r6
        assertEquals("scalar(smin=smin32=-1,smax=smax32=0)", bit.format());
        Scalar[] halves = bit.splitMinusOneOrZero().orElseThrow();
        assertEquals("5", halves[0].alu(AluOp.AND, true, k(5)).format()); // 6: r6 &= 5 -> R6=5
        assertEquals("0", halves[1].alu(AluOp.AND, true, k(5)).format()); // from 6 to 6: R6=0
    }

    @Test
    void refinementThatMeetsTheKnownBitsInOneValue() {
        // r6 &= 255; r6 |= 1; if r6 < 8 goto ...; if r6 <= 8 goto L  ->  at L: R6=9
        Scalar odd = Scalar.unknown().alu(AluOp.AND, true, k(255)).alu(AluOp.OR, true, k(1));
        Scalar atLeast8 = Scalar.refine(JmpOp.JLT, false, odd, k(8), false).dst();
        assertEquals("scalar(smin=umin=smin32=umin32=8,smax=umax=smax32=umax32=255,var_off=(0x1; 0xfe))", atLeast8.format());
        assertEquals(Decision.UNKNOWN, atLeast8.branchTaken(JmpOp.JLE, false, k(8)));
        ScalarPair taken = Scalar.refine(JmpOp.JLE, false, atLeast8, k(8), true);
        assertEquals("9", taken.dst().format());
        assertTrue(taken.consistent());
        assertEquals("scalar(smin=umin=smin32=umin32=9,smax=umax=smax32=umax32=255,var_off=(0x1; 0xfe))",
                Scalar.refine(JmpOp.JLE, false, atLeast8, k(8), false).dst().format());
    }

    @Test
    void contradictoryRefinementIsReportedAndForgotten() {
        // 9: if w6 != w7 goto ... with the states below; the fall-through prints two REG INVARIANTS VIOLATIONs
        Scalar r6 = Scalar.parse("scalar(smin=-271,smax=0x7fffffffffffffe9,umin=umin32=236,umax=0xffffffffffffffe9,"
                + "smax32=0x7fffffe9,umax32=0xffffffe9,var_off=(0x0; 0xffffffffffffffe9))");
        Scalar r7 = Scalar.parse("scalar(smin=smin32=0,smax=umax=smax32=umax32=240,var_off=(0x0; 0xf0))");
        ScalarPair fall = Scalar.refine(JmpOp.JNE, true, r6, r7, false);
        assertEquals("range bounds violation u64=[0xec, 0x7fffffff000000e0] s64=[0xec, 0x7fffffff000000e0] "
                + "u32=[0xec, 0xe0] s32=[0xe0, 0xe0] var_off=(0xe0, 0x7fffffff00000000)", fall.dstViolation());
        assertEquals("range bounds violation u64=[0xe0, 0xe0] s64=[0xe0, 0xe0] u32=[0xec, 0xe0] s32=[0xe0, 0xe0] "
                + "var_off=(0xe0, 0x0)", fall.srcViolation());
        assertEquals("scalar(var_off=(0xe0; 0x7fffffff00000000))", fall.dst().format());
        assertEquals("224", fall.src().format());
        // bounds forgotten: the next comparison is undecided although the tnum is a constant
        assertEquals(Decision.UNKNOWN, fall.src().branchTaken(JmpOp.JLE, false, k(-203834539)));
        assertNull(Scalar.refine(JmpOp.JNE, true, r6, r7, true).dstViolation());
    }

    @Test
    void linkedRegisterGetsTheRefinedStateMinusItsDelta() {
        // r6 &= 255; r7 = r6; r7 += 5; if r7 > 100 goto L; r6 += 0  (r6 is linked to r7 with delta -5)
        Scalar r7 = Scalar.unknown().alu(AluOp.AND, true, k(255)).alu(AluOp.ADD, true, k(5));
        assertEquals("scalar(smin=umin=smin32=umin32=5,smax=umax=smax32=umax32=260,var_off=(0x0; 0x1ff))", r7.format());
        ScalarPair fall = Scalar.refine(JmpOp.JGT, false, r7, k(100), false);
        assertEquals("scalar(smin=umin=smin32=umin32=5,smax=umax=smax32=umax32=100,var_off=(0x0; 0x7f))", fall.dst().format());
        assertEquals("scalar(smin=smin32=0,smax=umax=smax32=umax32=95,var_off=(0x0; 0x7f))",
                fall.dst().plusForLinkedRegister(-5).alu(AluOp.ADD, true, k(0)).format());
        ScalarPair taken = Scalar.refine(JmpOp.JGT, false, r7, k(100), true);
        assertEquals("scalar(smin=umin=smin32=umin32=96,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))",
                taken.dst().plusForLinkedRegister(-5).format());
    }

    @Test
    void stackPointerWithVariableOffset() {
        // r6 &= 15; r6 += 10; r7 &= 2; r7 -= 5; r1 = r10; r1 += r6; r1 += r7
        Scalar r6 = Scalar.unknown().alu(AluOp.AND, true, k(15)).alu(AluOp.ADD, true, k(10));
        Scalar r7 = Scalar.unknown().alu(AluOp.AND, true, k(2)).alu(AluOp.SUB, true, k(5));
        Scalar off = k(0).pointerOffset(r6, true);
        assertEquals("smin=umin=smin32=umin32=10,smax=umax=smax32=umax32=25,var_off=(0x0; 0x1f)", ScalarText.fields(off));
        assertEquals("smin=umin=smin32=umin32=5,smax=umax=smax32=umax32=22,var_off=(0x0; 0x1f)",
                ScalarText.fields(off.pointerOffset(r7, true)));
        assertEquals("", ScalarText.fields(Scalar.unknown()));
    }

    @Test
    void aRegisterComparedWithItself() {
        Scalar r6 = Scalar.unknown().alu(AluOp.AND, true, k(255));
        assertEquals(Decision.UNKNOWN, r6.branchTaken(JmpOp.JGT, false, r6));
        // 5: if r6 > r6 goto pc+4: taken R6=[1,254], fall-through unchanged
        assertEquals("scalar(smin=umin=smin32=umin32=1,smax=umax=smax32=umax32=254,var_off=(0x0; 0xff))",
                Scalar.refineSameRegister(JmpOp.JGT, false, r6, true).dst().format());
        assertEquals(r6, Scalar.refineSameRegister(JmpOp.JGT, false, r6, false).dst());
        // 6: if r6 != r6: both outcomes keep the state; 7: if w6 < w6: taken [1,254]
        assertEquals(r6, Scalar.refineSameRegister(JmpOp.JNE, false, r6, true).dst());
        assertEquals("scalar(smin=umin=smin32=umin32=1,smax=umax=smax32=umax32=254,var_off=(0x0; 0xff))",
                Scalar.refineSameRegister(JmpOp.JLT, true, r6, true).dst().format());
    }
}
