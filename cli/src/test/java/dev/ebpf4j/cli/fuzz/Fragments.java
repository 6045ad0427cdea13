package dev.ebpf4j.cli.fuzz;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.JmpOp;
import dev.ebpf4j.asm.Label;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.asm.Size;
import dev.ebpf4j.asm.uapi.Helper;
import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.cli.fuzz.ProgramGen.Builder;

import java.util.List;

import static dev.ebpf4j.asm.Register.*;
import static dev.ebpf4j.cli.fuzz.ProgramGen.Builder.*;

/** The fragments programs are made of; each appends a few instructions and one recipe line. */
final class Fragments {
    private Fragments() {}

    /** {@code __sk_buff} fields (offset, size) that socket filters and tc may read, and a few they may not. */
    private static final int[][] SKB_FIELDS = {
            {0, 4}, {4, 4}, {8, 4}, {12, 4}, {16, 4}, {24, 4}, {28, 4}, {32, 4}, {36, 4}, {40, 4}, {44, 4},
            {48, 4}, {52, 4}, {56, 4}, {60, 4}, {64, 4}, {68, 4}, {72, 4}, {76, 4}, {80, 4}, {84, 4}, {88, 4},
            {92, 4}, {96, 4}, {132, 4}, {136, 4}, {140, 4}, {144, 8}, {152, 8}, {160, 4}, {164, 4}, {168, 8},
            {176, 4}, {184, 8}, {0, 1}, {0, 2}, {8, 1}, {16, 2}};
    /** The part of {@code __sk_buff} that socket filters may read as well. */
    private static final int[][] SOCKET_FIELDS = {
            {0, 4}, {4, 4}, {8, 4}, {12, 4}, {16, 4}, {24, 4}, {28, 4}, {32, 4}, {36, 4}, {40, 4}, {44, 4},
            {48, 4}, {52, 4}, {56, 4}, {60, 4}, {64, 4}, {68, 4}, {0, 1}, {0, 2}, {8, 1}, {16, 2}};
    /** {@code xdp_md}; egress_ifindex (20) only for devmap programs, so it is not on the list. */
    private static final int[][] XDP_FIELDS = {{0, 4}, {4, 4}, {8, 4}, {12, 4}, {16, 4}, {12, 4}, {16, 4}, {0, 8}};

    static void setReg(Builder g) {
        Register r = g.dst();
        int form = g.d.weighted(60, 20, 10, 10);
        switch (form) {
            case 0 -> {
                int v = g.d.between(-16, 4096, 0);
                g.b.mov64Imm(r, v);
                g.set(r, SCALAR);
                g.recipe.add(r + " = " + v);
            }
            case 1 -> {
                Register s = g.d.chance(80) ? g.scalar() : g.d.pick(R0, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10);
                g.b.mov64Reg(r, s);
                g.set(r, s.number() < 10 ? g.kind[s.number()] : POINTER);
                g.recipe.add(r + " = " + s);
            }
            case 2 -> {
                int v = g.d.anyInt();
                g.b.mov32Imm(r, v);
                g.set(r, SCALAR);
                g.recipe.add("w" + r.number() + " = " + v);
            }
            default -> {
                long v = ((long) g.d.anyInt() << 32) | (g.d.anyInt() & 0xffffffffL);
                g.b.ldImm64(r, v);
                g.set(r, SCALAR);
                g.recipe.add(r + " = ld_imm64 " + v);
            }
        }
    }

    static void alu(Builder g) {
        AluOp op = Builder.aluOp(g.d);
        boolean wide = !g.d.chance(25);
        Register dst = g.d.chance(3) ? g.dst() : g.scalar();
        boolean shift = op == AluOp.LSH || op == AluOp.RSH || op == AluOp.ARSH;
        if (g.d.chance(30)) {
            Register src = g.scalar();
            if (wide) g.b.alu64Reg(op, dst, src);
            else g.b.alu32Reg(op, dst, src);
            g.recipe.add((wide ? "" : "32-bit ") + dst + " " + op + "= " + src);
        } else {
            int imm = shift ? (g.d.chance(8) ? g.d.between(0, 70) : g.d.between(0, wide ? 63 : 31)) : g.d.chance(5) ? 0 : g.d.between(-100, 1000, 1);
            if (wide) g.b.alu64Imm(op, dst, imm);
            else g.b.alu32Imm(op, dst, imm);
            g.recipe.add((wide ? "" : "32-bit ") + dst + " " + op + "= " + imm);
        }
        g.set(dst, g.kind[Math.min(dst.number(), 9)] == CTX || dst == R10 ? POINTER : SCALAR);
    }

