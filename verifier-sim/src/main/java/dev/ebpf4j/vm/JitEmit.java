package dev.ebpf4j.vm;

import static dev.ebpf4j.vm.ClassBytes.*;
import static dev.ebpf4j.vm.Jit.*;

/**
 * The bytecode for each instruction, for {@link Jit}: ALU operations on JVM locals, branches, memory accesses
 * and helpers through the same checked {@link Memory} and {@link Helpers} as the interpreter.
 */
final class JitEmit {
    private JitEmit() {}

    /** A branch (or goto) to insn {@code target}: patched in place, or through a stub when in another chunk. */
    private static void branchTo(ClassBytes cb, Chunk ch, int opcode, int target) {
        int at = cb.branch(opcode);
        if (ch.local(target)) ch.fixups.add(new int[] {at, target});
        else ch.stubs.add(new int[] {at, target});
    }

    /** Hands control to another chunk: registers and count back into the interpreter, the next insn returned. */
    static void leave(ClassBytes cb, int next) {
        for (int r = 0; r <= 10; r++) {
            cb.u1(ALOAD, L_IN);
            cb.u2(GETFIELD, cb.fieldRef(IN, "r", "[J"));
            cb.pushInt(r);
            cb.lload(reg(r));
            cb.op(LASTORE);
        }
        cb.u1(ALOAD, L_IN);
        cb.lload(L_STEPS);
        cb.u2(PUTFIELD, cb.fieldRef(IN, "executed", "J"));
        cb.pushLong(next);
        cb.op(LRETURN);
    }

    private static void steps(ClassBytes cb) {
        cb.lload(L_STEPS);
        cb.op(LCONST_1);
        cb.op(LADD);
        cb.lstore(L_STEPS);
    }

    private static void pc(ClassBytes cb, int i) {
        cb.pushInt(i);
        cb.u1(ISTORE, L_PC);
    }

    private static void zext32(ClassBytes cb) {
        cb.op(I2L);
        cb.pushLong(0xffffffffL);
        cb.op(LAND);
    }

