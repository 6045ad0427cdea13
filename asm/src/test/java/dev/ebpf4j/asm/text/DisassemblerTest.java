package dev.ebpf4j.asm.text;

import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.PseudoSource;
import dev.ebpf4j.asm.uapi.Helper;
import org.junit.jupiter.api.Test;

import static dev.ebpf4j.asm.Register.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The API around the spellings: listings, LD_IMM64 pairing and truncation, the hooks, indices. */
class DisassemblerTest {
    private static final Disassembler KERNEL = Disassembler.of(Syntax.KERNEL);
    private static final Disassembler LLVM = Disassembler.of(Syntax.LLVM);
    private static final Disassembler UBPF = Disassembler.of(Syntax.UBPF);

    private static Program mapLookup() {
        return Program.builder()
                .ldMapFd(R1, 7)
                .call(Helper.MAP_LOOKUP_ELEM)
                .exit()
                .build();
    }

    @Test
    void syntaxesAreWhatTheyClaim() {
        assertEquals(Syntax.KERNEL, KERNEL.syntax());
        assertEquals(Syntax.LLVM, LLVM.syntax());
        assertEquals(Syntax.UBPF, UBPF.syntax());
        assertEquals(Syntax.KERNEL, Disassembler.kernel().syntax());
    }

    @Test
    void kernelListingNumbersSlotsAndSkipsTheSecondHalfOfLdImm64() {
        assertEquals("0: (18) r1 = 0x7\n2: (85) call bpf_map_lookup_elem#1\n3: (95) exit\n", KERNEL.listing(mapLookup()));
        assertEquals("ld_pseudo r1, 1, 7\ncall 1\nexit\n", LLVM.listing(mapLookup()));
        assertEquals(".raw 0x0000000700001118 0x0000000000000000\ncall 1\nexit\n", UBPF.listing(mapLookup()));
        assertEquals("", KERNEL.listing(Program.of()));
    }

    @Test
    void imm64PrinterChoosesTheOperand() {
        Disassembler withAddresses = KERNEL.withImm64Printer((index, first, imm) ->
                PseudoSource.of(first.src()).isMap() ? "0xffff888117deb000" : null);
        assertEquals("(18) r1 = 0xffff888117deb000", withAddresses.line(mapLookup(), 0));
        Program constant = Program.builder().ldImm64(R2, 42).exit().build();
        assertEquals("(18) r2 = 0x2a", withAddresses.line(constant, 0), "null falls back to the raw immediate");
        assertEquals("r1 = my_map ll", LLVM.withImm64Printer((i, f, v) -> "my_map").text(mapLookup(), 0));
        assertSame(Syntax.KERNEL, withAddresses.syntax());
    }

    @Test
    void imm64PrinterIsToldWhereAndWhat() {
        Program p = Program.builder().mov64Imm(R0, 0).ldImm64Raw(R3, PseudoSource.MAP_VALUE, 5, 16).exit().build();
        StringBuilder seen = new StringBuilder();
        KERNEL.withImm64Printer((index, first, imm) -> {
            seen.append(index).append(' ').append(first.src()).append(' ').append(Long.toHexString(imm));
            return null;
        }).listing(p);
        assertEquals("1 2 1000000005", seen.toString());
    }

    @Test
    void kfuncNamerNamesKernelFunctions() {
        Program p = Program.builder().callKfunc(12345).exit().build();
        assertEquals("(85) call kernel-function#12345", KERNEL.line(p, 0));
        Disassembler named = KERNEL.withKfuncNamer((btfId, fdIndex) -> btfId == 12345 ? "bpf_task_acquire" : null);
        assertEquals("(85) call bpf_task_acquire#12345", named.line(p, 0));
        assertEquals("call bpf_task_acquire", LLVM.withKfuncNamer((id, fd) -> "bpf_task_acquire").text(p, 0));
        Program helper = Program.builder().call(Helper.KTIME_GET_NS).exit().build();
        assertEquals("(85) call bpf_ktime_get_ns#5", named.line(helper, 0), "helpers are not kfuncs");
    }

    @Test
    void truncatedLdImm64NeverThrows() {
        Program p = Program.fromHex("b7000000000000001801000005000000");
        assertEquals("0: (b7) r0 = 0\n1: BUG_ld_18\n", KERNEL.listing(p));
        assertEquals("BUG_ld_18", KERNEL.line(p, 1));
        assertEquals(".8byte 0x0000000500000118", LLVM.text(p, 1));
        assertEquals(".raw 0x0000000500000118", UBPF.text(p, 1));
    }

    @Test
    void theSecondSlotAskedForDirectlyIsShownAsItsBits() {
        assertEquals("BUG_ld_00", KERNEL.line(mapLookup(), 1));
    }

    @Test
    void bugFormsHaveNoOpcodePrefix() {
        Program p = Program.builder().raw(0x21, 1, 2, 0, 0).raw(0x43, 1, 2, 0, 0).raw(0x0a, 1, 0, 0, 0).exit().build();
        assertEquals("0: BUG_ldx_21\n1: BUG_43\n2: BUG_st_0a\n3: (95) exit\n", KERNEL.listing(p));
    }

    @Test
    void indicesOutsideTheProgramAreRefused() {
        assertThrows(IndexOutOfBoundsException.class, () -> KERNEL.text(mapLookup(), 4));
        assertThrows(IndexOutOfBoundsException.class, () -> UBPF.line(mapLookup(), -1));
    }

    @Test
    void decodedInstructionsPrintLikeSlots() {
        Program p = mapLookup();
        for (var insn : p.instructions()) {
            assertEquals(KERNEL.line(p, insn.index()), KERNEL.line(insn));
            assertEquals(UBPF.text(p, insn.index()), UBPF.text(insn));
        }
    }
}