    /** An offset on the stack: mostly aligned inside the frame, sometimes past its ends or misaligned. */
    private static int stackOffset(Builder g, Size size) {
        int where = g.d.weighted(85, 5, 5, 5);
        int bytes = size.bytes();
        return switch (where) {
            case 0 -> -bytes * g.d.between(1, 64 / bytes);
            case 1 -> -512 - g.d.between(-8, 8, 0);
            case 2 -> g.d.between(-4, 8, 0);
            default -> -g.d.between(1, 40);
        };
    }

    static void stackWrite(Builder g) {
        Size size = Builder.size(g.d);
        int off = stackOffset(g, size);
        Register base = g.d.chance(2) ? g.scalar() : R10;
        if (g.d.chance(50)) {
            int imm = g.d.between(-5, 100, 0);
            g.b.stMem(size, base, off, imm);
            g.recipe.add("*(" + size + ")(" + base + off + ") = " + imm);
        } else {
            Register src = g.d.chance(85) ? g.scalar() : g.d.pick(R6, R10, R1);
            g.b.stxMem(size, base, src, off);
            g.recipe.add("*(" + size + ")(" + base + off + ") = " + src);
        }
        if (base == R10) g.written.add(new int[] {off, size.bytes()});
    }

    static void stackRead(Builder g) {
        Size size = Builder.size(g.d);
        int off;
        if (!g.written.isEmpty() && !g.d.chance(15)) {
            int[] w = g.d.pick(g.written);
            off = w[0];
            if (!g.d.chance(20)) size = sizeOf(w[1]);
        } else {
            off = stackOffset(g, size);
        }
        Register dst = g.dst();
        g.b.ldxMem(size, dst, R10, off);
        g.set(dst, SCALAR);
        g.recipe.add(dst + " = *(" + size + ")(r10" + off + ")");
    }

    static void ctxRead(Builder g) {
        int[][] fields = g.type == ProgType.XDP ? XDP_FIELDS
                : g.type == ProgType.SOCKET_FILTER && !g.d.chance(10) ? SOCKET_FIELDS : SKB_FIELDS;
        int off;
        Size size;
        if (g.d.chance(8)) {
            off = g.d.between(0, 200);
            size = Builder.size(g.d);
        } else {
            int[] f = g.d.pick(java.util.Arrays.asList(fields));
            off = f[0];
            size = sizeOf(f[1]);
        }
        Register dst = g.dst();
        Register base = g.d.chance(2) ? g.scalar() : R6;
        g.b.ldxMem(size, dst, base, off);
        boolean pointer = g.type == ProgType.XDP ? off < 12 : off == 76 || off == 80 || off == 140 || off == 144 || off == 168;
        g.set(dst, pointer ? POINTER : SCALAR);
        g.recipe.add("ctx read " + dst + " = *(" + size + ")(" + base + " +" + off + ")");
    }

    static void ctxWrite(Builder g) {
        if (g.type == ProgType.XDP && !g.d.chance(15)) {
            ctxRead(g);   // XDP may not write its context at all
            return;
        }
        int off = g.d.chance(15) ? g.d.between(0, 200) : g.type == ProgType.SCHED_CLS
                ? g.d.pick(8, 32, 44, 48, 52, 56, 60, 64) : g.d.pick(48, 52, 56, 60, 64, 8);
        Register src = g.scalar();
        Size size = g.d.chance(20) ? Builder.size(g.d) : Size.W;
        g.b.stxMem(size, R6, src, off);
        g.recipe.add("ctx write *(" + size + ")(r6 +" + off + ") = " + src);
    }

