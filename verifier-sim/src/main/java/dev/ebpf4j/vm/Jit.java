package dev.ebpf4j.vm;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.ebpf4j.vm.ClassBytes.*;

/**
 * Compiles a predecoded program to JVM bytecode, one static method per program, so that HotSpot compiles it to
 * native code: no dispatch per instruction, eBPF registers in JVM locals. Memory accesses and helpers go
 * through the same checked {@link Memory} and {@link Helpers} as the interpreter, so faults are the same data.
 *
 * <p>The compiler takes only programs it can prove simple: no bpf-to-bpf calls, {@code callx}, tail calls or
 * {@code may_goto}; no reachable invalid instruction, jump out of the program or fall off its end; no helper the
 * interpreter lacks; and every register read is of a register written on every path to it (a must-initialised
 * dataflow pass from r1 and r10), so no run-time tracking is needed. Every program the verifier accepts without
 * calls passes that test; anything else stays with the interpreter, which reports what is wrong.
 */
final class Jit {
    private Jit() {}

    private static final String IN = "dev/ebpf4j/vm/Interpreter";
    private static final String MEM = "dev/ebpf4j/vm/Memory";
    private static final String SUPPORT = "dev/ebpf4j/vm/JitSupport";
    private static final String DESC = "(Ldev/ebpf4j/vm/Interpreter;Ldev/ebpf4j/vm/Memory;JI)J";
    // locals: 0 interpreter, 1 memory, 2-3 budget, 4 entry insn, 5.. registers (2 slots each), then pc and steps
    private static final int L_IN = 0, L_MEM = 1, L_BUDGET = 2, L_ENTRY = 4, L_R = 5, L_PC = 27, L_STEPS = 28;
    /**
     * HotSpot does not compile methods of more than 8000 bytes of bytecode, so a program is cut into chunks of
     * at most about this many, one static method each; control passes between them through the driver loop in
     * {@link Interpreter#run}.
     */
    private static final int CHUNK_BYTES = 6000;

    static int reg(int r) { return L_R + 2 * r; }

    /**
     * A compiled program: one method per chunk, {@code long chunk(Interpreter, Memory, long budget, int entry)},
     * which runs from insn {@code entry} and returns the next insn to run (in another chunk) or -1 at exit (r0
     * then in {@code in.r[0]}).
     */
    record Compiled(MethodHandle[] chunks, int[] chunkOf) {}

    /** State of the chunk being emitted. */
    private static final class Chunk {
        final int index;
        final int[] chunkOf;
        final int[] start;
        final List<int[]> fixups = new ArrayList<>(); // {branch position, target insn} inside the chunk
        final List<int[]> stubs = new ArrayList<>();  // {branch position, target insn} in another chunk

        Chunk(int index, int[] chunkOf, int n) {
            this.index = index;
            this.chunkOf = chunkOf;
            this.start = new int[n + 1];
            Arrays.fill(start, -1);
        }

        boolean local(int insn) { return chunkOf[insn] == index; }
    }

