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

    static final String IN = "dev/ebpf4j/vm/Interpreter";
    static final String MEM = "dev/ebpf4j/vm/Memory";
    static final String SUPPORT = "dev/ebpf4j/vm/JitSupport";
    private static final String DESC = "(Ldev/ebpf4j/vm/Interpreter;Ldev/ebpf4j/vm/Memory;JI)J";
    // locals: 0 interpreter, 1 memory, 2-3 budget, 4 entry insn, 5.. registers (2 slots each), then pc and steps
    static final int L_IN = 0, L_MEM = 1, L_BUDGET = 2, L_ENTRY = 4, L_R = 5, L_PC = 27, L_STEPS = 28;
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
    static final class Chunk {
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
            JitEmit.emit(cb, p, i, ch);
            int o = p.op[i];
            boolean falls = o != Op.EXIT && o != Op.JA;
            if (falls) {
                int next = o == Op.LDDW ? i + 2 : i + 1;
                if (!ch.local(next)) JitEmit.leave(cb, next);
            }
        }
        int tryEnd = cb.pos();
        for (int[] st : ch.stubs) {
            cb.bytePatches.add(new int[] {st[0], cb.pos()});
            JitEmit.leave(cb, st[1]);
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

}