    static void mapLookup(Builder g) {
        boolean hash = g.d.chance(35);
        int ks = hash ? 8 : 4;
        int vs = hash ? ProgramGen.HASH.valueSize() : ProgramGen.ARRAY.valueSize();
        StringBuilder r = new StringBuilder(hash ? "lookup hash" : "lookup array");
        if (!g.d.chance(4)) {
            if (hash) g.b.stMem(Size.DW, R10, -8, g.d.between(0, 5));
            else g.b.stMem(Size.W, R10, -4, g.d.between(0, 5));
            g.written.add(new int[] {-ks, ks});
        } else {
            r.append(", key not written");
        }
        g.b.mov64Reg(R2, R10);
        int keyOff = g.d.chance(3) ? -g.d.between(0, 12) : -ks;
        g.b.alu64Imm(AluOp.ADD, R2, keyOff);
        if (keyOff != -ks) r.append(", key at fp").append(keyOff);
        (hash ? g.hashSlots : g.arraySlots).add(g.b.position());
        g.b.ldMapFd(R1, 0);
        g.b.call(Helper.MAP_LOOKUP_ELEM);
        g.clobberCallerSaved();
        boolean check = !g.d.chance(8);
        Label skip = g.b.newLabel();
        if (check) {
            if (g.d.chance(5)) g.b.jmpImm(JmpOp.JNE, R0, 0, skip);   // the wrong way round
            else g.b.jmpImm(JmpOp.JEQ, R0, 0, skip);
        } else {
            r.append(", no null check");
        }
        if (g.d.chance(12)) {
            // a variable offset, bounded by a mask, by a branch (unsigned, signed or 32-bit), or not at all
            Register idx = g.scalar();
            int bound = g.d.weighted(45, 40, 15);
            if (idx != R0 && bound == 0) {
                int mask = g.d.pick(7, 15, 31, 63, 255);
                g.b.alu64Imm(AluOp.AND, idx, mask);
                r.append(", r0 += ").append(idx).append(" & ").append(mask);
            } else if (idx != R0 && bound == 1) {
                int limit = g.d.between(0, vs);
                int how = g.d.weighted(60, 20, 20);
                if (how == 0) g.b.jmpImm(JmpOp.JGT, idx, limit, skip);
                else if (how == 1) g.b.jmpImm(JmpOp.JSGT, idx, limit, skip);
                else g.b.jmp32Imm(JmpOp.JGT, idx, limit, skip);
                r.append(", r0 += ").append(idx).append(" if ").append(List.of("", "signed ", "32-bit ").get(how))
                        .append("<= ").append(limit);
            } else {
                r.append(", r0 += ").append(idx);
            }
            g.b.alu64Reg(AluOp.ADD, R0, idx);
        }
        Size size = Builder.size(g.d);
        int where = g.d.weighted(80, 8, 4, 8);
        int off = switch (where) {
            case 0 -> size.bytes() * g.d.between(0, vs / size.bytes() - 1);
            case 1 -> vs - size.bytes() + g.d.between(1, 8);
            case 2 -> -g.d.between(1, 8);
            default -> g.d.between(0, vs);
        };
        if (g.d.chance(30)) {
            g.b.stMem(size, R0, off, 1);
            r.append(", write ").append(size).append(" at ").append(off);
        } else {
            Register dst = g.d.pick(R1, R2, R3, R7, R8);
            g.b.ldxMem(size, dst, R0, off);
            // without the null check the read is on every path, with it only on one
            g.set(dst, !check || g.kind[dst.number()] == SCALAR ? SCALAR : UNSET);
            r.append(", read ").append(size).append(" at ").append(off);
        }
        g.b.bind(skip);
        g.set(R0, POINTER);
        g.recipe.add(r.toString());
    }

