package dev.ebpf4j.asm.text;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.JmpOp;
import dev.ebpf4j.asm.Label;
import dev.ebpf4j.asm.MapBinding;
import dev.ebpf4j.asm.MapSpec;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramBuilder;
import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.Size;
import dev.ebpf4j.asm.uapi.Helper;
import dev.ebpf4j.asm.uapi.MapType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.ebpf4j.asm.Register.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TextAssemblerTest {
    static final String KERNEL_SAMPLE = String.join("\n",
            "r6 = r1",
            "r0 = *(u8 *)skb[23]",
            "*(u32 *)(r10 -4) = r0",
            "r2 = r10",
            "r2 += -4",
            "r1 = 0x1122334455667788",
            "call bpf_map_lookup_elem#1",
            "if r0 == 0x0 goto pc+2",
            "r1 = 1",
            "lock *(u64 *)(r0 +0) += r1",
            "r0 = 0",
            "exit");
    static final String LLVM_SAMPLE = String.join("\n",
            "w1 += w2",
            "w0 = *(u32 *)(r1 + 0)",
            "r1 = 5 ll",
            "call 1",
            "if r0 != 0 goto +1",
            "r0 = xchg_64(r1 + 0, r0)",
            "r1 = bswap16 r1",
            "loop: may_goto done",
            "goto loop",
            "done: exit");
    static final String LOG_SAMPLE = String.join("\n",
            "0: (bf) r6 = r1",
            "1: (30) r0 = *(u8 *)skb[23]",
            "2: (63) *(u32 *)(r10 -4) = r0",
            "3: (85) call bpf_map_lookup_elem#1      ; R0_w=map_value_or_null(id=1,off=0,ks=4,vs=8,imm=0)",
            "4: (15) if r0 == 0x0 goto pc+2",
            "5: (18) r1 = 0x0",
            "7: (95) exit");

    static Program kernel(String text) {
        return TextAssembler.assembleKernel(text).program();
    }

    static Program ubpf(String text) {
        return TextAssembler.assembleUbpf(text).program();
    }

    static AsmSyntaxException error(String text) {
        return assertThrows(AsmSyntaxException.class, () -> TextAssembler.assemble(text));
    }

    @Test
    void kernelSpellingMatchesTheBuilder() {
        Program want = Program.builder()
                .mov64Reg(R6, R1).ldAbs(Size.B, 23).stxMem(Size.W, FP, R0, -4).mov64Reg(R2, FP)
                .alu64Imm(AluOp.ADD, R2, -4).ldImm64(R1, 0x1122334455667788L).call(Helper.MAP_LOOKUP_ELEM)
                .jmpImm(JmpOp.JEQ, R0, 0, 2).mov64Imm(R1, 1).atomicAdd(Size.DW, R0, R1, 0).mov64Imm(R0, 0).exit()
                .build();
        assertEquals(want, kernel(KERNEL_SAMPLE));
        assertEquals(want, TextAssembler.assemble(KERNEL_SAMPLE).program());
    }

    @Test
    void llvmSpellingMatchesTheBuilder() {
        ProgramBuilder b = Program.builder();
        Label loop = b.newLabel(), done = b.newLabel();
        Program want = b.alu32Reg(AluOp.ADD, R1, R2).ldxMem(Size.W, R0, R1, 0).ldImm64(R1, 5).callHelper(1)
                .jmpImm(JmpOp.JNE, R0, 0, 1).atomicXchg(Size.DW, R1, R0, 0).bswap(R1, 16)
                .bind(loop).mayGoto(done).ja(loop).bind(done).exit().build();
        assertEquals(want, kernel(LLVM_SAMPLE));
        assertEquals(want, kernel(LLVM_SAMPLE.replace("\n", "; ")));
    }

    @Test
    void verifierLogLinesAssemble() {
        Program p = kernel(LOG_SAMPLE);
        assertEquals(Program.builder().mov64Reg(R6, R1).ldAbs(Size.B, 23).stxMem(Size.W, FP, R0, -4)
                .callHelper(1).jmpImm(JmpOp.JEQ, R0, 0, 2).ldImm64(R1, 0).exit().build(), p);
        // at log level 1 a jump's line goes on with the target's state or an error
        assertEquals(Program.builder().jmpReg(JmpOp.JGT, R1, R2, 1).ja(-3).build(),
                kernel("4: (2d) if r1 > r2 goto pc+1 11: R0=scalar() R1=1\n5: (05) goto pc-3 infinite loop detected at insn 1"));
        assertEquals("line 1, column 20: unexpected '11' after the instruction", error("if r1 > r2 goto +1 11: R0=1").getMessage());
        // the prefix opcode is checked against what the text assembles to
        AsmSyntaxException e = error("0: (b7) r6 = r1");
        assertEquals("line 1, column 5: the log prefix says opcode (b7) but the instruction assembles to (bf)", e.getMessage());
    }

    @Test
    void llvmObjdumpLinesAssemble() {
        String listing = String.join("\n",
                "       0:\tb7 01 00 00 05 00 00 00\tr1 = 0x5",
                "       1:\t18 02 00 00 05 00 00 00 00 00 00 00 00 00 00 00\tr2 = 0x5 ll",
                "       3:\t25 01 01 00 2a 00 00 00\tif r1 > 0x2a goto +0x1 <L0>",
                "       4:\t05 00 fb ff 00 00 00 00\tgoto -0x5 <main>",
                "       5:\tr0 = 0x0",
                "       6:\t95 00 00 00 00 00 00 00\texit");
        assertEquals(Program.builder().mov64Imm(R1, 5).ldImm64(R2, 5).jmpImm(JmpOp.JGT, R1, 42, 1).ja(-5)
                .mov64Imm(R0, 0).exit().build(), kernel(listing));
        assertEquals("line 1, column 11: the listing's bytes b7 01 00 00 06 00 00 00 differ from what the instruction "
                + "assembles to: b7 01 00 00 05 00 00 00", error("       0:\tb7 01 00 00 06 00 00 00\tr1 = 0x5").getMessage());
        // labels never start with a digit, so "add:" is a label and not an address
        assertEquals(Program.builder().ja(-1).build(), kernel("add: goto add"));
    }

    @Test
    void constantsPickMoveOrLdImm64() {
        assertEquals(Program.builder().mov64Imm(R1, -1).build(), kernel("r1 = -1"));
        assertEquals(Program.builder().mov64Imm(R1, Integer.MIN_VALUE).build(), kernel("r1 = -2147483648"));
        assertEquals(Program.builder().ldImm64(R1, 0xffffffffL).build(), kernel("r1 = 0xffffffff"));
        assertEquals(Program.builder().ldImm64(R1, -1).build(), kernel("r1 = 0xffffffffffffffff"));
        assertEquals(Program.builder().ldImm64(R1, 5).build(), kernel("r1 = 5 ll"));
        assertEquals(Program.builder().mov32Imm(R1, -1).build(), kernel("w1 = 0xffffffff"));
        assertEquals(Program.builder().jmpImm(JmpOp.JEQ, R1, -1, 0).build(), kernel("if r1 == 0xffffffff goto +0"));
        assertEquals("line 1, column 6: constant 18446744073709551616 does not fit 64 bits",
                error("r1 = 0x10000000000000000").getMessage());
        assertEquals("line 1, column 7: immediate 4294967296 does not fit the 32-bit imm field [-2147483648, 0xffffffff]",
                error("r1 += 0x100000000").getMessage());
    }

    @Test
    void everyAtomicSpelling() {
        assertEquals(kernel("r0 = atomic64_fetch_add((u64 *)(r1 +0), r0)"), kernel("r0 = atomic_fetch_add((u64 *)(r1 + 0), r0)"));
        assertEquals(kernel("r2 = atomic_xchg((u32 *)(r1 -8), r2)"), kernel("w2 = xchg32_32(r1 - 8, w2)"));
        assertEquals(kernel("r0 = atomic64_cmpxchg((u64 *)(r1 -8), r0, r2)"), kernel("r0 = cmpxchg_64(r1 - 8, r0, r2)"));
        assertEquals(ubpf("lock fetch xor32 [%r1-8], %r2"), kernel("r2 = atomic_fetch_xor((u32 *)(r1 -8), r2)"));
        assertEquals("line 1, column 39: atomic_fetch_add returns the old value in its value register: write r2 = atomic_fetch_add(..., r2)",
                error("r0 = atomic_fetch_add((u64 *)(r1 +0), r2)").getMessage());
        assertEquals("line 1, column 1: cmpxchg returns the old value in r0, not r1",
                error("r1 = atomic64_cmpxchg((u64 *)(r1 -8), r0, r2)").getMessage());
        assertEquals("line 1, column 8: atomic read-modify-write takes (u32 *) or (u64 *)", error("lock *(u8 *)(r1 +0) += r2").getMessage());
    }

    @Test
    void callsInEveryForm() {
        Program helper = Program.builder().callHelper(1).build();
        assertEquals(helper, kernel("call bpf_map_lookup_elem#1"));
        assertEquals(helper, kernel("call bpf_map_lookup_elem"));
        assertEquals(helper, kernel("call map_lookup_elem"));
        assertEquals(helper, kernel("call 1"));
        assertEquals(helper, ubpf("call 1"));
        assertEquals(Program.builder().callHelper(999).build(), kernel("call unknown#999"));
        assertEquals(Program.builder().callKfunc(1234).build(), kernel("call kernel-function#1234"));
        assertEquals(Program.builder().callKfunc(1234).build(), ubpf("call runtime 1234"));
        assertEquals(Program.builder().callLocal(1).exit().exit().build(), kernel("call pc+1\nexit\nexit"));
        assertEquals(Program.builder().callLocal(1).exit().exit().build(), kernel("call f\nexit\nf: exit"));
        assertEquals(Program.builder().callLocal(1).exit().exit().build(), ubpf("call local f\nexit\nf: exit"));
        assertEquals(Program.builder().callx(R2).build(), ubpf("call %r2"));
        assertEquals(Program.builder().callx(R2).build(), kernel("callx r2"));
        assertEquals("line 1, column 26: helper bpf_map_lookup_elem has id 1, not 2", error("call bpf_map_lookup_elem#2").getMessage());
        assertEquals("line 1, column 6: 'nothing' is neither a label nor a helper name", error("call nothing").getMessage());
    }

    @Test
    void mapsAreDeclaredAndBound() {
        ProgramUnit u = TextAssembler.assemble(String.join("\n",
                ".map counts type=array key=4 value=8 entries=256",
                ".map flagged type=BPF_MAP_TYPE_HASH key=8 value=16 entries=1024 flags=0x1",
                "r1 = map[counts]",
                "r2 = counts ll",
                "r3 = map[counts][0]+8",
                "r4 = map_value[flagged] + 16",
                "exit"));
        assertEquals(List.of(
                new MapBinding(dev.ebpf4j.asm.MapSpec.of("counts", MapType.ARRAY, 4, 8, 256), List.of(0, 2, 4)),
                new MapBinding(dev.ebpf4j.asm.MapSpec.of("flagged", MapType.HASH, 8, 16, 1024).withFlags(1), List.of(6))), u.maps());
        assertEquals(Program.builder().ldMapFd(R1, 0).ldMapFd(R2, 0).ldMapValue(R3, 0, 8).ldMapValue(R4, 0, 16).exit().build(),
                u.program());
        ProgramUnit ro = TextAssembler.assemble(
                ".map ro type=array key=4 value=8 entries=1 flags=0x80 frozen initial=0x0100000000000002");
        assertEquals(new MapSpec("ro", MapType.ARRAY, 4, 8, 1, 0x80, true, new byte[] {1, 0, 0, 0, 0, 0, 0, 2}, null),
                ro.maps().get(0).map());
        assertEquals("line 1, column 70: initial value has 9 bytes but the value size is 8",
                error(".map ro type=array key=4 value=8 entries=1 flags=0x80 frozen initial=0x0100000000000000ff").getMessage());
        assertEquals("line 1, column 6: number '12345678901234567890...' is too long for any field",
                error("r1 = 12345678901234567890123456789012345678901234567890").getMessage());
        assertEquals(7, u.withMapFds(7, 9).insn(2).imm());
        assertEquals(9, u.withMapFds(7, 9).insn(6).imm());
        // the same in ubpf syntax, the map declared after its use
        ProgramUnit v = TextAssembler.assemble("lddw %r1, map[counts]\nlddw %r3, map[counts][0]+8\nexit\n"
                + ".map counts type=array key=4 value=8 entries=256");
        assertEquals(List.of(0, 2), v.maps().get(0).insnIndices());
        assertEquals("line 1, column 10: unknown map 'nope' (declare it with .map nope type=...)", error("r1 = map[nope]").getMessage());
        assertEquals("line 1, column 37: map 'counts' needs entries=N", error(".map counts type=array key=4 value=8").getMessage());
        assertEquals("line 1, column 18: unknown map type 'arrray'", error(".map counts type=arrray key=4 value=8 entries=1").getMessage());
        assertEquals("line 2, column 6: map 'a' is already declared at line 1",
                error(".map a type=hash key=4 value=4 entries=1\n.map a type=hash key=4 value=4 entries=1").getMessage());
        assertEquals("line 1, column 10: map[id:N] names a map loaded in the kernel; declare the map with "
                + ".map NAME type=... key=... value=... entries=... and write map[NAME]", error("r1 = map[id:3]").getMessage());
    }

    @Test
    void labelsResolveForwardAndBackward() {
        Program p = kernel("top: r0 = 0\nr1 = 0x100000000\nif r0 == 0 goto done\nr0 += 1\ngoto top\ndone:\nexit");
        assertEquals(2, p.insn(3).offset());
        assertEquals(-6, p.insn(5).offset());
        assertEquals(p, ubpf("top: mov %r0, 0\nlddw %r1, 0x100000000\njeq %r0, 0, done\nadd %r0, 1\nja top\ndone:\nexit"));
        // ubpf: the first exit is the label "exit"
        assertEquals(1, ubpf("jne %r0, 1, exit\nmov %r0, 2\nexit\nexit").insn(0).offset());
        assertEquals(Program.builder().ja(0).exit().build(), kernel("goto .LBB0_2\n.LBB0_2:\nexit")); // LLVM's local labels
        assertEquals("line 2, column 1: label 'a' is already defined at line 1", error("a: exit\na: exit").getMessage());
        assertEquals("line 1, column 1: 'r1' is a register name and cannot be a label", error("r1: exit").getMessage());
        assertEquals("line 1, column 6: undefined label 'x'", error("goto x").getMessage());
    }

    @Test
    void jumpRangesAreChecked() {
        StringBuilder far = new StringBuilder("goto end\n");
        for (int i = 0; i < 32768; i++) far.append("r0 = 0\n");
        far.append("end: exit\n");
        assertEquals("line 1, column 6: label 'end' is 32768 slots away, which does not fit the 16-bit jump offset "
                + "[-32768, 32767]; use gotol", error(far.toString()).getMessage());
        assertEquals(32768, kernel(far.toString().replaceFirst("goto", "gotol")).insn(0).imm());
        assertEquals("line 1, column 6: jump offset 32768 does not fit the signed 16-bit offset field [-32768, 32767]",
                error("goto +32768").getMessage());
        assertEquals("line 1, column 18: offset -32769 does not fit the signed 16-bit offset field [-32768, 32767]",
                error("r0 = *(u64 *)(r1 -32769)").getMessage());
    }

    @Test
    void errorsNameWhatAndWhere() {
        assertEquals("line 3, column 7: unknown register 'r11' (registers are r0 to r10)",
                error("r0 = 0\nr1 = 2\nr0 += r11").getMessage());
        assertEquals("line 1, column 7: 'w1' and 'r2' mix 32-bit (w) and 64-bit (r) registers", error("w1 += r2").getMessage());
        assertEquals("line 1, column 1: unknown instruction 'frobnicate'", error("frobnicate r1").getMessage());
        assertEquals("line 1, column 1: unknown mnemonic 'mov33'", error("mov33 %r1, 2").getMessage());
        assertEquals("line 1, column 10: expected ',' but found '2'", error("mov %r1  2").getMessage());
        assertEquals("line 1, column 6: malformed number '12ab' (hexadecimal numbers start with 0x)", error("r0 = 12ab").getMessage());
        assertEquals("line 1, column 1: unknown directive '.data' (.map, .raw, .8byte)", error(".data").getMessage());
        assertEquals("line 1, column 6: expected a value but found '\\u0000'", error("r0 = \0").getMessage());
        assertEquals("line 1, column 11: this operation works in place on one register: write r1 = be16 r1",
                error("r1 = be16 r2").getMessage());
    }

    @Test
    void commentsAndSeparators() {
        Program p = Program.builder().mov64Imm(R0, 1).exit().build();
        assertEquals(p, kernel("# comment\n// another\n; and the log's\nr0 = 1 // set\nexit # done"));
        assertEquals(p, kernel("r0 = 1; exit;"));
        assertEquals(p, ubpf("mov %r0, 1# comment\nexit"));
        assertEquals(p, kernel("\n\n  r0 = 1  \r\n\texit\n"));
    }

    @Test
    void rawSlots() {
        assertEquals(Program.of(0x5566778800000018L, 0x1122334400000000L, 0x95L),
                kernel(".raw 0x5566778800000018 0x1122334400000000\n.raw 0x95"));
    }

    @Test
    void samplesAssemble() {
        assertEquals(13, kernel(KERNEL_SAMPLE).size());
        assertEquals(11, kernel(LLVM_SAMPLE).size());
        assertEquals(8, kernel(LOG_SAMPLE).size());
    }
}