    static void emit(ClassBytes cb, Decoded p, int i, Chunk ch) {
        int o = p.op[i];
        int d = reg(p.dst[i]), s = reg(p.src[i]);
        long k = p.k[i];
        steps(cb);
        if (o < Op.NEG64) {
            alu(cb, o, d, s, k);
            return;
        }
        if (o >= Op.JEQ && o < Op.JA) {
            jump(cb, p, i, o, d, s, k, ch);
            return;
        }
        switch (o) {
            case Op.NEG64: cb.lload(d); cb.op(LNEG); cb.lstore(d); return;
            case Op.NEG32: cb.lload(d); cb.op(LNEG); cb.pushLong(0xffffffffL); cb.op(LAND); cb.lstore(d); return;
            case Op.MOVSX64_8: cb.lload(s); cb.op(L2I); cb.op(I2B); cb.op(I2L); cb.lstore(d); return;
            case Op.MOVSX64_16: cb.lload(s); cb.op(L2I); cb.op(I2S); cb.op(I2L); cb.lstore(d); return;
            case Op.MOVSX64_32: cb.lload(s); cb.op(L2I); cb.op(I2L); cb.lstore(d); return;
            case Op.MOVSX32_8: cb.lload(s); cb.op(L2I); cb.op(I2B); zext32(cb); cb.lstore(d); return;
            case Op.MOVSX32_16: cb.lload(s); cb.op(L2I); cb.op(I2S); zext32(cb); cb.lstore(d); return;
            case Op.LE16: cb.lload(d); cb.pushLong(0xffff); cb.op(LAND); cb.lstore(d); return;
            case Op.LE32: cb.lload(d); cb.pushLong(0xffffffffL); cb.op(LAND); cb.lstore(d); return;
            case Op.LE64: return;
            case Op.BE16:
                cb.lload(d); cb.op(L2I); cb.op(I2S);
                cb.u2(INVOKESTATIC, cb.methodRef("java/lang/Short", "reverseBytes", "(S)S"));
                cb.op(I2L); cb.pushLong(0xffff); cb.op(LAND); cb.lstore(d);
                return;
            case Op.BE32:
                cb.lload(d); cb.op(L2I);
                cb.u2(INVOKESTATIC, cb.methodRef("java/lang/Integer", "reverseBytes", "(I)I"));
                zext32(cb); cb.lstore(d);
                return;
            case Op.BE64:
                cb.lload(d);
                cb.u2(INVOKESTATIC, cb.methodRef("java/lang/Long", "reverseBytes", "(J)J"));
                cb.lstore(d);
                return;
            case Op.JA: {
                if (p.tgt[i] <= i) budget(cb, i);
                branchTo(cb, ch, GOTO, p.tgt[i]);
                return;
            }
            case Op.LDDW: cb.pushLong(k); cb.lstore(d); return;
            case Op.EXIT:
                cb.u1(ALOAD, L_IN);
                cb.u2(GETFIELD, cb.fieldRef(IN, "r", "[J"));
                cb.op(ICONST_0);
                cb.lload(reg(0));
                cb.op(LASTORE);
                cb.u1(ALOAD, L_IN);
                cb.lload(L_STEPS);
                cb.u2(PUTFIELD, cb.fieldRef(IN, "executed", "J"));
                cb.pushLong(-1);
                cb.op(LRETURN);
                return;
            default:
                break;
        }
        pc(cb, i);
        if (o >= Op.LDX && o < Op.ST) {
            int sz = 1 << ((o - Op.LDX) & 3);
            cb.u1(ALOAD, L_MEM);
            cb.lload(s);
            cb.pushLong(p.off[i]);
            cb.op(LADD);
            cb.pushInt(sz);
            cb.u2(INVOKEVIRTUAL, cb.methodRef(MEM, "load", "(JI)J"));
            if (o >= Op.LDXS) {
                cb.op(L2I);
                if (sz == 1) cb.op(I2B);
                if (sz == 2) cb.op(I2S);
                cb.op(I2L);
            }
            cb.lstore(d);
            return;
        }
        if (o >= Op.ST && o < Op.A_ADD) {
            int sz = 1 << ((o - Op.ST) & 3);
            cb.u1(ALOAD, L_MEM);
            cb.lload(d);
            cb.pushLong(p.off[i]);
            cb.op(LADD);
            cb.pushInt(sz);
            if (o < Op.STX) cb.pushLong(k);
            else cb.lload(s);
            cb.u2(INVOKEVIRTUAL, cb.methodRef(MEM, "store", "(JIJ)V"));
            return;
        }
        if (o >= Op.A_ADD && o < Op.LOAD_ACQ) {
            cb.u1(ALOAD, L_MEM);
            cb.pushInt(o);
            cb.lload(d);
            cb.pushLong(p.off[i]);
            cb.op(LADD);
            cb.lload(s);
            cb.lload(reg(0));
            cb.u2(INVOKESTATIC, cb.methodRef(SUPPORT, "atomic", "(Ldev/ebpf4j/vm/Memory;IJJJ)J"));
            int kind = (o - Op.A_ADD) & ~1;
            if (kind < 8) cb.op(POP2);
            else if (kind < 18) cb.lstore(s);
            else cb.lstore(reg(0));
            return;
        }
        if (o >= Op.LOAD_ACQ && o < Op.STORE_REL) {
            cb.u1(ALOAD, L_MEM);
            cb.lload(s);
            cb.pushLong(p.off[i]);
            cb.op(LADD);
            cb.pushInt(1 << (o - Op.LOAD_ACQ));
            cb.u2(INVOKESTATIC, cb.methodRef(SUPPORT, "loadAcquire", "(Ldev/ebpf4j/vm/Memory;JI)J"));
            cb.lstore(d);
            return;
        }
        if (o >= Op.STORE_REL && o < Op.INVALID) {
            cb.u1(ALOAD, L_MEM);
            cb.lload(d);
            cb.pushLong(p.off[i]);
            cb.op(LADD);
            cb.pushInt(1 << (o - Op.STORE_REL));
            cb.lload(s);
            cb.u2(INVOKESTATIC, cb.methodRef(SUPPORT, "storeRelease", "(Ldev/ebpf4j/vm/Memory;JIJ)V"));
            return;
        }
        if (o >= Op.LDABS_B && o <= Op.LDIND_W) {
            boolean ind = o >= Op.LDIND_B;
            cb.u1(ALOAD, L_IN);
            if (ind) {
                cb.lload(s);
                cb.pushLong(k);
                cb.op(LADD);
                cb.op(L2I);
            } else {
                cb.pushInt((int) k);
            }
            cb.pushInt(1 << (o - (ind ? Op.LDIND_B : Op.LDABS_B)));
            cb.u2(INVOKEVIRTUAL, cb.methodRef(IN, "ldAbs", "(II)Z"));
            int ok = cb.branch(IFNE);
            // outside the packet: the program ends with r0 = 0
            cb.u1(ALOAD, L_IN);
            cb.op(ICONST_0 + 1);
            cb.u2(PUTFIELD, cb.fieldRef(IN, "abortedByLdAbs", "Z"));
            cb.u1(ALOAD, L_IN);
            cb.u2(GETFIELD, cb.fieldRef(IN, "r", "[J"));
            cb.op(ICONST_0);
            cb.op(LCONST_0);
            cb.op(LASTORE);
            cb.u1(ALOAD, L_IN);
            cb.lload(L_STEPS);
            cb.u2(PUTFIELD, cb.fieldRef(IN, "executed", "J"));
            cb.pushLong(-1);
            cb.op(LRETURN);
            patchHere(cb, ok);
            cb.u1(ALOAD, L_IN);
            cb.u2(GETFIELD, cb.fieldRef(IN, "r", "[J"));
            cb.op(ICONST_0);
            cb.op(LALOAD);
            cb.lstore(reg(0));
            return;
        }
        if (o == Op.CALL_HELPER) {
            int id = (int) k;
            int args = Helpers.argMask(id);
            for (int r = 1; r <= 5; r++) {
                if ((args & (1 << r)) == 0) continue;
                cb.u1(ALOAD, L_IN);
                cb.u2(GETFIELD, cb.fieldRef(IN, "r", "[J"));
                cb.pushInt(r);
                cb.lload(reg(r));
                cb.op(LASTORE);
            }
            cb.u1(ALOAD, L_IN);
            cb.pushInt(id);
            cb.u2(INVOKESTATIC, cb.methodRef("dev/ebpf4j/vm/Helpers", "call", "(Ldev/ebpf4j/vm/Interpreter;I)J"));
            if (Helpers.returnsVoid(id)) cb.op(POP2);
            else cb.lstore(reg(0));
            return;
        }
        throw new IllegalStateException("no code for op " + o);
    }

