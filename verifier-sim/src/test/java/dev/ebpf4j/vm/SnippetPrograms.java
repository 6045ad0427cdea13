package dev.ebpf4j.vm;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.JmpOp;
import dev.ebpf4j.asm.MapBinding;
import dev.ebpf4j.asm.MapSpec;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramBuilder;
import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.asm.Size;
import dev.ebpf4j.asm.uapi.Helper;
import dev.ebpf4j.asm.uapi.MapType;
import dev.ebpf4j.asm.uapi.ProgType;

import java.util.ArrayList;
import java.util.List;

import static dev.ebpf4j.asm.Register.*;

/**
 * Programs grown from a list of integers ("genes"), each gene one snippet that touches memory the way programs
 * do, sometimes correctly and sometimes not: stack stores and loads at any offset, map lookups with and without
 * a null check and with in- and out-of-bounds value accesses, packet reads behind bounds checks that do or do
 * not cover them, context loads at any offset, pointer arithmetic, atomics, LD_ABS. The verifier must reject
 * the wrong ones; the property is that whatever it accepts runs without a fault. A list of integers shrinks
 * well: QuickTheories drops and simplifies genes until a counterexample is small.
 */
final class SnippetPrograms {
    private SnippetPrograms() {}

    static final MapSpec ARRAY = MapSpec.of("array", MapType.ARRAY, 4, 16, 4);
    static final MapSpec HASH = MapSpec.of("hash", MapType.HASH, 4, 16, 8);
    private static final Register[] REGS = {R0, R3, R9};
    private static final Size[] SIZES = {Size.B, Size.H, Size.W, Size.DW};
    private static final AluOp[] OPS = {AluOp.ADD, AluOp.SUB, AluOp.MUL, AluOp.OR, AluOp.AND, AluOp.LSH, AluOp.RSH,
            AluOp.XOR, AluOp.MOV, AluOp.ARSH, AluOp.DIV, AluOp.MOD};
    private static final JmpOp[] JMPS = {JmpOp.JEQ, JmpOp.JNE, JmpOp.JGT, JmpOp.JSGT, JmpOp.JLT, JmpOp.JSET};

