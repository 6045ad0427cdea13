package dev.ebpf4j.asm.text;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.AtomicOp;
import dev.ebpf4j.asm.JmpOp;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramBuilder;
import dev.ebpf4j.asm.Size;
import dev.ebpf4j.asm.uapi.Helper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import static dev.ebpf4j.asm.Register.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks every example row of {@code docs/isa.md} against the code: the builder call in the first column
 * must give the bytes of the second, and the kernel, LLVM and ubpf columns must be what the disassembler
 * prints for them. Each builder call shown in the guide has its lambda here, keyed by its exact text.
 */
class IsaGuideTest {
    private static final String HEADER = "| builder | bytes | kernel log | LLVM | ubpf |";

    private static final Map<String, UnaryOperator<ProgramBuilder>> EXAMPLES = new LinkedHashMap<>();

    private static void ex(String call, UnaryOperator<ProgramBuilder> build) {
        EXAMPLES.put("b." + call, build);
    }

    static {
        ex("mov64Reg(R6, R1)", b -> b.mov64Reg(R6, R1));
        ex("mov64Imm(R0, 0)", b -> b.mov64Imm(R0, 0));
        ex("alu64Imm(AluOp.ADD, R2, -4)", b -> b.alu64Imm(AluOp.ADD, R2, -4));
        ex("alu64Reg(AluOp.SUB, R1, R2)", b -> b.alu64Reg(AluOp.SUB, R1, R2));
        ex("alu64Imm(AluOp.OR, R3, 0x10)", b -> b.alu64Imm(AluOp.OR, R3, 0x10));
        ex("alu64Imm(AluOp.LSH, R1, 2)", b -> b.alu64Imm(AluOp.LSH, R1, 2));
        ex("alu32Imm(AluOp.MOV, R1, 5)", b -> b.alu32Imm(AluOp.MOV, R1, 5));
        ex("alu32Reg(AluOp.ADD, R1, R2)", b -> b.alu32Reg(AluOp.ADD, R1, R2));
        ex("alu32Imm(AluOp.AND, R4, -1)", b -> b.alu32Imm(AluOp.AND, R4, -1));
        ex("alu64Imm(AluOp.SDIV, R1, 3)", b -> b.alu64Imm(AluOp.SDIV, R1, 3));
        ex("alu32Reg(AluOp.SMOD, R1, R2)", b -> b.alu32Reg(AluOp.SMOD, R1, R2));
        ex("alu64Imm(AluOp.ARSH, R1, 4)", b -> b.alu64Imm(AluOp.ARSH, R1, 4));
        ex("movsx64Reg(R1, R2, 8)", b -> b.movsx64Reg(R1, R2, 8));
        ex("movsx32Reg(R1, R2, 16)", b -> b.movsx32Reg(R1, R2, 16));
        ex("neg64(R1)", b -> b.neg64(R1));
        ex("neg32(R1)", b -> b.neg32(R1));
        ex("toBe(R1, 16)", b -> b.toBe(R1, 16));
        ex("toLe(R1, 32)", b -> b.toLe(R1, 32));
        ex("bswap(R1, 64)", b -> b.bswap(R1, 64));
        ex("ja(3)", b -> b.ja(3));
        ex("ja(-1)", b -> b.ja(-1));
        ex("gotol(40000)", b -> b.gotol(40000));
        ex("jmpImm(JmpOp.JEQ, R0, 0, 2)", b -> b.jmpImm(JmpOp.JEQ, R0, 0, 2));
        ex("jmpImm(JmpOp.JSGT, R1, -1, 5)", b -> b.jmpImm(JmpOp.JSGT, R1, -1, 5));
        ex("jmpReg(JmpOp.JGT, R1, R2, 3)", b -> b.jmpReg(JmpOp.JGT, R1, R2, 3));
        ex("jmpImm(JmpOp.JSET, R1, 0x80, 1)", b -> b.jmpImm(JmpOp.JSET, R1, 0x80, 1));
        ex("jmp32Imm(JmpOp.JLT, R1, 10, 1)", b -> b.jmp32Imm(JmpOp.JLT, R1, 10, 1));
        ex("jmp32Reg(JmpOp.JSLE, R1, R2, -4)", b -> b.jmp32Reg(JmpOp.JSLE, R1, R2, -4));
        ex("mayGoto(2)", b -> b.mayGoto(2));
        ex("call(Helper.MAP_LOOKUP_ELEM)", b -> b.call(Helper.MAP_LOOKUP_ELEM));
        ex("callHelper(100000)", b -> b.callHelper(100000));
        ex("callLocal(5)", b -> b.callLocal(5));
        ex("callKfunc(12345)", b -> b.callKfunc(12345));
        ex("exit()", b -> b.exit());
        ex("ldImm64(R1, 0x1122334455667788L)", b -> b.ldImm64(R1, 0x1122334455667788L));
        ex("ldImm64(R2, -1L)", b -> b.ldImm64(R2, -1L));
        ex("ldMapFd(R1, 3)", b -> b.ldMapFd(R1, 3));
        ex("ldMapValue(R1, 3, 16)", b -> b.ldMapValue(R1, 3, 16));
        ex("ldAbs(Size.B, 23)", b -> b.ldAbs(Size.B, 23));
        ex("ldInd(Size.H, R3, 14)", b -> b.ldInd(Size.H, R3, 14));
        ex("ldxMem(Size.W, R0, R1, 0)", b -> b.ldxMem(Size.W, R0, R1, 0));
        ex("ldxMem(Size.DW, R2, R10, -8)", b -> b.ldxMem(Size.DW, R2, R10, -8));
        ex("ldxMem(Size.B, R3, R6, 12)", b -> b.ldxMem(Size.B, R3, R6, 12));
        ex("ldxMemSx(Size.B, R1, R2, 4)", b -> b.ldxMemSx(Size.B, R1, R2, 4));
        ex("ldxMemSx(Size.W, R1, R10, -4)", b -> b.ldxMemSx(Size.W, R1, R10, -4));
        ex("stMem(Size.DW, R10, -8, 0)", b -> b.stMem(Size.DW, R10, -8, 0));
        ex("stMem(Size.H, R1, 2, 0x800)", b -> b.stMem(Size.H, R1, 2, 0x800));
        ex("stxMem(Size.W, R10, R0, -4)", b -> b.stxMem(Size.W, R10, R0, -4));
        ex("stxMem(Size.DW, R1, R2, 8)", b -> b.stxMem(Size.DW, R1, R2, 8));
        ex("atomicAdd(Size.DW, R0, R1, 0)", b -> b.atomicAdd(Size.DW, R0, R1, 0));
        ex("atomic(Size.W, AtomicOp.FETCH_OR, R1, R2, 8)", b -> b.atomic(Size.W, AtomicOp.FETCH_OR, R1, R2, 8));
        ex("atomicXchg(Size.DW, R10, R3, -16)", b -> b.atomicXchg(Size.DW, R10, R3, -16));
        ex("atomicCmpxchg(Size.W, R10, R2, -8)", b -> b.atomicCmpxchg(Size.W, R10, R2, -8));
        ex("loadAcquire(Size.DW, R0, R1, 0)", b -> b.loadAcquire(Size.DW, R0, R1, 0));
        ex("storeRelease(Size.W, R1, R2, 4)", b -> b.storeRelease(Size.W, R1, R2, 4));
        ex("raw(0xbf, 12, 1, 0, 0)", b -> b.raw(0xbf, 12, 1, 0, 0));
        ex("raw(0xb7, 1, 0, 8, 5)", b -> b.raw(0xb7, 1, 0, 8, 5));
        ex("raw(0x85, 0, 3, 0, 7)", b -> b.raw(0x85, 0, 3, 0, 7));
        ex("raw(0xe5, 0, 1, 0, 0)", b -> b.raw(0xe5, 0, 1, 0, 0));
        ex("raw(0x21, 1, 2, 0, 0)", b -> b.raw(0x21, 1, 2, 0, 0));
        ex("raw(0xff, 1, 2, 0, 0)", b -> b.raw(0xff, 1, 2, 0, 0));
    }