    /** Makes the branch at {@code at} jump to the current position (patched when the body is complete). */
    private static void patchHere(ClassBytes cb, int at) {
        cb.bytePatches.add(new int[] {at, cb.pos()});
    }

    private static void budget(ClassBytes cb, int i) {
        pc(cb, i);
        cb.lload(L_STEPS);
        cb.lload(L_BUDGET);
        cb.u2(INVOKESTATIC, cb.methodRef(SUPPORT, "checkBudget", "(JJ)V"));
    }

    private static void alu(ClassBytes cb, int o, int d, int s, long k) {
        int base = o & ~3;
        boolean x = (o & 1) == 1;
        boolean is64 = (o & 2) == 0;
        if (base == Op.MOV) {
            if (x) {
                cb.lload(s);
                if (!is64) { cb.pushLong(0xffffffffL); cb.op(LAND); }
            } else {
                cb.pushLong(k);
            }
            cb.lstore(d);
            return;
        }
        if (base == Op.DIV || base == Op.SDIV || base == Op.MOD || base == Op.SMOD) {
            cb.lload(d);
            if (x) cb.lload(s); else cb.pushLong(k);
            String name = (base == Op.DIV ? "udiv" : base == Op.SDIV ? "sdiv" : base == Op.MOD ? "umod" : "smod") + (is64 ? "64" : "32");
            cb.u2(INVOKESTATIC, cb.methodRef(IN, name, "(JJ)J"));
            cb.lstore(d);
            return;
        }
        if (is64) {
            cb.lload(d);
            if (x) cb.lload(s); else cb.pushLong(k);
            boolean shift = base == Op.LSH || base == Op.RSH || base == Op.ARSH;
            if (shift) cb.op(L2I);
            switch (base) {
                case Op.ADD: cb.op(LADD); break;
                case Op.SUB: cb.op(LSUB); break;
                case Op.MUL: cb.op(LMUL); break;
                case Op.OR: cb.op(LOR); break;
                case Op.AND: cb.op(LAND); break;
                case Op.XOR: cb.op(LXOR); break;
                case Op.LSH: cb.op(LSHL); break;
                case Op.RSH: cb.op(LUSHR); break;
                default: cb.op(LSHR); break;
            }
            cb.lstore(d);
            return;
        }
        cb.lload(d);
        cb.op(L2I);
        if (x) { cb.lload(s); cb.op(L2I); } else cb.pushInt((int) k);
        switch (base) {
            case Op.ADD: cb.op(IADD); break;
            case Op.SUB: cb.op(ISUB); break;
            case Op.MUL: cb.op(IMUL); break;
            case Op.OR: cb.op(IOR); break;
            case Op.AND: cb.op(IAND); break;
            case Op.XOR: cb.op(IXOR); break;
            case Op.LSH: cb.op(ISHL); break;
            case Op.RSH: cb.op(IUSHR); break;
            default: cb.op(ISHR); break;
        }
        zext32(cb);
        cb.lstore(d);
    }