    static void packet(Builder g) {
        if (g.type == ProgType.SOCKET_FILTER && !g.d.chance(10)) {
            ldAbs(g);   // socket filters read packets this way; direct access is refused
            return;
        }
        int dataOff = g.type == ProgType.XDP ? 0 : 76;
        int endOff = g.type == ProgType.XDP ? 4 : 80;
        g.b.ldxMem(Size.W, R2, R6, dataOff);
        g.b.ldxMem(Size.W, R3, R6, endOff);
        int n = g.d.between(1, 64, 14);
        g.b.mov64Reg(R4, R2);
        g.b.alu64Imm(AluOp.ADD, R4, n);
        StringBuilder r = new StringBuilder("packet, checked " + n);
        Label skip = g.b.newLabel();
        int check = g.d.weighted(86, 7, 7);
        if (check == 0) g.b.jmpReg(JmpOp.JGT, R4, R3, skip);
        else if (check == 1) { g.b.jmpReg(JmpOp.JLT, R4, R3, skip); r.append(" the wrong way round"); }
        else r.append(" not at all");
        Size size = Builder.size(g.d);
        int off = !g.d.chance(12) ? g.d.between(0, Math.max(0, n - size.bytes())) : n - size.bytes() + g.d.between(1, 8);
        Register dst = g.d.pick(R0, R5, R7, R8);
        if (g.d.chance(25)) {
            g.b.stMem(size, R2, off, 0x42);
            r.append(", write ").append(size).append(" at ").append(off);
        } else {
            g.b.ldxMem(size, dst, R2, off);
            r.append(", read ").append(size).append(" at ").append(off);
        }
        g.b.bind(skip);
        g.set(R2, POINTER);
        g.set(R3, POINTER);
        g.set(R4, POINTER);
        g.set(dst, UNSET);
        g.recipe.add(r.toString());
    }

    static void helper(Builder g) {
        int form = g.d.weighted(60, 15, 12, 13);
        if (form == 2 && g.type == ProgType.XDP && !g.d.chance(20)) form = 0;   // an skb helper: XDP may not call it
        if (form == 1) {
            mapUpdate(g);
            return;
        }
        if (form == 2) {
            loadBytes(g);
            return;
        }
        if (form == 3) {
            int id = g.d.between(1, 215);
            g.b.callHelper(id);
            g.recipe.add("call helper #" + id);
        } else {
            Helper h = g.noArgHelper();
            g.b.call(h);
            g.recipe.add("call " + h.kernelName());
        }
        g.clobberCallerSaved();
    }

    /** bpf_map_update_elem(hash, fp-8, fp-24, flags): key and value on the stack, sometimes not all written. */
    static void mapUpdate(Builder g) {
        StringBuilder r = new StringBuilder("update hash");
        g.b.stMem(Size.DW, R10, -8, g.d.between(0, 5));
        g.b.stMem(Size.DW, R10, -24, 7);
        if (!g.d.chance(8)) g.b.stMem(Size.DW, R10, -16, 9);
        else r.append(", half the value unwritten");
        g.written.add(new int[] {-8, 8});
        g.written.add(new int[] {-24, 8});
        g.b.mov64Reg(R2, R10);
        g.b.alu64Imm(AluOp.ADD, R2, -8);
        g.b.mov64Reg(R3, R10);
        g.b.alu64Imm(AluOp.ADD, R3, g.d.chance(5) ? -20 : -24);
        int flags = g.d.chance(8) ? g.d.between(3, 9) : g.d.between(0, 2);
        g.b.mov64Imm(R4, flags);
        r.append(", flags ").append(flags);
        g.hashSlots.add(g.b.position());
        g.b.ldMapFd(R1, 0);
        g.b.call(Helper.MAP_UPDATE_ELEM);
        g.clobberCallerSaved();
        g.recipe.add(r.toString());
    }

    /** bpf_skb_load_bytes(ctx, off, fp-32, len): len within the 32 bytes of buffer, or past it, or unknown. */
    static void loadBytes(Builder g) {
        int off = g.d.between(0, 64);
        g.b.mov64Reg(R1, R6);
        g.b.mov64Imm(R2, off);
        g.b.mov64Reg(R3, R10);
        g.b.alu64Imm(AluOp.ADD, R3, -32);
        int len = g.d.chance(10) ? g.d.between(33, 40) : g.d.chance(5) ? 0 : g.d.between(1, 32);
        String lenText = String.valueOf(len);
        if (g.d.chance(8)) {
            Register s = g.scalar();
            g.b.mov64Reg(R4, s);
            lenText = s.toString();
        } else {
            g.b.mov64Imm(R4, len);
        }
        g.b.call(Helper.SKB_LOAD_BYTES);
        g.clobberCallerSaved();
        for (int o = -32; o < -32 + Math.min(len, 32) - 7; o += 8) g.written.add(new int[] {o, 8});
        g.recipe.add("skb_load_bytes(ctx, " + off + ", fp-32, " + lenText + ")");
    }

