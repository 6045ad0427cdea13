package dev.ebpf4j.asm.text;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.AtomicOp;
import dev.ebpf4j.asm.Endian;
import dev.ebpf4j.asm.JmpOp;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramBuilder;
import dev.ebpf4j.asm.PseudoSource;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.asm.Size;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

/**
 * Random programs of valid instructions of every family, disassembled in each syntax and assembled again,
 * give the same bytes. Jumps and calls keep their relative offsets, so no labels are needed.
 *
 * <p>Where a syntax cannot say something, the generator leaves it out for that syntax:
 * <ul>
 *   <li>KERNEL: no LD_IMM64 with a pseudo source (disasm.c prints only the value, {@code r1 = 0x5}, so the
 *       source register is lost) and no {@code callx} (disasm.c prints 0x8d as a helper call,
 *       {@code call bpf_unspec#0}, which Linux never accepts anyway).</li>
 *   <li>LLVM: the imm of LD_IND is 0 (llvm-objdump prints {@code skb[r2]} without it) and helper ids are not
 *       negative ({@code call -1} is LLVM's spelling of a local call).</li>
 *   <li>UBPF: nothing left out; what ubpf has no mnemonic for prints as {@code .8byte 0x...}.</li>
 * </ul>
 */
class RoundTripPropertiesTest {

    @Test
    void kernelListingsAssembleToTheSameBytes() {
        roundTrip(Syntax.KERNEL);
    }

    @Test
    void llvmListingsAssembleToTheSameBytes() {
        roundTrip(Syntax.LLVM);
    }

    @Test
    void ubpfListingsAssembleToTheSameBytes() {
        roundTrip(Syntax.UBPF);
    }

    private static void roundTrip(Syntax syntax) {
        Disassembler d = Disassembler.of(syntax);
        qt().withExamples(2000).forAll(integers().all()).checkAssert(seed -> {
            Program p = randomProgram(new Random(seed), syntax);
            String text = d.listing(p);
            Program back;
            try {
                back = TextAssembler.assemble(text, syntax).program();
            } catch (AsmSyntaxException e) {
                throw new AssertionError(syntax + ": " + e.getMessage() + "\n" + text, e);
            }
            assertEquals(p.toHex(), back.toHex(), syntax + " listing:\n" + text);
        });
    }

    static Program randomProgram(Random rnd, Syntax syntax) {
        ProgramBuilder b = Program.builder();
        int n = 1 + rnd.nextInt(24);
        for (int i = 0; i < n; i++) randomInsn(rnd, syntax, b);
        return b.build();
    }

    private static final AluOp[] BINARY = {
        AluOp.ADD, AluOp.SUB, AluOp.MUL, AluOp.DIV, AluOp.SDIV, AluOp.OR, AluOp.AND, AluOp.LSH, AluOp.RSH,
        AluOp.MOD, AluOp.SMOD, AluOp.XOR, AluOp.MOV, AluOp.ARSH,
    };
    private static final JmpOp[] CONDITIONS = {
        JmpOp.JEQ, JmpOp.JGT, JmpOp.JGE, JmpOp.JSET, JmpOp.JNE, JmpOp.JSGT, JmpOp.JSGE, JmpOp.JLT, JmpOp.JLE,
        JmpOp.JSLT, JmpOp.JSLE,
    };
    private static final AtomicOp[] RMW = {
        AtomicOp.ADD, AtomicOp.OR, AtomicOp.AND, AtomicOp.XOR, AtomicOp.FETCH_ADD, AtomicOp.FETCH_OR,
        AtomicOp.FETCH_AND, AtomicOp.FETCH_XOR, AtomicOp.XCHG, AtomicOp.CMPXCHG,
    };

