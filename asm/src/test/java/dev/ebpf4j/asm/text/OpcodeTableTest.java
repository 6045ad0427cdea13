package dev.ebpf4j.asm.text;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.AtomicOp;
import dev.ebpf4j.asm.Endian;
import dev.ebpf4j.asm.JmpOp;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramBuilder;
import dev.ebpf4j.asm.PseudoSource;
import dev.ebpf4j.asm.Size;
import dev.ebpf4j.asm.uapi.Helper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static dev.ebpf4j.asm.Register.R1;
import static dev.ebpf4j.asm.Register.R2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One case per row of the opcode table in {@code shared/reference/isa.md} section 4 (operands: dst r1, src r2,
 * off -8, imm 5, jump +3): the builder call gives exactly the row's bytes, and the three disassemblies equal the
 * table's columns wherever a column gives literal text (not a placeholder such as {@code <func>} or a label).
 */
class OpcodeTableTest {

    record Row(String key, UnaryOperator<ProgramBuilder> build, String hex) {}

    private static Row row(String key, UnaryOperator<ProgramBuilder> build, String hex) {
        return new Row(key, build, hex);
    }

    /** The 8 little-endian bytes of {@code struct bpf_insn}, packed field by field (independent of the codec). */
    private static String slot(int code, int dst, int src, int off, int imm) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) code).put((byte) (src << 4 | dst)).putShort((short) off).putInt(imm);
        return HexFormat.of().formatHex(b.array());
    }

    static final List<Row> ROWS = List.of(
            row("0x04 | imm", b -> b.alu32Imm(AluOp.ADD, R1, 5), slot(0x04, 1, 0, 0, 5)),
            row("0x0c | src", b -> b.alu32Reg(AluOp.ADD, R1, R2), slot(0x0c, 1, 2, 0, 0)),
            row("0x14 | imm", b -> b.alu32Imm(AluOp.SUB, R1, 5), slot(0x14, 1, 0, 0, 5)),
            row("0x1c | src", b -> b.alu32Reg(AluOp.SUB, R1, R2), slot(0x1c, 1, 2, 0, 0)),
            row("0x24 | imm", b -> b.alu32Imm(AluOp.MUL, R1, 5), slot(0x24, 1, 0, 0, 5)),
            row("0x2c | src", b -> b.alu32Reg(AluOp.MUL, R1, R2), slot(0x2c, 1, 2, 0, 0)),
            row("0x34 | imm", b -> b.alu32Imm(AluOp.DIV, R1, 5), slot(0x34, 1, 0, 0, 5)),
            row("0x3c | src", b -> b.alu32Reg(AluOp.DIV, R1, R2), slot(0x3c, 1, 2, 0, 0)),
            row("0x34 | imm, off=1", b -> b.alu32Imm(AluOp.SDIV, R1, 5), slot(0x34, 1, 0, 1, 5)),
            row("0x3c | src, off=1", b -> b.alu32Reg(AluOp.SDIV, R1, R2), slot(0x3c, 1, 2, 1, 0)),
            row("0x44 | imm", b -> b.alu32Imm(AluOp.OR, R1, 5), slot(0x44, 1, 0, 0, 5)),
            row("0x4c | src", b -> b.alu32Reg(AluOp.OR, R1, R2), slot(0x4c, 1, 2, 0, 0)),
            row("0x54 | imm", b -> b.alu32Imm(AluOp.AND, R1, 5), slot(0x54, 1, 0, 0, 5)),
            row("0x5c | src", b -> b.alu32Reg(AluOp.AND, R1, R2), slot(0x5c, 1, 2, 0, 0)),
            row("0x64 | imm", b -> b.alu32Imm(AluOp.LSH, R1, 5), slot(0x64, 1, 0, 0, 5)),
            row("0x6c | src", b -> b.alu32Reg(AluOp.LSH, R1, R2), slot(0x6c, 1, 2, 0, 0)),
            row("0x74 | imm", b -> b.alu32Imm(AluOp.RSH, R1, 5), slot(0x74, 1, 0, 0, 5)),
            row("0x7c | src", b -> b.alu32Reg(AluOp.RSH, R1, R2), slot(0x7c, 1, 2, 0, 0)),
            row("0x94 | imm", b -> b.alu32Imm(AluOp.MOD, R1, 5), slot(0x94, 1, 0, 0, 5)),
            row("0x9c | src", b -> b.alu32Reg(AluOp.MOD, R1, R2), slot(0x9c, 1, 2, 0, 0)),
            row("0x94 | imm, off=1", b -> b.alu32Imm(AluOp.SMOD, R1, 5), slot(0x94, 1, 0, 1, 5)),
            row("0x9c | src, off=1", b -> b.alu32Reg(AluOp.SMOD, R1, R2), slot(0x9c, 1, 2, 1, 0)),
            row("0xa4 | imm", b -> b.alu32Imm(AluOp.XOR, R1, 5), slot(0xa4, 1, 0, 0, 5)),
            row("0xac | src", b -> b.alu32Reg(AluOp.XOR, R1, R2), slot(0xac, 1, 2, 0, 0)),
            row("0xb4 | imm", b -> b.alu32Imm(AluOp.MOV, R1, 5), slot(0xb4, 1, 0, 0, 5)),
            row("0xbc | src", b -> b.alu32Reg(AluOp.MOV, R1, R2), slot(0xbc, 1, 2, 0, 0)),
            row("0xbc | src, off=8", b -> b.alu32Reg(AluOp.MOVSX8, R1, R2), slot(0xbc, 1, 2, 8, 0)),
            row("0xbc | src, off=16", b -> b.alu32Reg(AluOp.MOVSX16, R1, R2), slot(0xbc, 1, 2, 16, 0)),
            row("0xc4 | imm", b -> b.alu32Imm(AluOp.ARSH, R1, 5), slot(0xc4, 1, 0, 0, 5)),
            row("0xcc | src", b -> b.alu32Reg(AluOp.ARSH, R1, R2), slot(0xcc, 1, 2, 0, 0)),
            row("0x84 | -", b -> b.neg32(R1), slot(0x84, 1, 0, 0, 0)),
            row("0x07 | imm", b -> b.alu64Imm(AluOp.ADD, R1, 5), slot(0x07, 1, 0, 0, 5)),
            row("0x0f | src", b -> b.alu64Reg(AluOp.ADD, R1, R2), slot(0x0f, 1, 2, 0, 0)),
            row("0x17 | imm", b -> b.alu64Imm(AluOp.SUB, R1, 5), slot(0x17, 1, 0, 0, 5)),
            row("0x1f | src", b -> b.alu64Reg(AluOp.SUB, R1, R2), slot(0x1f, 1, 2, 0, 0)),
            row("0x27 | imm", b -> b.alu64Imm(AluOp.MUL, R1, 5), slot(0x27, 1, 0, 0, 5)),
            row("0x2f | src", b -> b.alu64Reg(AluOp.MUL, R1, R2), slot(0x2f, 1, 2, 0, 0)),
            row("0x37 | imm", b -> b.alu64Imm(AluOp.DIV, R1, 5), slot(0x37, 1, 0, 0, 5)),
            row("0x3f | src", b -> b.alu64Reg(AluOp.DIV, R1, R2), slot(0x3f, 1, 2, 0, 0)),
            row("0x37 | imm, off=1", b -> b.alu64Imm(AluOp.SDIV, R1, 5), slot(0x37, 1, 0, 1, 5)),
            row("0x3f | src, off=1", b -> b.alu64Reg(AluOp.SDIV, R1, R2), slot(0x3f, 1, 2, 1, 0)),
            row("0x47 | imm", b -> b.alu64Imm(AluOp.OR, R1, 5), slot(0x47, 1, 0, 0, 5)),
            row("0x4f | src", b -> b.alu64Reg(AluOp.OR, R1, R2), slot(0x4f, 1, 2, 0, 0)),
            row("0x57 | imm", b -> b.alu64Imm(AluOp.AND, R1, 5), slot(0x57, 1, 0, 0, 5)),
            row("0x5f | src", b -> b.alu64Reg(AluOp.AND, R1, R2), slot(0x5f, 1, 2, 0, 0)),
            row("0x67 | imm", b -> b.alu64Imm(AluOp.LSH, R1, 5), slot(0x67, 1, 0, 0, 5)),
            row("0x6f | src", b -> b.alu64Reg(AluOp.LSH, R1, R2), slot(0x6f, 1, 2, 0, 0)),
            row("0x77 | imm", b -> b.alu64Imm(AluOp.RSH, R1, 5), slot(0x77, 1, 0, 0, 5)),
            row("0x7f | src", b -> b.alu64Reg(AluOp.RSH, R1, R2), slot(0x7f, 1, 2, 0, 0)),
            row("0x97 | imm", b -> b.alu64Imm(AluOp.MOD, R1, 5), slot(0x97, 1, 0, 0, 5)),
            row("0x9f | src", b -> b.alu64Reg(AluOp.MOD, R1, R2), slot(0x9f, 1, 2, 0, 0)),
            row("0x97 | imm, off=1", b -> b.alu64Imm(AluOp.SMOD, R1, 5), slot(0x97, 1, 0, 1, 5)),
            row("0x9f | src, off=1", b -> b.alu64Reg(AluOp.SMOD, R1, R2), slot(0x9f, 1, 2, 1, 0)),
            row("0xa7 | imm", b -> b.alu64Imm(AluOp.XOR, R1, 5), slot(0xa7, 1, 0, 0, 5)),
            row("0xaf | src", b -> b.alu64Reg(AluOp.XOR, R1, R2), slot(0xaf, 1, 2, 0, 0)),
            row("0xb7 | imm", b -> b.alu64Imm(AluOp.MOV, R1, 5), slot(0xb7, 1, 0, 0, 5)),
            row("0xbf | src", b -> b.alu64Reg(AluOp.MOV, R1, R2), slot(0xbf, 1, 2, 0, 0)),
            row("0xbf | src, off=8", b -> b.alu64Reg(AluOp.MOVSX8, R1, R2), slot(0xbf, 1, 2, 8, 0)),
            row("0xbf | src, off=16", b -> b.alu64Reg(AluOp.MOVSX16, R1, R2), slot(0xbf, 1, 2, 16, 0)),
            row("0xbf | src, off=32", b -> b.alu64Reg(AluOp.MOVSX32, R1, R2), slot(0xbf, 1, 2, 32, 0)),
            row("0xc7 | imm", b -> b.alu64Imm(AluOp.ARSH, R1, 5), slot(0xc7, 1, 0, 0, 5)),
            row("0xcf | src", b -> b.alu64Reg(AluOp.ARSH, R1, R2), slot(0xcf, 1, 2, 0, 0)),
            row("0x87 | -", b -> b.neg64(R1), slot(0x87, 1, 0, 0, 0)),
            row("0xd4 | imm=16", b -> b.endian(Endian.TO_LE, R1, 16), slot(0xd4, 1, 0, 0, 16)),
            row("0xdc | imm=16", b -> b.endian(Endian.TO_BE, R1, 16), slot(0xdc, 1, 0, 0, 16)),
            row("0xd7 | imm=16", b -> b.endian(Endian.BSWAP, R1, 16), slot(0xd7, 1, 0, 0, 16)),
            row("0xd4 | imm=32", b -> b.endian(Endian.TO_LE, R1, 32), slot(0xd4, 1, 0, 0, 32)),
            row("0xdc | imm=32", b -> b.endian(Endian.TO_BE, R1, 32), slot(0xdc, 1, 0, 0, 32)),
            row("0xd7 | imm=32", b -> b.endian(Endian.BSWAP, R1, 32), slot(0xd7, 1, 0, 0, 32)),
            row("0xd4 | imm=64", b -> b.endian(Endian.TO_LE, R1, 64), slot(0xd4, 1, 0, 0, 64)),
            row("0xdc | imm=64", b -> b.endian(Endian.TO_BE, R1, 64), slot(0xdc, 1, 0, 0, 64)),
            row("0xd7 | imm=64", b -> b.endian(Endian.BSWAP, R1, 64), slot(0xd7, 1, 0, 0, 64)),
            row("0x05 | off", b -> b.ja(3), slot(0x05, 0, 0, 3, 0)),
            row("0x06 | imm", b -> b.gotol(3), slot(0x06, 0, 0, 0, 3)),
            row("0x15 | imm, off", b -> b.jmpImm(JmpOp.JEQ, R1, 5, 3), slot(0x15, 1, 0, 3, 5)),
            row("0x1d | src, off", b -> b.jmpReg(JmpOp.JEQ, R1, R2, 3), slot(0x1d, 1, 2, 3, 0)),
            row("0x25 | imm, off", b -> b.jmpImm(JmpOp.JGT, R1, 5, 3), slot(0x25, 1, 0, 3, 5)),
            row("0x2d | src, off", b -> b.jmpReg(JmpOp.JGT, R1, R2, 3), slot(0x2d, 1, 2, 3, 0)),
            row("0x35 | imm, off", b -> b.jmpImm(JmpOp.JGE, R1, 5, 3), slot(0x35, 1, 0, 3, 5)),
            row("0x3d | src, off", b -> b.jmpReg(JmpOp.JGE, R1, R2, 3), slot(0x3d, 1, 2, 3, 0)),
            row("0x45 | imm, off", b -> b.jmpImm(JmpOp.JSET, R1, 5, 3), slot(0x45, 1, 0, 3, 5)),
            row("0x4d | src, off", b -> b.jmpReg(JmpOp.JSET, R1, R2, 3), slot(0x4d, 1, 2, 3, 0)),
            row("0x55 | imm, off", b -> b.jmpImm(JmpOp.JNE, R1, 5, 3), slot(0x55, 1, 0, 3, 5)),
            row("0x5d | src, off", b -> b.jmpReg(JmpOp.JNE, R1, R2, 3), slot(0x5d, 1, 2, 3, 0)),
            row("0x65 | imm, off", b -> b.jmpImm(JmpOp.JSGT, R1, 5, 3), slot(0x65, 1, 0, 3, 5)),
            row("0x6d | src, off", b -> b.jmpReg(JmpOp.JSGT, R1, R2, 3), slot(0x6d, 1, 2, 3, 0)),
            row("0x75 | imm, off", b -> b.jmpImm(JmpOp.JSGE, R1, 5, 3), slot(0x75, 1, 0, 3, 5)),
            row("0x7d | src, off", b -> b.jmpReg(JmpOp.JSGE, R1, R2, 3), slot(0x7d, 1, 2, 3, 0)),
            row("0xa5 | imm, off", b -> b.jmpImm(JmpOp.JLT, R1, 5, 3), slot(0xa5, 1, 0, 3, 5)),
            row("0xad | src, off", b -> b.jmpReg(JmpOp.JLT, R1, R2, 3), slot(0xad, 1, 2, 3, 0)),
            row("0xb5 | imm, off", b -> b.jmpImm(JmpOp.JLE, R1, 5, 3), slot(0xb5, 1, 0, 3, 5)),
            row("0xbd | src, off", b -> b.jmpReg(JmpOp.JLE, R1, R2, 3), slot(0xbd, 1, 2, 3, 0)),
            row("0xc5 | imm, off", b -> b.jmpImm(JmpOp.JSLT, R1, 5, 3), slot(0xc5, 1, 0, 3, 5)),
            row("0xcd | src, off", b -> b.jmpReg(JmpOp.JSLT, R1, R2, 3), slot(0xcd, 1, 2, 3, 0)),
            row("0xd5 | imm, off", b -> b.jmpImm(JmpOp.JSLE, R1, 5, 3), slot(0xd5, 1, 0, 3, 5)),
            row("0xdd | src, off", b -> b.jmpReg(JmpOp.JSLE, R1, R2, 3), slot(0xdd, 1, 2, 3, 0)),
            row("0x16 | imm, off", b -> b.jmp32Imm(JmpOp.JEQ, R1, 5, 3), slot(0x16, 1, 0, 3, 5)),
            row("0x1e | src, off", b -> b.jmp32Reg(JmpOp.JEQ, R1, R2, 3), slot(0x1e, 1, 2, 3, 0)),
            row("0x26 | imm, off", b -> b.jmp32Imm(JmpOp.JGT, R1, 5, 3), slot(0x26, 1, 0, 3, 5)),
            row("0x2e | src, off", b -> b.jmp32Reg(JmpOp.JGT, R1, R2, 3), slot(0x2e, 1, 2, 3, 0)),
            row("0x36 | imm, off", b -> b.jmp32Imm(JmpOp.JGE, R1, 5, 3), slot(0x36, 1, 0, 3, 5)),
            row("0x3e | src, off", b -> b.jmp32Reg(JmpOp.JGE, R1, R2, 3), slot(0x3e, 1, 2, 3, 0)),
            row("0x46 | imm, off", b -> b.jmp32Imm(JmpOp.JSET, R1, 5, 3), slot(0x46, 1, 0, 3, 5)),
            row("0x4e | src, off", b -> b.jmp32Reg(JmpOp.JSET, R1, R2, 3), slot(0x4e, 1, 2, 3, 0)),
            row("0x56 | imm, off", b -> b.jmp32Imm(JmpOp.JNE, R1, 5, 3), slot(0x56, 1, 0, 3, 5)),
            row("0x5e | src, off", b -> b.jmp32Reg(JmpOp.JNE, R1, R2, 3), slot(0x5e, 1, 2, 3, 0)),
            row("0x66 | imm, off", b -> b.jmp32Imm(JmpOp.JSGT, R1, 5, 3), slot(0x66, 1, 0, 3, 5)),
            row("0x6e | src, off", b -> b.jmp32Reg(JmpOp.JSGT, R1, R2, 3), slot(0x6e, 1, 2, 3, 0)),
            row("0x76 | imm, off", b -> b.jmp32Imm(JmpOp.JSGE, R1, 5, 3), slot(0x76, 1, 0, 3, 5)),
            row("0x7e | src, off", b -> b.jmp32Reg(JmpOp.JSGE, R1, R2, 3), slot(0x7e, 1, 2, 3, 0)),
            row("0xa6 | imm, off", b -> b.jmp32Imm(JmpOp.JLT, R1, 5, 3), slot(0xa6, 1, 0, 3, 5)),
            row("0xae | src, off", b -> b.jmp32Reg(JmpOp.JLT, R1, R2, 3), slot(0xae, 1, 2, 3, 0)),
            row("0xb6 | imm, off", b -> b.jmp32Imm(JmpOp.JLE, R1, 5, 3), slot(0xb6, 1, 0, 3, 5)),
            row("0xbe | src, off", b -> b.jmp32Reg(JmpOp.JLE, R1, R2, 3), slot(0xbe, 1, 2, 3, 0)),
            row("0xc6 | imm, off", b -> b.jmp32Imm(JmpOp.JSLT, R1, 5, 3), slot(0xc6, 1, 0, 3, 5)),
            row("0xce | src, off", b -> b.jmp32Reg(JmpOp.JSLT, R1, R2, 3), slot(0xce, 1, 2, 3, 0)),
            row("0xd6 | imm, off", b -> b.jmp32Imm(JmpOp.JSLE, R1, 5, 3), slot(0xd6, 1, 0, 3, 5)),
            row("0xde | src, off", b -> b.jmp32Reg(JmpOp.JSLE, R1, R2, 3), slot(0xde, 1, 2, 3, 0)),
            row("0x85 | src=0 imm=helper id", b -> b.call(Helper.MAP_LOOKUP_ELEM), slot(0x85, 0, 0, 0, 1)),
            row("0x85 | src=1 imm=rel. insn", b -> b.callLocal(3), slot(0x85, 0, 1, 0, 3)),
            row("0x85 | src=2 imm=BTF id", b -> b.callKfunc(3), slot(0x85, 0, 2, 0, 3)),
            row("0x8d | dst=reg (callx)", b -> b.callx(R1), slot(0x8d, 1, 0, 0, 0)),
            row("0x95 | -", b -> b.exit(), slot(0x95, 0, 0, 0, 0)),
            row("0xe5 | src=0 (BPF_MAY_GOTO), off", b -> b.mayGoto(3), slot(0xe5, 0, 0, 3, 0)),
            row("0x0d | dst=reg (JA with X bit)", b -> b.gotox(R1), slot(0x0d, 1, 0, 0, 0)),
            row("0x18 | src=0", b -> b.ldImm64(R1, 0x1122334455667788L), slot(0x18, 1, 0, 0, 0x55667788) + slot(0, 0, 0, 0, 0x11223344)),
            row("0x18 | src=1", b -> b.ldImm64Raw(R1, PseudoSource.MAP_FD, 3, 0), slot(0x18, 1, 1, 0, 3) + slot(0, 0, 0, 0, 0)),
            row("0x18 | src=2", b -> b.ldImm64Raw(R1, PseudoSource.MAP_VALUE, 3, 8), slot(0x18, 1, 2, 0, 3) + slot(0, 0, 0, 0, 8)),
            row("0x18 | src=3", b -> b.ldImm64Raw(R1, PseudoSource.BTF_ID, 3, 0), slot(0x18, 1, 3, 0, 3) + slot(0, 0, 0, 0, 0)),
            row("0x18 | src=4", b -> b.ldImm64Raw(R1, PseudoSource.FUNC, 3, 0), slot(0x18, 1, 4, 0, 3) + slot(0, 0, 0, 0, 0)),
            row("0x18 | src=5", b -> b.ldImm64Raw(R1, PseudoSource.MAP_IDX, 3, 0), slot(0x18, 1, 5, 0, 3) + slot(0, 0, 0, 0, 0)),
            row("0x18 | src=6", b -> b.ldImm64Raw(R1, PseudoSource.MAP_IDX_VALUE, 3, 8), slot(0x18, 1, 6, 0, 3) + slot(0, 0, 0, 0, 8)),
            row("0x20 | imm (ABS)", b -> b.ldAbs(Size.W, 12), slot(0x20, 0, 0, 0, 12)),
            row("0x28 | imm (ABS)", b -> b.ldAbs(Size.H, 12), slot(0x28, 0, 0, 0, 12)),
            row("0x30 | imm (ABS)", b -> b.ldAbs(Size.B, 12), slot(0x30, 0, 0, 0, 12)),
            row("0x40 | src, imm (IND)", b -> b.ldInd(Size.W, R2, 12), slot(0x40, 0, 2, 0, 12)),
            row("0x48 | src, imm (IND)", b -> b.ldInd(Size.H, R2, 12), slot(0x48, 0, 2, 0, 12)),
            row("0x50 | src, imm (IND)", b -> b.ldInd(Size.B, R2, 12), slot(0x50, 0, 2, 0, 12)),
            row("0x61 | src, off", b -> b.ldxMem(Size.W, R1, R2, -8), slot(0x61, 1, 2, -8, 0)),
            row("0x69 | src, off", b -> b.ldxMem(Size.H, R1, R2, -8), slot(0x69, 1, 2, -8, 0)),
            row("0x71 | src, off", b -> b.ldxMem(Size.B, R1, R2, -8), slot(0x71, 1, 2, -8, 0)),
            row("0x79 | src, off", b -> b.ldxMem(Size.DW, R1, R2, -8), slot(0x79, 1, 2, -8, 0)),
            row("0x81 | src, off (MEMSX)", b -> b.ldxMemSx(Size.W, R1, R2, -8), slot(0x81, 1, 2, -8, 0)),
            row("0x89 | src, off (MEMSX)", b -> b.ldxMemSx(Size.H, R1, R2, -8), slot(0x89, 1, 2, -8, 0)),
            row("0x91 | src, off (MEMSX)", b -> b.ldxMemSx(Size.B, R1, R2, -8), slot(0x91, 1, 2, -8, 0)),
            row("0x62 | off, imm", b -> b.stMem(Size.W, R1, -8, 5), slot(0x62, 1, 0, -8, 5)),
            row("0x6a | off, imm", b -> b.stMem(Size.H, R1, -8, 5), slot(0x6a, 1, 0, -8, 5)),
            row("0x72 | off, imm", b -> b.stMem(Size.B, R1, -8, 5), slot(0x72, 1, 0, -8, 5)),
            row("0x7a | off, imm", b -> b.stMem(Size.DW, R1, -8, 5), slot(0x7a, 1, 0, -8, 5)),
            row("0x63 | src, off", b -> b.stxMem(Size.W, R1, R2, -8), slot(0x63, 1, 2, -8, 0)),
            row("0x6b | src, off", b -> b.stxMem(Size.H, R1, R2, -8), slot(0x6b, 1, 2, -8, 0)),
            row("0x73 | src, off", b -> b.stxMem(Size.B, R1, R2, -8), slot(0x73, 1, 2, -8, 0)),
            row("0x7b | src, off", b -> b.stxMem(Size.DW, R1, R2, -8), slot(0x7b, 1, 2, -8, 0)),
            row("0xc3 | imm=0x00", b -> b.atomic(Size.W, AtomicOp.ADD, R1, R2, -8), slot(0xc3, 1, 2, -8, 0)),
            row("0xc3 | imm=0x01 (FETCH)", b -> b.atomic(Size.W, AtomicOp.FETCH_ADD, R1, R2, -8), slot(0xc3, 1, 2, -8, 1)),
            row("0xc3 | imm=0x40", b -> b.atomic(Size.W, AtomicOp.OR, R1, R2, -8), slot(0xc3, 1, 2, -8, 64)),
            row("0xc3 | imm=0x41 (FETCH)", b -> b.atomic(Size.W, AtomicOp.FETCH_OR, R1, R2, -8), slot(0xc3, 1, 2, -8, 65)),
            row("0xc3 | imm=0x50", b -> b.atomic(Size.W, AtomicOp.AND, R1, R2, -8), slot(0xc3, 1, 2, -8, 80)),
            row("0xc3 | imm=0x51 (FETCH)", b -> b.atomic(Size.W, AtomicOp.FETCH_AND, R1, R2, -8), slot(0xc3, 1, 2, -8, 81)),
            row("0xc3 | imm=0xa0", b -> b.atomic(Size.W, AtomicOp.XOR, R1, R2, -8), slot(0xc3, 1, 2, -8, 160)),
            row("0xc3 | imm=0xa1 (FETCH)", b -> b.atomic(Size.W, AtomicOp.FETCH_XOR, R1, R2, -8), slot(0xc3, 1, 2, -8, 161)),
            row("0xc3 | imm=0xe1 (XCHG)", b -> b.atomic(Size.W, AtomicOp.XCHG, R1, R2, -8), slot(0xc3, 1, 2, -8, 225)),
            row("0xc3 | imm=0xf1 (CMPXCHG)", b -> b.atomic(Size.W, AtomicOp.CMPXCHG, R1, R2, -8), slot(0xc3, 1, 2, -8, 241)),
            row("0xdb | imm=0x00", b -> b.atomic(Size.DW, AtomicOp.ADD, R1, R2, -8), slot(0xdb, 1, 2, -8, 0)),
            row("0xdb | imm=0x01 (FETCH)", b -> b.atomic(Size.DW, AtomicOp.FETCH_ADD, R1, R2, -8), slot(0xdb, 1, 2, -8, 1)),
            row("0xdb | imm=0x40", b -> b.atomic(Size.DW, AtomicOp.OR, R1, R2, -8), slot(0xdb, 1, 2, -8, 64)),
            row("0xdb | imm=0x41 (FETCH)", b -> b.atomic(Size.DW, AtomicOp.FETCH_OR, R1, R2, -8), slot(0xdb, 1, 2, -8, 65)),
            row("0xdb | imm=0x50", b -> b.atomic(Size.DW, AtomicOp.AND, R1, R2, -8), slot(0xdb, 1, 2, -8, 80)),
            row("0xdb | imm=0x51 (FETCH)", b -> b.atomic(Size.DW, AtomicOp.FETCH_AND, R1, R2, -8), slot(0xdb, 1, 2, -8, 81)),
            row("0xdb | imm=0xa0", b -> b.atomic(Size.DW, AtomicOp.XOR, R1, R2, -8), slot(0xdb, 1, 2, -8, 160)),
            row("0xdb | imm=0xa1 (FETCH)", b -> b.atomic(Size.DW, AtomicOp.FETCH_XOR, R1, R2, -8), slot(0xdb, 1, 2, -8, 161)),
            row("0xdb | imm=0xe1 (XCHG)", b -> b.atomic(Size.DW, AtomicOp.XCHG, R1, R2, -8), slot(0xdb, 1, 2, -8, 225)),
            row("0xdb | imm=0xf1 (CMPXCHG)", b -> b.atomic(Size.DW, AtomicOp.CMPXCHG, R1, R2, -8), slot(0xdb, 1, 2, -8, 241)),
            row("0xd3 | imm=0x100 (LOAD_ACQ)", b -> b.loadAcquire(Size.B, R1, R2, -8), slot(0xd3, 1, 2, -8, 256)),
            row("0xd3 | imm=0x110 (STORE_REL)", b -> b.storeRelease(Size.B, R1, R2, -8), slot(0xd3, 1, 2, -8, 272)),
            row("0xcb | imm=0x100 (LOAD_ACQ)", b -> b.loadAcquire(Size.H, R1, R2, -8), slot(0xcb, 1, 2, -8, 256)),
            row("0xcb | imm=0x110 (STORE_REL)", b -> b.storeRelease(Size.H, R1, R2, -8), slot(0xcb, 1, 2, -8, 272)),
            row("0xc3 | imm=0x100 (LOAD_ACQ)", b -> b.loadAcquire(Size.W, R1, R2, -8), slot(0xc3, 1, 2, -8, 256)),
            row("0xc3 | imm=0x110 (STORE_REL)", b -> b.storeRelease(Size.W, R1, R2, -8), slot(0xc3, 1, 2, -8, 272)),
            row("0xdb | imm=0x100 (LOAD_ACQ)", b -> b.loadAcquire(Size.DW, R1, R2, -8), slot(0xdb, 1, 2, -8, 256)),
            row("0xdb | imm=0x110 (STORE_REL)", b -> b.storeRelease(Size.DW, R1, R2, -8), slot(0xdb, 1, 2, -8, 272))
    );

    /** The isa.md table rows by key {@code "<opcode> | <fields>"}: {kernel, llvm, ubpf} columns. */
    static Map<String, String[]> isaTable() throws IOException {
        Path isa = Path.of(System.getProperty("ebpf4j.shared", "../../shared"), "reference", "isa.md");
        Map<String, String[]> rows = new LinkedHashMap<>();
        boolean inSection = false;
        for (String line : Files.readAllLines(isa)) {
            if (line.startsWith("## 4.")) inSection = true;
            else if (line.startsWith("## 5.")) break;
            if (!inSection || !line.startsWith("| 0x")) continue;
            String[] cells = line.substring(1, line.length() - 1).split("(?<!\\\\)\\|", -1);
            for (int i = 0; i < cells.length; i++) cells[i] = cells[i].strip().replace("\\|", "|");
            rows.put(cells[0] + " | " + cells[1], new String[] {cells[4], cells[5], cells[6]});
        }
        return rows;
    }

    /**
     * A column's literal expectation, or null where the table gives none: {@code -}, a parenthesised remark,
     * placeholders ({@code <func>}, {@code N}, {@code map[id:N]}) and labels. A trailing remark in parentheses
     * is dropped; of alternatives {@code a / b} the first is taken.
     */
    static String literal(String cell) {
        String c = cell.strip();
        if (c.equals("-") || c.startsWith("(") || c.contains("(cb)") || c.contains("(reloc)")) return null;
        c = c.replaceAll(" \\((rbpf|new LLVM)\\)$", "");
        if (c.contains(" / ")) {
            String[] alternatives = c.split(" / ");
            String first = alternatives[0];
            String last = alternatives[alternatives.length - 1];
            // "bswap16 / swap16 %r1": the operands are written once, after the last alternative
            c = first.contains(" ") || !last.contains(" ") ? first : first + last.substring(last.indexOf(' '));
        }
        if (c.contains("<") || c.contains("label") || c.contains("map[") || c.contains("...")
                || c.matches(".*\\bN\\b.*") || c.contains("ld_pseudo")) {
            return null;
        }
        return c;
    }

    @Test
    void everyTableRowHasACase() throws IOException {
        List<String> keys = new ArrayList<>();
        for (Row r : ROWS) keys.add(r.key());
        List<String> missing = new ArrayList<>();
        for (String key : isaTable().keySet()) {
            if (!keys.contains(key) && !key.startsWith("0x00 | second slot")) missing.add(key);
        }
        assertEquals(List.of(), missing);
        assertTrue(ROWS.size() >= 170, "table rows covered: " + ROWS.size());
        int literals = 0;
        for (String[] columns : isaTable().values()) {
            for (String c : columns) if (literal(c) != null) literals++;
        }
        System.out.println("isa.md opcode table: " + ROWS.size() + " rows, " + literals + " literal text cells compared");
        assertTrue(literals >= 467, "literal cells: " + literals); // today's figure; it must not fall
    }

    @TestFactory
    Stream<DynamicTest> builderBytesAndTextMatchTheTable() throws IOException {
        Map<String, String[]> table = isaTable();
        Syntax[] syntaxes = {Syntax.KERNEL, Syntax.LLVM, Syntax.UBPF};
        return ROWS.stream().map(r -> DynamicTest.dynamicTest(r.key(), () -> {
            Program p = r.build().apply(Program.builder()).build();
            assertEquals(r.hex(), p.toHex(), "bytes of " + r.key());
            String[] columns = table.get(r.key());
            assertTrue(columns != null, "isa.md has no row " + r.key());
            for (int i = 0; i < 3; i++) {
                String expected = literal(columns[i]);
                if (expected == null) continue;
                assertEquals(expected, Disassembler.of(syntaxes[i]).text(p, 0), syntaxes[i] + " text of " + r.key());
            }
        }));
    }
}