    /** A register spilled to the stack and filled back, sometimes at the wrong size or with a byte overwritten between. */
    static void spillFill(Builder g) {
        int off = -8 * g.d.between(1, 8);
        int which = g.d.weighted(50, 30, 20);
        Register src = which == 0 ? R6 : which == 1 ? g.scalar() : R10;
        Size spill = g.d.chance(6) ? Size.W : Size.DW;
        g.b.stxMem(spill, R10, src, off);
        StringBuilder r = new StringBuilder("spill " + src + " (" + spill + ") to fp" + off);
        if (g.d.chance(8)) {
            g.b.stMem(Size.B, R10, off + 3, 0);
            r.append(", a byte overwritten");
        }
        Size fill = g.d.chance(6) ? Size.W : Size.DW;
        Register dst = g.d.pick(R7, R8, R9, R1);
        g.b.ldxMem(fill, dst, R10, off);
        g.written.add(new int[] {off, 8});
        r.append(", fill ").append(dst).append(" (").append(fill).append(")");
        if (which == 0) {
            g.b.ldxMem(Size.W, R0, dst, 0);   // a context read through the filled pointer
            g.set(R0, SCALAR);
            r.append(", read ctx through it");
        }
        g.set(dst, which == 1 ? SCALAR : POINTER);
        g.recipe.add(r.toString());
    }

    /** A bpf-to-bpf call; the callee is written after the main program's exit (see {@link Builder#epilogue}). */
    static void subprogCall(Builder g) {
        Label sub = g.b.newLabel();
        int form = g.d.weighted(50, 30, 10, 10);
        if (form == 1) {
            g.b.stMem(Size.DW, R10, -8, 5);
            g.written.add(new int[] {-8, 8});
            g.b.mov64Reg(R1, R10);
            g.b.alu64Imm(AluOp.ADD, R1, -8);
        } else {
            g.b.mov64Reg(R1, g.scalar());
        }
        g.b.callLocal(sub);
        g.clobberCallerSaved();
        g.subprograms.add(new Object[] {sub, form});
        g.recipe.add("call subprogram " + List.of("r0 = r1 + 1", "r0 = *(u64 *)(r1 +0)", "r0 = r6 (unset there)",
                "r0 = its own fp-8 (unwritten)").get(form));
    }

    /** The callee of {@link #subprogCall}, emitted after the main program. */
    static void subprogram(Builder g, Label sub, int form) {
        g.b.bind(sub);
        switch (form) {
            case 0 -> g.b.mov64Reg(R0, R1).alu64Imm(AluOp.ADD, R0, 1);
            case 1 -> g.b.ldxMem(Size.DW, R0, R1, 0);
            case 2 -> g.b.mov64Reg(R0, R6);
            default -> g.b.ldxMem(Size.DW, R0, R10, -8);
        }
        g.b.exit();
    }

    static void ldAbs(Builder g) {
        if (g.type == ProgType.XDP && !g.d.chance(20)) {
            ctxRead(g);   // XDP has no LD_ABS
            return;
        }
        Size size = g.d.chance(5) ? Size.DW : g.d.pick(Size.B, Size.H, Size.W);
        int off = g.d.between(0, 64);
        if (g.d.chance(30)) {
            Register src = g.scalar();
            g.b.ldInd(size, src, off);
            g.recipe.add("ld_ind " + size + " [" + src + " + " + off + "]");
        } else {
            g.b.ldAbs(size, off);
            g.recipe.add("ld_abs " + size + " [" + off + "]");
        }
        g.clobberCallerSaved();
    }