    /** One random valid instruction of a random family. */
    static void randomInsn(Random rnd, Syntax syntax, ProgramBuilder b) {
        Register dst = reg(rnd), src = reg(rnd);
        int off = off(rnd), imm = imm(rnd);
        Size size = Size.values()[rnd.nextInt(4)];
        switch (rnd.nextInt(22)) {
            case 0: b.alu64Imm(BINARY[rnd.nextInt(BINARY.length)], dst, imm); break;
            case 1: b.alu64Reg(BINARY[rnd.nextInt(BINARY.length)], dst, src); break;
            case 2: b.alu32Imm(BINARY[rnd.nextInt(BINARY.length)], dst, imm); break;
            case 3: b.alu32Reg(BINARY[rnd.nextInt(BINARY.length)], dst, src); break;
            case 4:
                if (rnd.nextBoolean()) b.movsx64Reg(dst, src, new int[] {8, 16, 32}[rnd.nextInt(3)]);
                else b.movsx32Reg(dst, src, rnd.nextBoolean() ? 8 : 16);
                break;
            case 5:
                if (rnd.nextInt(3) == 0) {
                    if (rnd.nextBoolean()) b.neg64(dst);
                    else b.neg32(dst);
                } else {
                    b.endian(Endian.values()[rnd.nextInt(3)], dst, new int[] {16, 32, 64}[rnd.nextInt(3)]);
                }
                break;
            case 6: b.ldxMem(size, dst, src, off); break;
            case 7: b.ldxMemSx(Size.values()[rnd.nextInt(3)], dst, src, off); break;
            case 8: b.stMem(size, dst, off, imm); break;
            case 9: b.stxMem(size, dst, src, off); break;
            case 10: {
                AtomicOp op = RMW[rnd.nextInt(RMW.length)];
                b.atomic(rnd.nextBoolean() ? Size.W : Size.DW, op, dst, src, off);
                break;
            }
            case 11:
                if (rnd.nextBoolean()) b.loadAcquire(size, dst, src, off);
                else b.storeRelease(size, dst, src, off);
                break;
            case 12: {
                int pseudo = syntax == Syntax.KERNEL || rnd.nextInt(3) > 0 ? 0 : 1 + rnd.nextInt(6);
                b.ldImm64Raw(dst, PseudoSource.of(pseudo), imm, rnd.nextInt(4) == 0 ? 0 : rnd.nextInt());
                break;
            }
            case 13: {
                Size s = Size.values()[rnd.nextInt(3)];
                if (rnd.nextBoolean()) b.ldAbs(s, imm);
                else b.ldInd(s, src, syntax == Syntax.LLVM ? 0 : imm);
                break;
            }
            case 14: b.jmpImm(CONDITIONS[rnd.nextInt(CONDITIONS.length)], dst, imm, off); break;
            case 15: b.jmpReg(CONDITIONS[rnd.nextInt(CONDITIONS.length)], dst, src, off); break;
            case 16: b.jmp32Imm(CONDITIONS[rnd.nextInt(CONDITIONS.length)], dst, imm, off); break;
            case 17: b.jmp32Reg(CONDITIONS[rnd.nextInt(CONDITIONS.length)], dst, src, off); break;
            case 18:
                switch (rnd.nextInt(4)) {
                    case 0: b.ja(off); break;
                    case 1: b.gotol(imm); break;
                    case 2: b.mayGoto(off); break;
                    default: b.gotox(dst); break;
                }
                break;
            case 19:
                switch (rnd.nextInt(4)) {
                    case 0: b.callHelper(syntax == Syntax.LLVM ? Math.abs(imm % 100000) : imm); break;
                    case 1: b.callLocal(imm); break;
                    case 2: b.callKfunc(imm); break;
                    default:
                        if (syntax == Syntax.KERNEL) b.exit();
                        else b.callx(dst);
                        break;
                }
                break;
            case 20:
                b.raw(0xbf, dst.number(), src.number(), 1, rnd.nextInt()); // addr_space_cast
                break;
            default: b.exit(); break;
        }
    }

    private static Register reg(Random rnd) {
        return Register.of(rnd.nextInt(11));
    }

    /** Offsets: mostly small, sometimes the edges of the field. */
    private static int off(Random rnd) {
        switch (rnd.nextInt(5)) {
            case 0: return Short.MIN_VALUE;
            case 1: return Short.MAX_VALUE;
            default: return rnd.nextInt(64) - 32;
        }
    }

    /** Immediates: small, edges, or anything. */
    private static int imm(Random rnd) {
        switch (rnd.nextInt(6)) {
            case 0: return Integer.MIN_VALUE;
            case 1: return -1;
            case 2: return rnd.nextInt();
            default: return rnd.nextInt(200) - 100;
        }
    }
}