    static ProgramUnit build(List<Integer> genes, ProgType type) {
        ProgramBuilder b = Program.builder();
        List<Integer> arraySlots = new ArrayList<>(), hashSlots = new ArrayList<>();
        boolean skb = type != ProgType.XDP;
        boolean direct = type != ProgType.SOCKET_FILTER;
        b.mov64Reg(R6, R1);
        if (direct) {
            b.ldxMem(Size.W, R7, R6, type == ProgType.XDP ? 0 : SkBuffContext.DATA);
            b.ldxMem(Size.W, R8, R6, type == ProgType.XDP ? 4 : SkBuffContext.DATA_END);
        } else {
            b.mov64Imm(R7, 0).mov64Imm(R8, 0);
        }
        b.mov64Imm(R0, 0).mov64Imm(R3, 0).mov64Imm(R9, 0);
        for (int g : genes) {
            int kind = Math.floorMod(g, 16);
            int a = (g >>> 4) & 0xff;
            int c = (g >>> 12) & 0xfff;
            Register r = REGS[a % REGS.length];
            Register r2 = REGS[c % REGS.length];
            Size size = SIZES[(a >>> 2) & 3];
            // three times in four a well-formed offset, else anything near the frame
            boolean tidy = (c & 3) != 0;
            int stackOff = tidy ? -8 * (1 + (c >>> 2) % 64) : -(c % 528) + 8;
            switch (kind) {
                case 0: b.alu64Imm(OPS[c % OPS.length], r, shiftSafe(OPS[c % OPS.length], (c >>> 4) - 128)); break;
                case 1:
                    if ((a & 1) == 0) b.alu64Reg(OPS[c % OPS.length], r, r2);
                    else b.alu32Reg(OPS[c % OPS.length], r, r2);
                    break;
                case 2: b.stMem(size, FP, stackOff, (c >>> 3) - 256); break;
                case 3: b.stxMem(size, FP, r, stackOff); break;
                case 4: b.ldxMem(size, r, FP, stackOff); break;
                case 5: case 6: case 12: {
                    lookup(b, a, c, arraySlots, hashSlots);
                    int off = (c >>> 2) % 24 - 4;
                    boolean guarded = (a & 0xc0) != 0xc0 || kind == 12;
                    if (guarded) b.jmpImm(JmpOp.JEQ, R0, 0, kind == 12 ? 4 : 1);
                    if (kind == 5) b.ldxMem(size, R3, R0, off);
                    else if (kind == 6) b.stMem(size, R0, off, c);
                    else {
                        // a variable offset bounded by a mask
                        b.mov64Reg(R4, R9).alu64Imm(AluOp.AND, R4, tidy ? (c & 15) : (c & 31)).alu64Reg(AluOp.ADD, R0, R4)
                                .ldxMem(Size.B, R3, R0, 0);
                    }
                    b.mov64Imm(R0, 0);
                    break;
                }
                case 7: {
                    if (!direct) break;
                    int n = a % 64;
                    int off = c % (n + 6);
                    b.mov64Reg(R2, R7).alu64Imm(AluOp.ADD, R2, n).jmpReg(JmpOp.JGT, R2, R8, 1)
                            .ldxMem(SIZES[c % 3], r, R7, Math.max(0, off - (1 << (c % 3)) + 1));
                    break;
                }
                case 8:
                    if (tidy) b.ldxMem(Size.W, r, R6, 4 * ((c >>> 2) % 48));
                    else b.ldxMem(size, r, R6, c % 200);
                    break;
                case 9:
                    b.jmpImm(JMPS[c % JMPS.length], r, (c >>> 3) - 256, 1);
                    b.alu64Imm(AluOp.ADD, r2, 1);
                    break;
                case 10:
                    b.mov64Reg(R2, FP).alu64Imm(AluOp.ADD, R2, stackOff - 8).stMem(size, R2, 0, c).ldxMem(size, r, R2, 0);
                    break;
                case 11: b.ldxMem(size, r, r2, 0); break;
                case 13:
                    b.stMem(Size.DW, FP, -16, c).mov64Imm(R2, a).atomicAdd(Size.DW, FP, R2, -16)
                            .atomicFetchAdd(Size.W, FP, R3, stackOff & ~3);
                    break;
                case 14:
                    b.call(Helper.GET_SMP_PROCESSOR_ID).mov64Imm(R3, 0);
                    break;
                default:
                    if (skb) b.ldAbs(SIZES[c % 3], a).mov64Imm(R3, 0);
                    break;
            }
        }
        b.mov64Imm(R0, 0).exit();
        Program p = b.build();
        List<MapBinding> maps = new ArrayList<>();
        if (!arraySlots.isEmpty()) maps.add(new MapBinding(ARRAY, arraySlots));
        if (!hashSlots.isEmpty()) maps.add(new MapBinding(HASH, hashSlots));
        return new ProgramUnit(p, maps);
    }

    private static void lookup(ProgramBuilder b, int a, int c, List<Integer> arraySlots, List<Integer> hashSlots) {
        b.stMem(Size.W, FP, -4, a % 6);
        boolean hash = (c & 1) == 1;
        (hash ? hashSlots : arraySlots).add(b.position());
        b.ldMapFd(R1, 0).mov64Reg(R2, FP).alu64Imm(AluOp.ADD, R2, -4).call(Helper.MAP_LOOKUP_ELEM).mov64Imm(R3, 0);
    }

    private static int shiftSafe(AluOp op, int imm) {
        if (op == AluOp.LSH || op == AluOp.RSH || op == AluOp.ARSH) return Math.floorMod(imm, 64);
        if ((op == AluOp.DIV || op == AluOp.MOD) && imm == 0) return 1;
        return imm;
    }
}