    static void loop(Builder g) {
        Register c = g.d.pick(R7, R8, R9, R0, R3);
        int form = g.d.weighted(75, 10, 8, 7);
        int step = g.d.between(1, 3);
        int limit = g.d.pick(4, 16, 100, 1000);
        Register bound = null;
        int mask = 0;
        if (form == 1) {
            // an unknown bound is masked first: the kernel walks every value of it, and 2^32 of them take minutes
            bound = g.scalar();
            mask = g.d.pick(15, 63);
            if (bound != c && bound != R10) g.b.alu64Imm(AluOp.AND, bound, mask);
        }
        int first = g.b.position();
        if (form != 2 || g.d.chance(50)) g.b.mov64Imm(c, 0);
        Label top = g.b.newLabel();
        g.b.bind(top);
        g.b.alu64Imm(AluOp.ADD, c, step);
        if (g.d.chance(40)) {
            Register other = g.scalar();   // something else changes in the body too
            if (other != c) g.b.alu64Imm(AluOp.XOR, other, 1);
        }
        switch (form) {
            case 0 -> {
                g.b.jmpImm(JmpOp.JLT, c, limit, top);
                g.recipe.add("loop " + c + " += " + step + " while < " + limit);
            }
            case 1 -> {
                g.b.jmpReg(JmpOp.JLT, c, bound, top);
                g.recipe.add("loop " + c + " += " + step + " while < " + bound + " & " + mask);
            }
            case 2 -> {
                g.b.jmpImm(JmpOp.JLT, c, limit, top);
                g.recipe.add("loop " + c + " += " + step + " while < " + limit + ", counter maybe unset");
            }
            default -> {
                Label spin = g.b.newLabel();
                g.b.bind(spin);
                g.b.mov64Imm(R5, 1);
                g.b.jmpImm(JmpOp.JNE, c, limit + 1, spin);
                g.recipe.add("loop that never changes its counter " + c);
            }
        }
        g.set(c, SCALAR);
        for (int i = first; i < g.b.position(); i++) g.loopSlots.add(i);
    }

    static void atomic(Builder g) {
        var op = g.atomicOp();
        Size size = g.d.chance(70) ? Size.DW : Builder.size(g.d);
        int off = -8 * g.d.between(1, 4);
        if (!g.d.chance(15)) {
            g.b.stMem(Size.DW, R10, off, 0);
            g.written.add(new int[] {off, 8});
        }
        Register src = g.scalar();
        if (src == R10) src = R0;
        if (op == dev.ebpf4j.asm.AtomicOp.LOAD_ACQ) {
            // dst = load_acquire(src + off): here the stack is the source
            Register dst = g.dst();
            g.b.atomic(size, op, dst, R10, off);
            g.set(dst, SCALAR);
            g.recipe.add("atomic LOAD_ACQ " + size + " from fp" + off + " into " + dst);
            return;
        }
        g.b.atomic(size, op, R10, src, off);
        if (op.fetches()) g.set(op == dev.ebpf4j.asm.AtomicOp.CMPXCHG ? R0 : src, SCALAR);
        g.recipe.add("atomic " + op + " " + size + " on fp" + off + " with " + src);
    }

    static Size sizeOf(int bytes) {
        return bytes == 8 ? Size.DW : bytes == 2 ? Size.H : bytes == 1 ? Size.B : Size.W;
    }

    static void badJump(Builder g) {
        int form = g.d.weighted(30, 25, 25, 20);
        switch (form) {
            case 0 -> {
                int off = g.d.between(20, 200);
                g.b.ja(off);
                g.recipe.add("goto +" + off + " (past the end)");
            }
            case 1 -> {
                g.b.ja(-1);
                g.recipe.add("goto -1 (itself)");
            }
            case 2 -> {
                g.b.ja(1);
                g.b.ldImm64(R1, 0x1_0000_0001L);
                g.set(R1, SCALAR);
                g.recipe.add("goto into the middle of ld_imm64");
            }
            default -> {
                g.b.ja(1);
                g.b.mov64Imm(R0, 1);
                g.recipe.add("goto over an unreachable insn");
            }
        }
    }
}
