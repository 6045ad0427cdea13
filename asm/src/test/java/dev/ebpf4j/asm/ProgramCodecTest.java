package dev.ebpf4j.asm;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ProgramCodecTest {

    @Test
    void lengthNotAMultipleOfEightNamesTheStrayBytes() {
        DecodeException e = assertThrows(DecodeException.class, () -> Program.fromBytes(new byte[13]));
        assertEquals(8, e.byteOffset());
        assertEquals("program is 13 bytes, not a multiple of 8 (struct bpf_insn is 8 bytes): 5 stray byte(s) at offset 8",
                e.getMessage());
    }

    @Test
    void truncatedLdImm64IsReportedWithItsOffset() {
        Program p = Program.fromHex("b700000000000000 1800000000000000");
        assertEquals(2, p.size()); // the raw slots are kept: the verifier must see them
        DecodeException e = assertThrows(DecodeException.class, p::instructions);
        assertEquals(8, e.byteOffset());
        assertTrue(e.getMessage().startsWith("LD_IMM64 at insn 1 (byte offset 8) is truncated"), e.getMessage());
    }

    @Test
    void hexErrorsSayWhatIsWrong() {
        assertTrue(assertThrows(DecodeException.class, () -> Program.fromHex("b70g")).getMessage().contains("'g'"));
        assertTrue(assertThrows(DecodeException.class, () -> Program.fromHex("b70")).getMessage().contains("odd number"));
    }

    @Test
    void slotsAreLittleEndianAsOnTheWire() {
        Program p = Program.fromHex("1811000000000000");
        Insn i = p.insn(0);
        assertEquals(0x18, i.opcode());
        assertEquals(1, i.dst());
        assertEquals(1, i.src());
        assertEquals(0x1118L, p.slot(0));
        // the bpf_conformance -- raw notation: imm<<32 | off<<16 | regs<<8 | opcode
        assertEquals(0x5566778800000018L, Slots.encode(0x18, 0, 0, 0, 0x55667788));
    }

    @Test
    void anyBitsSurviveAndTypedViewsSayNothingForNonsense() {
        long slot = 0xffffffffffffffffL;
        Program p = Program.of(slot);
        Insn i = p.insn(0);
        assertEquals(slot, i.toSlot());
        assertNull(i.dstReg());
        assertNull(i.aluOp()); // 0xff: class ALU64, operation nibble 0xf0, which names nothing
        assertArrayEquals(p.toBytes(), Program.fromBytes(p.toBytes()).toBytes());
    }

    @Test
    void decodedViewPairsLdImm64() {
        Program p = Program.builder().ldImm64(Register.R1, 0xdeadbeefcafebabeL).exit().build();
        var ins = p.instructions();
        assertEquals(2, ins.size());
        assertTrue(ins.get(0).isWide());
        assertEquals(0xdeadbeefcafebabeL, ins.get(0).imm64());
        assertEquals(2, ins.get(1).index());
    }

    @Test
    void withImmPatchesOnlyTheImmediate() {
        Program p = Program.builder().ldMapFd(Register.R1, 0).exit().build();
        Program q = p.withImm(0, 7);
        assertEquals(7, q.insn(0).imm());
        assertEquals(p.insn(0).opcode(), q.insn(0).opcode());
        assertEquals(1, q.insn(0).src());
        assertNotEquals(p, q);
    }
}
