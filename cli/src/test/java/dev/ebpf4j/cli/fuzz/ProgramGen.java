package dev.ebpf4j.cli.fuzz;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.AtomicOp;
import dev.ebpf4j.asm.JmpOp;
import dev.ebpf4j.asm.Label;
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
import org.quicktheories.core.Gen;

import java.util.ArrayList;
import java.util.List;

import static dev.ebpf4j.asm.Register.*;

/**
 * Generators of plausible programs for socket filters, XDP and tc: a prologue that keeps the context in r6,
 * a few fragments of the kinds programs are made of (registers set and unset, ALU, stack reads and writes in and
 * out of bounds, context reads and writes, map lookups with and without null checks and value accesses in and
 * out of bounds, packet accesses with and without range checks, helper calls, LD_ABS, branches, bounded and
 * unbounded loops, atomics, bad jumps), an exit, and sometimes a random mutation of a few bits. Most fragments
 * are well formed and a few choices go wrong on purpose, so the kernel accepts about half of them.
 */
final class ProgramGen {
    private ProgramGen() {}

    /** An array map (key 4, value 48) and a hash map (key 8, value 16): the two shapes lookups use. */
    static final MapSpec ARRAY = MapSpec.of("fz_arr", MapType.ARRAY, 4, 48, 4);
    static final MapSpec HASH = MapSpec.of("fz_hash", MapType.HASH, 8, 16, 16);

    static final List<ProgType> TYPES = List.of(ProgType.SOCKET_FILTER, ProgType.XDP, ProgType.SCHED_CLS);

    /** Programs of the three first-class program types. */
    static Gen<FuzzProgram> programs() {
        return in -> build(new Draw(in));
    }

    static FuzzProgram build(Draw d) {
        ProgType type = d.pick(TYPES);
        Builder g = new Builder(d, type);
        g.prologue();
        int n = d.between(1, 6);
        for (int i = 0; i < n; i++) g.fragment(0);
        g.epilogue();
        Program p = g.b.build();
        List<MapBinding> maps = new ArrayList<>();
        if (!g.arraySlots.isEmpty()) maps.add(new MapBinding(ARRAY, g.arraySlots));
        if (!g.hashSlots.isEmpty()) maps.add(new MapBinding(HASH, g.hashSlots));
        if (d.chance(10)) p = Mutations.mutate(d, p, maps, g.loopSlots, g.recipe);
        return new FuzzProgram(type, new ProgramUnit(p, maps), g.recipe);
    }

    /** The state of one program being generated: what each register probably holds, which stack slots were written. */
    static final class Builder {
        static final int UNSET = 0, SCALAR = 1, CTX = 2, POINTER = 3;
        private static final Register[] REGS = {R0, R1, R2, R3, R4, R5, R6, R7, R8, R9};
        private static final Register[] WRITABLE = {R0, R1, R2, R3, R4, R5, R7, R8, R9};

        final Draw d;
        final ProgType type;
        final ProgramBuilder b = Program.builder();
        final int[] kind = new int[10];
        /** Stack writes so far: {offset, size in bytes}. */
        final List<int[]> written = new ArrayList<>();
        final List<Integer> arraySlots = new ArrayList<>();
        final List<Integer> hashSlots = new ArrayList<>();
        final List<String> recipe = new ArrayList<>();
        /** Callees still to write after the main program: {label, form}. */
        final List<Object[]> subprograms = new ArrayList<>();
        /** Slots of loops: mutating them makes loops the kernel takes seconds to give up on. */
        final java.util.Set<Integer> loopSlots = new java.util.HashSet<>();

        Builder(Draw d, ProgType type) {
            this.d = d;
            this.type = type;
            kind[1] = CTX;
        }

        /** A register that probably holds a scalar; now and then any register at all. */
        Register scalar() {
            List<Register> s = new ArrayList<>();
            for (int i = 0; i < 10; i++) if (kind[i] == SCALAR) s.add(REGS[i]);
            if (s.isEmpty() || d.chance(3)) return d.pick(REGS);
            return d.pick(s);
        }

        /** A destination register; rarely r6 (the context) or r10 (read only). */
        Register dst() {
            if (d.chance(2)) return d.pick(R6, R10);
            return d.pick(WRITABLE);
        }

        void set(Register r, int k) {
            if (r.number() < 10) kind[r.number()] = k;
        }

