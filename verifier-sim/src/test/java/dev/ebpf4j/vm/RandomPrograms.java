package dev.ebpf4j.vm;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.JmpOp;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramBuilder;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.asm.Size;

import java.util.Random;

/**
 * Random programs the kernel accepts: registers loaded from the packet (LD_ABS) and constants, then ALU64/ALU32
 * operations with register or immediate sources (constant shifts in range, no constant division by zero),
 * forward conditional jumps, and r0 folded to 32 bits at the end so the kernel's 32-bit retval sees all of it.
 */
public final class RandomPrograms {
    private RandomPrograms() {}

    private static final AluOp[] OPS = {AluOp.ADD, AluOp.SUB, AluOp.MUL, AluOp.DIV, AluOp.SDIV, AluOp.OR, AluOp.AND,
            AluOp.LSH, AluOp.RSH, AluOp.MOD, AluOp.SMOD, AluOp.XOR, AluOp.MOV, AluOp.ARSH};
    private static final JmpOp[] JMPS = {JmpOp.JEQ, JmpOp.JNE, JmpOp.JGT, JmpOp.JGE, JmpOp.JLT, JmpOp.JLE, JmpOp.JSGT,
            JmpOp.JSGE, JmpOp.JSLT, JmpOp.JSLE, JmpOp.JSET};

    public static Program alu(Random rnd, int length, boolean xdp) {
        ProgramBuilder b = Program.builder();
        b.mov64Reg(Register.R6, Register.R1);
        if (xdp) {
            // direct packet access (XDP has no LD_ABS): data + 14 <= data_end, then three words
            b.ldxMem(Size.W, Register.R2, Register.R1, 0).ldxMem(Size.W, Register.R3, Register.R1, 4)
                    .mov64Reg(Register.R4, Register.R2).alu64Imm(AluOp.ADD, Register.R4, 14)
                    .jmpReg(JmpOp.JLE, Register.R4, Register.R3, 2).mov64Imm(Register.R0, 0).exit();
            for (Register r : new Register[] {Register.R7, Register.R8, Register.R9}) {
                b.ldxMem(Size.W, r, Register.R2, rnd.nextInt(11));
            }
        } else {
            // LD_ABS clobbers r1..r5, so packet words go to r7..r9 through r0 first
            for (Register r : new Register[] {Register.R7, Register.R8, Register.R9}) {
                b.ldAbs(Size.W, rnd.nextInt(10));
                b.mov64Reg(r, Register.R0);
            }
        }
        for (int r = 0; r <= 5; r++) b.ldImm64(Register.of(r), rnd.nextLong());
        int emitted = 0;
        while (emitted < length) {
            Register dst = reg(rnd);
            Register src = reg(rnd);
            boolean is64 = rnd.nextBoolean();
            if (rnd.nextInt(8) == 0) {
                int skip = 1 + rnd.nextInt(3);
                JmpOp j = JMPS[rnd.nextInt(JMPS.length)];
                if (rnd.nextBoolean()) b.jmpReg(j, dst, src, skip);
                else b.jmpImm(j, dst, rnd.nextInt(), skip);
                for (int k = 0; k < skip; k++) b.alu64Imm(AluOp.ADD, reg(rnd), rnd.nextInt());
                emitted += skip + 1;
                continue;
            }
            if (rnd.nextInt(10) == 0) {
                switch (rnd.nextInt(4)) {
                    case 0: b.neg64(dst); break;
                    case 1: b.endian(dev.ebpf4j.asm.Endian.values()[rnd.nextInt(3)], dst, 16 << rnd.nextInt(3)); break;
                    case 2: b.movsx64Reg(dst, src, 8 << rnd.nextInt(3)); break;
                    default: b.movsx32Reg(dst, src, 8 << rnd.nextInt(2)); break;
                }
                emitted++;
                continue;
            }
            AluOp op = OPS[rnd.nextInt(OPS.length)];
            if (rnd.nextBoolean()) {
                if (is64) b.alu64Reg(op, dst, src);
                else b.alu32Reg(op, dst, src);
            } else {
                int imm = rnd.nextInt();
                if (op == AluOp.LSH || op == AluOp.RSH || op == AluOp.ARSH) imm = rnd.nextInt(is64 ? 64 : 32);
                if ((op == AluOp.DIV || op == AluOp.SDIV || op == AluOp.MOD || op == AluOp.SMOD) && imm == 0) imm = 3;
                if (is64) b.alu64Imm(op, dst, imm);
                else b.alu32Imm(op, dst, imm);
            }
            emitted++;
        }
        for (int r = 1; r <= 9; r++) {
            if (r == 6) continue;
            b.alu64Reg(AluOp.XOR, Register.R0, Register.of(r));
        }
        b.mov64Reg(Register.R1, Register.R0).alu64Imm(AluOp.RSH, Register.R1, 32).alu64Reg(AluOp.XOR, Register.R0, Register.R1);
        return b.exit().build();
    }

    private static Register reg(Random rnd) {
        int r = rnd.nextInt(9);
        return Register.of(r >= 6 ? r + 1 : r); // never r6 (the context for LD_ABS) or r10
    }

    /** Random Ethernet frames of 14..200 bytes; often IPv4/IPv6/ARP so protocol branches are taken. */
    public static byte[] packet(Random rnd) {
        int kind = rnd.nextInt(4);
        int min = kind == 0 ? 34 : kind == 1 ? 54 : 14;
        int len = min + rnd.nextInt(200 - min + 1);
        byte[] p = new byte[len];
        rnd.nextBytes(p);
        int type = kind == 0 ? 0x0800 : kind == 1 ? 0x86dd : kind == 2 ? 0x0806 : 0x0600 + rnd.nextInt(0xf000);
        p[12] = (byte) (type >>> 8);
        p[13] = (byte) type;
        if (kind == 0) p[14] = (byte) (0x45 + (rnd.nextInt(8) == 0 ? 1 : 0));
        return p;
    }
}
