package dev.ebpf4j.verifier;

import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramBuilder;
import dev.ebpf4j.asm.uapi.ProgType;
import org.junit.jupiter.api.Test;

import static dev.ebpf4j.asm.Register.R0;
import static dev.ebpf4j.asm.Register.R1;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Answers the text syntax cannot spell, each checked live on 6.18 with the same bytes: may_goto with a nonzero
 * imm, more than 8,192 branches pending at once, an LD_IMM64 of a BTF id naming a module's BTF by fd, an LD_IMM64
 * of a function (a callback) in a program without BTF function info.
 */
class WalkLimitsTest {
    private static Result verify(Program p) {
        return Verifier.verify(p, Options.of(ProgType.SOCKET_FILTER));
    }

    @Test
    void mayGotoWithAnImmIsRefusedWhenReached() {
        Program p = Program.builder().mov64Imm(R0, 0).raw(0xe5, 0, 0, 0, 7).exit().build();
        Result r = verify(p);
        assertEquals("invalid may_goto imm 7", r.errorLine());
        assertEquals(Errno.EINVAL, r.errno());
        assertEquals(1, r.insn());
    }

    @Test
    void aBtfIdLoadNamingAModuleBtfFdIsRefused() {
        Program p = Program.builder().raw(0x18, 1, 3, 0, 5).raw(0, 0, 0, 0, 7).mov64Imm(R0, 0).exit().build();
        Result r = verify(p);
        assertEquals("invalid module BTF object FD specified.", r.errorLine());
        assertEquals(Errno.EINVAL, r.errno());
    }

    @Test
    void aCallbackAddressNeedsBtfFunctionInfo() {
        // r2 = <function at insn 4>; r0 = 0; exit; r0 = 0; exit
        Program p = Program.builder().raw(0x18, 2, 4, 0, 3).raw(0, 0, 0, 0, 0).mov64Imm(R0, 0).exit()
                .mov64Imm(R0, 0).exit().build();
        Result r = verify(p);
        assertEquals("missing btf func_info", r.errorLine());
        assertEquals(Errno.EINVAL, r.errno());
        assertEquals(0, r.insn());
    }

    @Test
    void tooManyPendingBranchesIsE2big() {
        ProgramBuilder b = Program.builder().ldxMem(dev.ebpf4j.asm.Size.W, R1, R1, 0);
        for (int i = 0; i < 8300; i++) b.jmpImm(dev.ebpf4j.asm.JmpOp.JEQ, R1, i, 0);
        Result r = verify(b.mov64Imm(R0, 0).exit().build());
        assertEquals("The sequence of 8193 jumps is too complex.", r.errorLine());
        assertEquals(Errno.E2BIG, r.errno());
    }
}
