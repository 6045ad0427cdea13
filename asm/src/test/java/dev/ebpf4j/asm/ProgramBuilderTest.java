package dev.ebpf4j.asm;

import dev.ebpf4j.asm.uapi.Helper;
import org.junit.jupiter.api.Test;

import static dev.ebpf4j.asm.Register.*;
import static org.junit.jupiter.api.Assertions.*;

class ProgramBuilderTest {

    @Test
    void forwardAndBackwardLabelsResolveToSlotOffsets() {
        ProgramBuilder b = Program.builder();
        Label top = b.newLabel("top");
        Label done = b.newLabel("done");
        Program p = b.bind(top)
                .mov64Imm(R0, 0)                 // 0
                .ldImm64(R1, 0x1122334455667788L) // 1-2: two slots
                .jeq(R0, 0, done)                // 3 -> 6: off 2
                .add(R0, 1)                      // 4
                .ja(top)                         // 5 -> 0: off -6
                .bind(done)
                .exit()                          // 6
                .build();
        assertEquals(7, p.size());
        assertEquals(2, p.insn(3).offset());
        assertEquals(-6, p.insn(5).offset());
        assertEquals(6, done.position());
    }

    @Test
    void callsAndGotolPutTheOffsetInImm() {
        ProgramBuilder b = Program.builder();
        Label f = b.newLabel("f");
        Label far = b.newLabel("far");
        Program p = b.callLocal(f).gotol(far).exit().bind(f).bind(far).mov64Imm(R0, 1).exit().build();
        assertEquals(CallKind.LOCAL.code(), p.insn(0).src());
        assertEquals(2, p.insn(0).imm());
        assertEquals(0, p.insn(0).offset());
        assertEquals(1, p.insn(1).imm());
        assertEquals(Opcodes.GOTOL, p.insn(1).opcode());
    }

    @Test
    void ldFuncRefersToTheSubprogram() {
        ProgramBuilder b = Program.builder();
        Label cb = b.newLabel("cb");
        Program p = b.ldFunc(R2, cb).mov64Imm(R0, 0).exit().bind(cb).mov64Imm(R0, 0).exit().build();
        assertEquals(PseudoSource.FUNC.code(), p.insn(0).src());
        assertEquals(3, p.insn(0).imm()); // from slot 1 to slot 4
    }

    @Test
    void unboundLabelIsAnErrorNamingIt() {
        ProgramBuilder b = Program.builder();
        Label l = b.newLabel("nowhere");
        b.ja(l);
        IllegalStateException e = assertThrows(IllegalStateException.class, b::build);
        assertEquals("label 'nowhere' is used by insn 0 but never bound", e.getMessage());
    }

    @Test
    void jumpOutOfSixteenBitRangeSaysToUseGotol() {
        ProgramBuilder b = Program.builder();
        Label l = b.newLabel("far");
        b.ja(l);
        for (int i = 0; i < 40000; i++) b.mov64Imm(R0, 0);
        b.bind(l).exit();
        IllegalStateException e = assertThrows(IllegalStateException.class, b::build);
        assertTrue(e.getMessage().contains("offset 40000 does not fit the 16-bit offset"), e.getMessage());
        assertTrue(e.getMessage().endsWith("use gotol"), e.getMessage());
    }

    @Test
    void gotolReachesBeyondSixteenBits() {
        ProgramBuilder b = Program.builder();
        Label l = b.newLabel("far");
        b.gotol(l);
        for (int i = 0; i < 40000; i++) b.mov64Imm(R0, 0);
        Program p = b.bind(l).exit().build();
        assertEquals(40000, p.insn(0).imm());
    }

    @Test
    void labelsAreBoundOnceAndOnlyInTheirBuilder() {
        ProgramBuilder b = Program.builder();
        Label l = b.newLabel();
        b.bind(l);
        assertThrows(IllegalStateException.class, () -> b.bind(l));
        ProgramBuilder other = Program.builder();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> other.ja(l));
        assertTrue(e.getMessage().contains("another builder"));
    }

    @Test
    void builderIsSingleUse() {
        ProgramBuilder b = Program.builder().exit();
        b.build();
        assertThrows(IllegalStateException.class, b::exit);
        assertThrows(IllegalStateException.class, b::build);
    }

    @Test
    void refusesOnlyWhatCannotBeEncoded() {
        ProgramBuilder b = Program.builder();
        assertThrows(IllegalArgumentException.class, () -> b.ldxMem(Size.W, R0, R1, 40000));
        assertThrows(IllegalArgumentException.class, () -> b.raw(0x100, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> b.raw(0x07, 16, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> b.alu64Imm(AluOp.NEG, R0, 0));
        assertThrows(IllegalArgumentException.class, () -> b.alu64Imm(AluOp.MOVSX8, R0, 0));
        assertThrows(IllegalArgumentException.class, () -> b.jmpImm(JmpOp.JA, R0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> b.endian(Endian.BSWAP, R0, 8));
        // what the verifier rejects is still easy to build
        Program bad = Program.builder()
                .raw(0x08, 0, 0, 0, 0)              // unknown opcode
                .raw(0x07, 0, 1, 0, 1)              // reserved src field set
                .mov64Reg(R10, R1)                  // write to the frame pointer
                .alu64Imm(AluOp.DIV, R0, 0)         // div by zero
                .raw(0xbf, 11, 0, 0, 0)             // r11
                .build();
        assertEquals(5, bad.size());
        assertEquals(11, bad.insn(4).dst());
        assertNull(bad.insn(4).dstReg());
    }

    @Test
    void kernelMacroFormsEncodeAsTheKernelDoes() {
        Program p = Program.builder()
                .alu64Reg(AluOp.SDIV, R1, R2)
                .movsx64Reg(R1, R2, 32)
                .ldxMemSx(Size.B, R0, R10, -1)
                .atomic(Size.W, AtomicOp.CMPXCHG, R1, R2, -8)
                .loadAcquire(Size.DW, R0, R1, 0)
                .call(Helper.TAIL_CALL)
                .build();
        assertEquals(new Insn(0x3f, 1, 2, (short) 1, 0), p.insn(0));
        assertEquals(new Insn(0xbf, 1, 2, (short) 32, 0), p.insn(1));
        assertEquals(new Insn(0x91, 0, 10, (short) -1, 0), p.insn(2));
        assertEquals(new Insn(0xc3, 1, 2, (short) -8, 0xf1), p.insn(3));
        assertEquals(new Insn(0xdb, 0, 1, (short) 0, 0x100), p.insn(4));
        assertEquals(new Insn(0x85, 0, 0, (short) 0, 12), p.insn(5));
    }
}