        void clobberCallerSaved() {
            for (int i = 1; i <= 5; i++) kind[i] = UNSET;
            kind[0] = SCALAR;
        }

        void fragment(int depth) {
            int k = d.weighted(10, 10, 8, 7, 8, 3, 14, 10, 8, 3, depth < 2 ? 8 : 0, depth < 1 ? 5 : 0, 3, 1, 3, 5);
            switch (k) {
                case 0 -> Fragments.setReg(this);
                case 1 -> Fragments.alu(this);
                case 2 -> Fragments.stackWrite(this);
                case 3 -> Fragments.stackRead(this);
                case 4 -> Fragments.ctxRead(this);
                case 5 -> Fragments.ctxWrite(this);
                case 6 -> Fragments.mapLookup(this);
                case 7 -> Fragments.packet(this);
                case 8 -> Fragments.helper(this);
                case 9 -> Fragments.ldAbs(this);
                case 10 -> branch(depth);
                case 11 -> Fragments.loop(this);
                case 12 -> Fragments.atomic(this);
                case 13 -> Fragments.badJump(this);
                case 14 -> Fragments.subprogCall(this);
                default -> Fragments.spillFill(this);
            }
        }

        /** if rX op K goto over the next fragment: the verifier walks both paths. */
        private void branch(int depth) {
            Register r = scalar();
            JmpOp op = d.pick(JmpOp.JEQ, JmpOp.JNE, JmpOp.JGT, JmpOp.JGE, JmpOp.JLT, JmpOp.JLE, JmpOp.JSGT, JmpOp.JSLT, JmpOp.JSET);
            int k = d.between(-8, 64, 0);
            Label over = b.newLabel();
            boolean wide = d.chance(20);
            if (wide) b.jmp32Imm(op, r, k, over);
            else b.jmpImm(op, r, k, over);
            recipe.add("branch " + (wide ? "w" : "") + r + " " + op + " " + k);
            int[] saved = kind.clone();
            fragment(depth + 1);
            // after the join a register is only as good as on both paths
            for (int i = 0; i < 10; i++) if (kind[i] != saved[i]) kind[i] = saved[i] == UNSET || kind[i] == UNSET ? UNSET : POINTER;
            b.bind(over);
        }

        /** r6 keeps the context; r7 holds a known constant and r8 often an unknown but bounded scalar. */
        void prologue() {
            b.mov64Reg(R6, R1);
            kind[6] = CTX;
            b.mov64Imm(R7, d.between(0, 64));
            kind[7] = SCALAR;
            if (d.chance(60)) {
                int field = type == ProgType.XDP ? 12 : 0;   // ingress_ifindex, len: unknown u32 values
                b.ldxMem(Size.W, R8, R6, field);
                kind[8] = SCALAR;
                recipe.add("r7 = const, r8 = ctx[" + field + "]");
            } else {
                recipe.add("r7 = const");
            }
        }

        void epilogue() {
            int e = d.weighted(92, 4, 4);
            if (e == 0) b.mov64Imm(R0, d.between(0, 3));
            else if (e == 2) b.mov64Reg(R0, R6);
            recipe.add(e == 0 ? "exit" : e == 1 ? "exit with r0 as it is" : "exit with r0 = ctx");
            b.exit();
            for (Object[] s : subprograms) Fragments.subprogram(this, (dev.ebpf4j.asm.Label) s[0], (Integer) s[1]);
        }

        boolean packetType() {
            return type != ProgType.SOCKET_FILTER;
        }

        static Size size(Draw d) {
            return d.pick(Size.W, Size.DW, Size.B, Size.H);
        }

        static AluOp aluOp(Draw d) {
            return d.pick(AluOp.ADD, AluOp.SUB, AluOp.MUL, AluOp.OR, AluOp.AND, AluOp.XOR, AluOp.LSH, AluOp.RSH,
                    AluOp.ARSH, AluOp.DIV, AluOp.MOD, AluOp.SDIV, AluOp.SMOD);
        }

        Helper noArgHelper() {
            return d.pick(Helper.GET_PRANDOM_U32, Helper.KTIME_GET_NS, Helper.GET_SMP_PROCESSOR_ID);
        }

        AtomicOp atomicOp() {
            return d.pick(AtomicOp.values());
        }
    }
}