    private static void jump(ClassBytes cb, Decoded p, int i, int o, int d, int s, long k, Chunk ch) {
        int base = Op.JEQ + ((o - Op.JEQ) & ~3);
        boolean x = ((o - Op.JEQ) & 1) == 1;
        boolean is64 = ((o - Op.JEQ) & 2) == 0;
        if (p.tgt[i] <= i) budget(cb, i);
        boolean unsigned = base == Op.JGT || base == Op.JGE || base == Op.JLT || base == Op.JLE;
        int cond;
        if (base == Op.JSET) {
            if (is64) {
                cb.lload(d);
                if (x) cb.lload(s); else cb.pushLong(k);
                cb.op(LAND);
                cb.op(LCONST_0);
                cb.op(LCMP);
            } else {
                cb.lload(d); cb.op(L2I);
                if (x) { cb.lload(s); cb.op(L2I); } else cb.pushInt((int) k);
                cb.op(IAND);
            }
            branchTo(cb, ch, IFNE, p.tgt[i]);
            return;
        }
        if (is64) {
            cb.lload(d);
            if (x) cb.lload(s); else cb.pushLong(k);
            if (unsigned) cb.u2(INVOKESTATIC, cb.methodRef("java/lang/Long", "compareUnsigned", "(JJ)I"));
            else cb.op(LCMP);
        } else {
            cb.lload(d); cb.op(L2I);
            if (x) { cb.lload(s); cb.op(L2I); } else cb.pushInt((int) k);
            cb.u2(INVOKESTATIC, cb.methodRef("java/lang/Integer", unsigned ? "compareUnsigned" : "compare", "(II)I"));
        }
        switch (base) {
            case Op.JEQ: cond = IFEQ; break;
            case Op.JNE: cond = IFNE; break;
            case Op.JGT: case Op.JSGT: cond = IFGT; break;
            case Op.JGE: case Op.JSGE: cond = IFGE; break;
            case Op.JLT: case Op.JSLT: cond = IFLT; break;
            default: cond = IFLE; break;
        }
        branchTo(cb, ch, cond, p.tgt[i]);
    }
}