    /** The compiled program, or null when it is left to the interpreter. */
    static Compiled compile(Decoded p) {
        int[] known = analyse(p);
        if (known == null) return null;
        int n = p.n;
        int[] chunkOf = new int[n + 1];
        Arrays.fill(chunkOf, -1);
        int chunks = 0, est = 0;
        for (int i = 0; i < n; i++) {
            if (known[i] < 0) continue;
            int e = estimate(p.op[i]);
            if (est > 0 && est + e > CHUNK_BYTES) {
                chunks++;
                est = 0;
            }
            chunkOf[i] = chunks;
            est += e;
        }
        chunks++;
        List<java.util.TreeSet<Integer>> entries = new ArrayList<>();
        for (int c = 0; c < chunks; c++) entries.add(new java.util.TreeSet<>());
        entries.get(0).add(0);
        for (int i = 0; i < n; i++) {
            if (known[i] < 0) continue;
            for (int j : successors(p, i)) if (chunkOf[j] != chunkOf[i]) entries.get(chunkOf[j]).add(j);
        }
        ClassBytes cb = new ClassBytes();
        try {
            for (int c = 0; c < chunks; c++) {
                emitChunk(cb, p, known, new Chunk(c, chunkOf, n), entries.get(c));
            }
        } catch (RuntimeException e) {
            return null;
        }
        byte[] cls = cb.classFile("dev/ebpf4j/vm/Compiled");
        try {
            MethodHandles.Lookup l = MethodHandles.lookup().defineHiddenClass(cls, true);
            MethodHandle[] handles = new MethodHandle[chunks];
            for (int c = 0; c < chunks; c++) {
                handles[c] = l.findStatic(l.lookupClass(), "c" + c,
                        MethodType.methodType(long.class, Interpreter.class, Memory.class, long.class, int.class));
            }
            return new Compiled(handles, chunkOf);
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }

    /** A generous estimate of an instruction's bytecode size, to cut chunks. */
    private static int estimate(int op) {
        if (op == Op.CALL_HELPER) return 70;
        if (op >= Op.LDABS_B && op <= Op.LDIND_W) return 60;
        if (op >= Op.JEQ && op <= Op.JA) return 40;
        return 30;
    }

    private static int[] successors(Decoded p, int i) {
        int o = p.op[i];
        if (o == Op.EXIT) return new int[0];
        if (o == Op.JA) return new int[] {p.tgt[i]};
        if (o == Op.LDDW) return new int[] {i + 2};
        if (o >= Op.JEQ && o < Op.JA) return new int[] {p.tgt[i], i + 1};
        return new int[] {i + 1};
    }

    private static void emitChunk(ClassBytes cb, Decoded p, int[] known, Chunk ch, java.util.TreeSet<Integer> entries) {
        for (int r = 0; r <= 10; r++) {
            cb.u1(ALOAD, L_IN);
            cb.u2(GETFIELD, cb.fieldRef(IN, "r", "[J"));
            cb.pushInt(r);
            cb.op(LALOAD);
            cb.lstore(reg(r));
        }
        cb.op(ICONST_0);
        cb.u1(ISTORE, L_PC);
        cb.u1(ALOAD, L_IN);
        cb.u2(GETFIELD, cb.fieldRef(IN, "executed", "J"));
        cb.lstore(L_STEPS);
        int tryStart = cb.pos();
        cb.u1(ILOAD, L_ENTRY);
        int[] keys = entries.stream().mapToInt(Integer::intValue).toArray();
        int sw = cb.pos();
        int[] slots = cb.lookupSwitch(keys);
        List<int[]> switchTargets = new ArrayList<>();
        switchTargets.add(new int[] {slots[0], keys[0]});
        for (int i = 0; i < keys.length; i++) switchTargets.add(new int[] {slots[i + 1], keys[i]});
        for (int i = 0; i < p.n; i++) {
            if (known[i] < 0 || !ch.local(i)) continue;
            ch.start[i] = cb.pos();
            emit(cb, p, i, ch);
            int o = p.op[i];
            boolean falls = o != Op.EXIT && o != Op.JA;
            if (falls) {
                int next = o == Op.LDDW ? i + 2 : i + 1;
                if (!ch.local(next)) leave(cb, next);
            }
        }
        int tryEnd = cb.pos();
        for (int[] st : ch.stubs) {
            cb.bytePatches.add(new int[] {st[0], cb.pos()});
            leave(cb, st[1]);
        }
        int handler = cb.pos();
        // a fault unwinds with the faulting insn and the count so far
        cb.u1(ALOAD, L_IN);
        cb.u1(ILOAD, L_PC);
        cb.u2(PUTFIELD, cb.fieldRef(IN, "faultPc", "I"));
        cb.u1(ALOAD, L_IN);
        cb.lload(L_STEPS);
        cb.u2(PUTFIELD, cb.fieldRef(IN, "executed", "J"));
        cb.op(ATHROW);
        for (int[] f : ch.fixups) {
            if (ch.start[f[1]] < 0) throw new IllegalStateException("no code for insn " + f[1]);
            cb.bytePatches.add(new int[] {f[0], ch.start[f[1]]});
        }
        for (int[] t : switchTargets) cb.widePatches.add(new int[] {t[0], sw, ch.start[t[1]]});
        cb.finishMethod("c" + ch.index, DESC, 12, L_STEPS + 2, tryStart, tryEnd, handler, "dev/ebpf4j/vm/VmFault");
    }

    /** Hands control to another chunk: registers and count back into the interpreter, the next insn returned. */
    private static void leave(ClassBytes cb, int next) {
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

    /** A branch (or goto) to insn {@code target}: patched in place, or through a stub when in another chunk. */
    private static void branchTo(ClassBytes cb, Chunk ch, int opcode, int target) {
        int at = cb.branch(opcode);
        if (ch.local(target)) ch.fixups.add(new int[] {at, target});
        else ch.stubs.add(new int[] {at, target});
    }

    /** Must-initialised registers at each reachable insn (-1 unreachable), or null when not compilable. */
    static int[] analyse(Decoded p) {
        int n = p.n;
        int[] known = new int[n + 1];
        Arrays.fill(known, -1);
        ArrayDeque<Integer> work = new ArrayDeque<>();
        known[0] = 0b10 | 1 << 10;
        work.add(0);
        while (!work.isEmpty()) {
            int i = work.poll();
            int k = known[i];
            int o = p.op[i];
            if (i >= n) return null;
            switch (o) {
                case Op.CALL_LOCAL: case Op.CALLX: case Op.MAY_GOTO: case Op.INVALID: case Op.LDDW_UNSUPPORTED:
                case Op.OUT_OF_PROGRAM:
                    return null;
                default:
                    break;
            }
            if (o == Op.CALL_HELPER && (p.k[i] == Helpers.TAIL_CALL || !Helpers.implemented((int) p.k[i]))) return null;
            int reads = p.rmask[i] | (o == Op.EXIT ? 1 : 0);
            if ((reads & ~k) != 0) return null;
            int out = k | p.wmask[i];
            if (o == Op.CALL_HELPER) out = (k & ~0x3f) | (Helpers.returnsVoid((int) p.k[i]) ? 0 : 1);
            if (o >= Op.LDABS_B && o <= Op.LDIND_W) out = (k & ~0x3e) | 1;
            int[] next;
            if (o == Op.EXIT) next = new int[0];
            else if (o == Op.JA) next = new int[] {p.tgt[i]};
            else if (o == Op.LDDW) next = new int[] {i + 2};
            else if (o >= Op.JEQ && o < Op.JA) next = new int[] {p.tgt[i], i + 1};
            else next = new int[] {i + 1};
            for (int j : next) {
                if (j >= n) return null;
                int merged = known[j] < 0 ? out : known[j] & out;
                if (merged != known[j]) {
                    known[j] = merged;
                    work.add(j);
                }
            }
        }
        return known;
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

    private static void emit(ClassBytes cb, Decoded p, int i, Chunk ch) {
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