    static Path guide() {
        return Path.of(System.getProperty("user.dir")).resolve("../docs/isa.md").normalize();
    }

    private static String cell(String c) {
        String s = c.strip();
        if (s.startsWith("`") && s.endsWith("`")) s = s.substring(1, s.length() - 1);
        return s.replace("\\|", "|");
    }

    static String spacedHex(Program p) {
        StringBuilder hex = new StringBuilder();
        byte[] b = p.toBytes();
        for (int i = 0; i < b.length; i++) {
            if (i > 0) hex.append(i % 8 == 0 ? "  " : " ");
            hex.append(String.format("%02x", b[i] & 0xff));
        }
        return hex.toString();
    }

    @Test
    void everyExampleRowOfTheGuideIsWhatTheCodeDoes() throws IOException {
        List<String> lines = Files.readAllLines(guide());
        List<String> seen = new ArrayList<>();
        boolean inTable = false;
        for (String line : lines) {
            if (line.equals(HEADER)) {
                inTable = true;
                continue;
            }
            if (!inTable || line.startsWith("|---")) continue;
            if (!line.startsWith("| `b.")) {
                inTable = false;
                continue;
            }
            String[] cells = line.substring(1, line.length() - 1).split("(?<!\\\\)\\|", -1);
            assertEquals(5, cells.length, line);
            String call = cell(cells[0]);
            UnaryOperator<ProgramBuilder> build = EXAMPLES.get(call);
            assertTrue(build != null, "the guide shows a builder call this test does not know: " + call);
            seen.add(call);
            Program p = build.apply(Program.builder()).build();
            assertEquals(cell(cells[1]), spacedHex(p), "bytes of " + call);
            assertEquals(cell(cells[2]), Disassembler.of(Syntax.KERNEL).line(p, 0), "kernel text of " + call);
            assertEquals(cell(cells[3]), Disassembler.of(Syntax.LLVM).text(p, 0), "LLVM text of " + call);
            assertEquals(cell(cells[4]), Disassembler.of(Syntax.UBPF).text(p, 0), "ubpf text of " + call);
        }
        assertEquals(new ArrayList<>(EXAMPLES.keySet()), seen, "every example appears once, in this order");
    }

    @Test
    void theCodeSampleShowsWhatTheDisassemblerPrints() throws IOException {
        String doc = Files.readString(guide());
        Program p = Program.builder().mov64Reg(R6, R1).ldAbs(Size.B, 23).exit().build();
        Disassembler kernel = Disassembler.of(Syntax.KERNEL);
        assertTrue(doc.contains("kernel.line(p, 1);      // \"" + kernel.line(p, 1) + "\""));
        assertTrue(doc.contains("kernel.text(p, 1);      // \"" + kernel.text(p, 1) + "\""));
        assertTrue(doc.contains("kernel.listing(p);      // \"" + kernel.listing(p).replace("\n", "\\n") + "\""));
        assertTrue(doc.contains("Disassembler.of(Syntax.UBPF).listing(p);   // \""
                + Disassembler.of(Syntax.UBPF).listing(p).replace("\n", "\\n") + "\""));
    }
}
