package dev.ebpf4j.vm;

/**
 * The execution loop: one switch over predecoded operations, registers in a {@code long[]}, a bit mask of the
 * registers that hold a value, and a fixed stack of call frames. Nothing is allocated per instruction; faults
 * unwind as {@link VmFault} and become data in {@link Vm#run}.
 */
final class Interpreter {
    static final int MAX_FRAMES = 8;
    static final int STACK_SIZE = 512;
    static final int MAX_TAIL_CALLS = 33;
    static final long MAY_GOTO_BUDGET = 8L * 1024 * 1024;
    private static final long M = 0xffffffffL;
    private static final int ARGS = 0x3e;
    private static final int FP = 1 << 10;

    final Vm vm;
    final Memory mem;
    final long[] r = new long[11];
    int init;
    private final long[] saved = new long[MAX_FRAMES * 5];
    private final int[] retPc = new int[MAX_FRAMES];
    private final int[] savedInit = new int[MAX_FRAMES];
    private final VmProgram[] retProg = new VmProgram[MAX_FRAMES];
    final int[] stackRegion = new int[MAX_FRAMES];
    int depth;
    int tailCalls;
    long mayGoto;
    long executed;
    /** Where the last run stopped (for faults) and which program was running. */
    int faultPc;
    VmProgram current;
    /** Set when LD_ABS/LD_IND read outside the packet: the program returns 0. */
    boolean abortedByLdAbs;
    Tracing tracing;

    Interpreter(Vm vm) {
        this.vm = vm;
        this.mem = vm.memory;
        for (int f = 0; f < MAX_FRAMES; f++) {
            Region s = new Region(RegionKind.STACK, "stack of frame " + f, new byte[STACK_SIZE], 0, 0, STACK_SIZE, true);
            s.alignStrict = true;
            stackRegion[f] = mem.add(s);
        }
    }

    long stackTop(int frame) {
        java.util.Arrays.fill(mem.region(stackRegion[frame]).mem, vm.options.stackFill());
        return mem.base(stackRegion[frame]) + STACK_SIZE;
    }

    /** Runs {@code prog} from insn 0 with the registers already set; returns r0. */
    long run(VmProgram prog, long budget) {
        depth = 0;
        tailCalls = 0;
        mayGoto = MAY_GOTO_BUDGET;
        abortedByLdAbs = false;
        r[10] = stackTop(0);
        init |= FP;
        VmProgram cur = prog;
        Decoded p = prog.decoded;
        int[] code = p.code, rw = p.rw, off = p.off, tgt = p.tgt;
        long[] k = p.k;
        final long[] r = this.r;
        final Memory mem = this.mem;
        int init = this.init;
        int pc = 0;
        long left = budget;
        try {
            for (;;) {
                if (--left < 0) {
                    throw VmFault.of(FaultKind.INSN_LIMIT, "instruction budget of " + budget + " exhausted");
                }
                final int c = code[pc];
                final int m = rw[pc];
                if ((m & ~init & 0xffff) != 0) throw uninitialized(m & ~init & 0xffff);
                if (tracing != null) tracing.at(cur, pc, depth, r);
                init |= m >>> 16;
                final int d = (c >>> 16) & 0xf;
                final int s = c >>> 20;
                final int o = c & 0xffff;
                switch (o) {
                    case Op.ADD: r[d] += k[pc]; break;
                    case Op.ADD + 1: r[d] += r[s]; break;
                    case Op.ADD + 2: r[d] = (r[d] + k[pc]) & M; break;
                    case Op.ADD + 3: r[d] = (r[d] + r[s]) & M; break;
                    case Op.SUB: r[d] -= k[pc]; break;
                    case Op.SUB + 1: r[d] -= r[s]; break;
                    case Op.SUB + 2: r[d] = (r[d] - k[pc]) & M; break;
                    case Op.SUB + 3: r[d] = (r[d] - r[s]) & M; break;
                    case Op.MUL: r[d] *= k[pc]; break;
                    case Op.MUL + 1: r[d] *= r[s]; break;
                    case Op.MUL + 2: r[d] = (r[d] * k[pc]) & M; break;
                    case Op.MUL + 3: r[d] = (r[d] * r[s]) & M; break;
                    case Op.DIV: r[d] = udiv64(r[d], k[pc]); break;
                    case Op.DIV + 1: r[d] = udiv64(r[d], r[s]); break;
                    case Op.DIV + 2: r[d] = udiv32(r[d], k[pc]); break;
                    case Op.DIV + 3: r[d] = udiv32(r[d], r[s]); break;
                    case Op.SDIV: r[d] = sdiv64(r[d], k[pc]); break;
                    case Op.SDIV + 1: r[d] = sdiv64(r[d], r[s]); break;
                    case Op.SDIV + 2: r[d] = sdiv32(r[d], k[pc]); break;
                    case Op.SDIV + 3: r[d] = sdiv32(r[d], r[s]); break;
                    case Op.OR: r[d] |= k[pc]; break;
                    case Op.OR + 1: r[d] |= r[s]; break;
                    case Op.OR + 2: r[d] = (r[d] | k[pc]) & M; break;
                    case Op.OR + 3: r[d] = (r[d] | r[s]) & M; break;
                    case Op.AND: r[d] &= k[pc]; break;
                    case Op.AND + 1: r[d] &= r[s]; break;
                    case Op.AND + 2: r[d] = r[d] & k[pc] & M; break;
                    case Op.AND + 3: r[d] = r[d] & r[s] & M; break;
                    case Op.LSH: r[d] <<= k[pc]; break;
                    case Op.LSH + 1: r[d] <<= r[s]; break;
                    case Op.LSH + 2: r[d] = ((int) r[d] << (int) k[pc]) & M; break;
                    case Op.LSH + 3: r[d] = ((int) r[d] << (int) r[s]) & M; break;
                    case Op.RSH: r[d] >>>= k[pc]; break;
                    case Op.RSH + 1: r[d] >>>= r[s]; break;
                    case Op.RSH + 2: r[d] = ((int) r[d] >>> (int) k[pc]) & M; break;
                    case Op.RSH + 3: r[d] = ((int) r[d] >>> (int) r[s]) & M; break;
                    case Op.MOD: r[d] = umod64(r[d], k[pc]); break;
                    case Op.MOD + 1: r[d] = umod64(r[d], r[s]); break;
                    case Op.MOD + 2: r[d] = umod32(r[d], k[pc]); break;
                    case Op.MOD + 3: r[d] = umod32(r[d], r[s]); break;
                    case Op.SMOD: r[d] = smod64(r[d], k[pc]); break;
                    case Op.SMOD + 1: r[d] = smod64(r[d], r[s]); break;
                    case Op.SMOD + 2: r[d] = smod32(r[d], k[pc]); break;
                    case Op.SMOD + 3: r[d] = smod32(r[d], r[s]); break;
                    case Op.XOR: r[d] ^= k[pc]; break;
                    case Op.XOR + 1: r[d] ^= r[s]; break;
                    case Op.XOR + 2: r[d] = (r[d] ^ k[pc]) & M; break;
                    case Op.XOR + 3: r[d] = (r[d] ^ r[s]) & M; break;
                    case Op.MOV: r[d] = k[pc]; break;
                    case Op.MOV + 1: r[d] = r[s]; break;
                    case Op.MOV + 2: r[d] = k[pc]; break;
                    case Op.MOV + 3: r[d] = r[s] & M; break;
                    case Op.ARSH: r[d] >>= k[pc]; break;
                    case Op.ARSH + 1: r[d] >>= r[s]; break;
                    case Op.ARSH + 2: r[d] = ((int) r[d] >> (int) k[pc]) & M; break;
                    case Op.ARSH + 3: r[d] = ((int) r[d] >> (int) r[s]) & M; break;
                    case Op.NEG64: r[d] = -r[d]; break;
                    case Op.NEG32: r[d] = -r[d] & M; break;
                    case Op.MOVSX64_8: r[d] = (byte) r[s]; break;
                    case Op.MOVSX64_16: r[d] = (short) r[s]; break;
                    case Op.MOVSX64_32: r[d] = (int) r[s]; break;
                    case Op.MOVSX32_8: r[d] = (byte) r[s] & M; break;
                    case Op.MOVSX32_16: r[d] = (short) r[s] & M; break;
                    case Op.LE16: r[d] &= 0xffff; break;
                    case Op.LE32: r[d] &= M; break;
                    case Op.LE64: break;
                    case Op.BE16: r[d] = Short.reverseBytes((short) r[d]) & 0xffffL; break;
                    case Op.BE32: r[d] = Integer.reverseBytes((int) r[d]) & M; break;
                    case Op.BE64: r[d] = Long.reverseBytes(r[d]); break;

                    case Op.JEQ: if (r[d] == k[pc]) { pc = tgt[pc]; continue; } break;
                    case Op.JEQ + 1: if (r[d] == r[s]) { pc = tgt[pc]; continue; } break;
                    case Op.JEQ + 2: if ((int) r[d] == (int) k[pc]) { pc = tgt[pc]; continue; } break;
                    case Op.JEQ + 3: if ((int) r[d] == (int) r[s]) { pc = tgt[pc]; continue; } break;
                    case Op.JNE: if (r[d] != k[pc]) { pc = tgt[pc]; continue; } break;
                    case Op.JNE + 1: if (r[d] != r[s]) { pc = tgt[pc]; continue; } break;
                    case Op.JNE + 2: if ((int) r[d] != (int) k[pc]) { pc = tgt[pc]; continue; } break;
                    case Op.JNE + 3: if ((int) r[d] != (int) r[s]) { pc = tgt[pc]; continue; } break;
                    case Op.JSET: if ((r[d] & k[pc]) != 0) { pc = tgt[pc]; continue; } break;
                    case Op.JSET + 1: if ((r[d] & r[s]) != 0) { pc = tgt[pc]; continue; } break;
                    case Op.JSET + 2: if (((int) r[d] & (int) k[pc]) != 0) { pc = tgt[pc]; continue; } break;
                    case Op.JSET + 3: if (((int) r[d] & (int) r[s]) != 0) { pc = tgt[pc]; continue; } break;
                    case Op.JGT: if (Long.compareUnsigned(r[d], k[pc]) > 0) { pc = tgt[pc]; continue; } break;
                    case Op.JGT + 1: if (Long.compareUnsigned(r[d], r[s]) > 0) { pc = tgt[pc]; continue; } break;
                    case Op.JGT + 2: if (Integer.compareUnsigned((int) r[d], (int) k[pc]) > 0) { pc = tgt[pc]; continue; } break;
                    case Op.JGT + 3: if (Integer.compareUnsigned((int) r[d], (int) r[s]) > 0) { pc = tgt[pc]; continue; } break;
                    case Op.JGE: if (Long.compareUnsigned(r[d], k[pc]) >= 0) { pc = tgt[pc]; continue; } break;
                    case Op.JGE + 1: if (Long.compareUnsigned(r[d], r[s]) >= 0) { pc = tgt[pc]; continue; } break;
                    case Op.JGE + 2: if (Integer.compareUnsigned((int) r[d], (int) k[pc]) >= 0) { pc = tgt[pc]; continue; } break;
                    case Op.JGE + 3: if (Integer.compareUnsigned((int) r[d], (int) r[s]) >= 0) { pc = tgt[pc]; continue; } break;
                    case Op.JLT: if (Long.compareUnsigned(r[d], k[pc]) < 0) { pc = tgt[pc]; continue; } break;
                    case Op.JLT + 1: if (Long.compareUnsigned(r[d], r[s]) < 0) { pc = tgt[pc]; continue; } break;
                    case Op.JLT + 2: if (Integer.compareUnsigned((int) r[d], (int) k[pc]) < 0) { pc = tgt[pc]; continue; } break;
                    case Op.JLT + 3: if (Integer.compareUnsigned((int) r[d], (int) r[s]) < 0) { pc = tgt[pc]; continue; } break;
                    case Op.JLE: if (Long.compareUnsigned(r[d], k[pc]) <= 0) { pc = tgt[pc]; continue; } break;
                    case Op.JLE + 1: if (Long.compareUnsigned(r[d], r[s]) <= 0) { pc = tgt[pc]; continue; } break;
                    case Op.JLE + 2: if (Integer.compareUnsigned((int) r[d], (int) k[pc]) <= 0) { pc = tgt[pc]; continue; } break;
                    case Op.JLE + 3: if (Integer.compareUnsigned((int) r[d], (int) r[s]) <= 0) { pc = tgt[pc]; continue; } break;
                    case Op.JSGT: if (r[d] > k[pc]) { pc = tgt[pc]; continue; } break;
                    case Op.JSGT + 1: if (r[d] > r[s]) { pc = tgt[pc]; continue; } break;
                    case Op.JSGT + 2: if ((int) r[d] > (int) k[pc]) { pc = tgt[pc]; continue; } break;
                    case Op.JSGT + 3: if ((int) r[d] > (int) r[s]) { pc = tgt[pc]; continue; } break;
                    case Op.JSGE: if (r[d] >= k[pc]) { pc = tgt[pc]; continue; } break;
                    case Op.JSGE + 1: if (r[d] >= r[s]) { pc = tgt[pc]; continue; } break;
                    case Op.JSGE + 2: if ((int) r[d] >= (int) k[pc]) { pc = tgt[pc]; continue; } break;
                    case Op.JSGE + 3: if ((int) r[d] >= (int) r[s]) { pc = tgt[pc]; continue; } break;
                    case Op.JSLT: if (r[d] < k[pc]) { pc = tgt[pc]; continue; } break;
                    case Op.JSLT + 1: if (r[d] < r[s]) { pc = tgt[pc]; continue; } break;
                    case Op.JSLT + 2: if ((int) r[d] < (int) k[pc]) { pc = tgt[pc]; continue; } break;
                    case Op.JSLT + 3: if ((int) r[d] < (int) r[s]) { pc = tgt[pc]; continue; } break;
                    case Op.JSLE: if (r[d] <= k[pc]) { pc = tgt[pc]; continue; } break;
                    case Op.JSLE + 1: if (r[d] <= r[s]) { pc = tgt[pc]; continue; } break;
                    case Op.JSLE + 2: if ((int) r[d] <= (int) k[pc]) { pc = tgt[pc]; continue; } break;
                    case Op.JSLE + 3: if ((int) r[d] <= (int) r[s]) { pc = tgt[pc]; continue; } break;
                    case Op.JA: pc = tgt[pc]; continue;
                    case Op.MAY_GOTO:
                        if (mayGoto == 0) { pc = tgt[pc]; continue; }
                        mayGoto--;
                        break;

                    case Op.LDDW: r[d] = k[pc]; pc += 2; continue;
                    case Op.LDX: r[d] = mem.load(r[s] + off[pc], 1); break;
                    case Op.LDX + 1: r[d] = mem.load(r[s] + off[pc], 2); break;
                    case Op.LDX + 2: r[d] = mem.load(r[s] + off[pc], 4); break;
                    case Op.LDX + 3: r[d] = mem.load(r[s] + off[pc], 8); break;
                    case Op.LDXS: r[d] = (byte) mem.load(r[s] + off[pc], 1); break;
                    case Op.LDXS + 1: r[d] = (short) mem.load(r[s] + off[pc], 2); break;
                    case Op.LDXS + 2: r[d] = (int) mem.load(r[s] + off[pc], 4); break;
                    case Op.ST: mem.store(r[d] + off[pc], 1, k[pc]); break;
                    case Op.ST + 1: mem.store(r[d] + off[pc], 2, k[pc]); break;
                    case Op.ST + 2: mem.store(r[d] + off[pc], 4, k[pc]); break;
                    case Op.ST + 3: mem.store(r[d] + off[pc], 8, k[pc]); break;
                    case Op.STX: mem.store(r[d] + off[pc], 1, r[s]); break;
                    case Op.STX + 1: mem.store(r[d] + off[pc], 2, r[s]); break;
                    case Op.STX + 2: mem.store(r[d] + off[pc], 4, r[s]); break;
                    case Op.STX + 3: mem.store(r[d] + off[pc], 8, r[s]); break;

                    case Op.A_ADD: case Op.A_ADD + 1: case Op.A_OR: case Op.A_OR + 1: case Op.A_AND: case Op.A_AND + 1:
                    case Op.A_XOR: case Op.A_XOR + 1: case Op.A_FADD: case Op.A_FADD + 1: case Op.A_FOR: case Op.A_FOR + 1:
                    case Op.A_FAND: case Op.A_FAND + 1: case Op.A_FXOR: case Op.A_FXOR + 1: case Op.A_XCHG:
                    case Op.A_XCHG + 1: case Op.A_CMPXCHG: case Op.A_CMPXCHG + 1:
                        atomic(o, r[d] + off[pc], s);
                        break;
                    case Op.LOAD_ACQ: case Op.LOAD_ACQ + 1: case Op.LOAD_ACQ + 2: case Op.LOAD_ACQ + 3: {
                        int size = 1 << (o - Op.LOAD_ACQ);
                        Region reg = mem.resolve(r[s] + off[pc], size, false, true);
                        r[d] = Memory.get(reg.mem, mem.lastIndex, size);
                        break;
                    }
                    case Op.STORE_REL: case Op.STORE_REL + 1: case Op.STORE_REL + 2: case Op.STORE_REL + 3: {
                        int size = 1 << (o - Op.STORE_REL);
                        Region reg = mem.resolve(r[d] + off[pc], size, true, true);
                        Memory.put(reg.mem, mem.lastIndex, size, r[s]);
                        break;
                    }

                    case Op.LDABS_B: case Op.LDABS_H: case Op.LDABS_W:
                    case Op.LDIND_B: case Op.LDIND_H: case Op.LDIND_W: {
                        boolean ind = o >= Op.LDIND_B;
                        int size = 1 << (o - (ind ? Op.LDIND_B : Op.LDABS_B));
                        // the kernel computes the offset in 64 bits and passes it on as an int
                        int at = (int) ((ind ? r[s] : 0) + k[pc]);
                        init &= ~ARGS;
                        if (!ldAbs(at, size)) {
                            abortedByLdAbs = true;
                            r[0] = 0;
                            if (tracing != null) tracing.end(r);
                            return 0;
                        }
                        break;
                    }

                    case Op.CALL_HELPER: {
                        int id = (int) k[pc];
                        if (id == Helpers.TAIL_CALL) {
                            VmProgram next = tailCallTarget();
                            init &= ~(ARGS | 1);
                            if (next == null) break;
                            cur = next;
                            p = next.decoded;
                            code = p.code; rw = p.rw; off = p.off; tgt = p.tgt;
                            k = p.k;
                            init = 2 | FP;
                            pc = 0;
                            continue;
                        }
                        this.init = init;
                        r[0] = Helpers.call(this, id);
                        init = (init & ~(ARGS | 1)) | (Helpers.returnsVoid(id) ? 0 : 1);
                        break;
                    }
                    case Op.CALLX: {
                        long v = r[d];
                        int t = cur.codeTarget(v);
                        if (t < 0) {
                            this.init = init;
                            r[0] = Helpers.call(this, (int) v);
                            init = (init & ~ARGS) | 1;
                            break;
                        }
                        init = enter(cur, pc, init);
                        pc = t;
                        continue;
                    }
                    case Op.CALL_LOCAL:
                        init = enter(cur, pc, init);
                        pc = tgt[pc];
                        continue;
                    case Op.EXIT: {
                        if (depth == 0) {
                            if ((init & 1) == 0) throw uninitialized(1);
                            this.init = init;
                            if (tracing != null) tracing.end(r);
                            return r[0];
                        }
                        depth--;
                        int b = depth * 5;
                        r[6] = saved[b]; r[7] = saved[b + 1]; r[8] = saved[b + 2]; r[9] = saved[b + 3];
                        r[10] = saved[b + 4];
                        init = (savedInit[depth] & ~(ARGS | 1)) | (init & 1) | FP;
                        pc = retPc[depth];
                        if (retProg[depth] != cur) {
                            cur = retProg[depth];
                            p = cur.decoded;
                            code = p.code; rw = p.rw; off = p.off; tgt = p.tgt;
                            k = p.k;
                        }
                        continue;
                    }
                    case Op.OUT_OF_PROGRAM:
                        throw VmFault.of(FaultKind.PC_OUT_OF_RANGE, "control left the program: insn " + pc
                                + " is past its last instruction (" + p.n + " slots), by falling off the end or by a jump");
                    case Op.LDDW_UNSUPPORTED:
                    default:
                        throw VmFault.of(FaultKind.INVALID_INSTRUCTION, p.why[pc] != null ? p.why[pc] : "invalid instruction");
                }
                pc++;
            }
        } catch (VmFault f) {
            faultPc = pc;
            current = cur;
            this.init = init;
            throw f;
        } finally {
            executed = budget - Math.max(left, 0);
        }
    }

    private int enter(VmProgram cur, int pc, int init) {
        if (depth + 1 >= MAX_FRAMES) {
            throw VmFault.of(FaultKind.CALL_DEPTH, "the call stack is too deep: more than " + MAX_FRAMES + " frames");
        }
        int b = depth * 5;
        saved[b] = r[6]; saved[b + 1] = r[7]; saved[b + 2] = r[8]; saved[b + 3] = r[9]; saved[b + 4] = r[10];
        savedInit[depth] = init;
        retPc[depth] = pc + 1;
        retProg[depth] = cur;
        depth++;
        r[10] = stackTop(depth);
        return (init & ARGS) | FP;
    }

    private VmProgram tailCallTarget() {
        BpfMap m = vm.mapAt(r[2], "bpf_tail_call argument 2");
        if (!(m instanceof ProgArrayMap)) {
            throw VmFault.of(FaultKind.BAD_HELPER_CALL, "bpf_tail_call: argument 2 is " + m + ", not a program array");
        }
        VmProgram next = ((ProgArrayMap) m).get(r[3] & M);
        if (next == null || tailCalls >= MAX_TAIL_CALLS) return null;
        tailCalls++;
        return next;
    }

    static final int SKF_NET_OFF = -0x100000, SKF_LL_OFF = -0x200000;

    /**
     * LD_ABS/LD_IND: big-endian load into r0 from the skb's data, or for the negative offsets of classic BPF
     * from the network ({@code SKF_NET_OFF}) or link-layer ({@code SKF_LL_OFF}) header; false when out of bounds.
     */
    private boolean ldAbs(int at, int size) {
        Packet pk = vm.run.packet;
        if (pk == null || !vm.run.skb) {
            throw VmFault.of(FaultKind.INVALID_INSTRUCTION, "LD_ABS/LD_IND needs a socket buffer context");
        }
        long i;
        if (at >= 0) {
            if ((long) at + size > pk.length()) return false;
            i = pk.data + (long) at;
        } else if (at >= SKF_NET_OFF) {
            i = 14L + at - SKF_NET_OFF; // the network header follows the 14-byte Ethernet header
        } else if (at >= SKF_LL_OFF) {
            i = (long) at - SKF_LL_OFF; // the frame starts at the link-layer header
        } else {
            return false;
        }
        if (i < 0 || i + size > pk.end) return false;
        long v = 0;
        for (int b = 0; b < size; b++) v = v << 8 | (pk.buf[(int) i + b] & 0xff);
        r[0] = v;
        return true;
    }

    private void atomic(int op, long addr, int s) {
        boolean is64 = ((op - Op.A_ADD) & 1) == 1;
        int size = is64 ? 8 : 4;
        Region reg = mem.resolve(addr, size, true, true);
        byte[] m = reg.mem;
        int i = mem.lastIndex;
        long old = Memory.get(m, i, size);
        long v = r[s];
        switch ((op - Op.A_ADD) & ~1) {
            case 0: Memory.put(m, i, size, old + v); return;
            case 2: Memory.put(m, i, size, old | v); return;
            case 4: Memory.put(m, i, size, old & v); return;
            case 6: Memory.put(m, i, size, old ^ v); return;
            case 8: Memory.put(m, i, size, old + v); break;
            case 10: Memory.put(m, i, size, old | v); break;
            case 12: Memory.put(m, i, size, old & v); break;
            case 14: Memory.put(m, i, size, old ^ v); break;
            case 16: Memory.put(m, i, size, v); break;
            default: {
                boolean match = is64 ? old == r[0] : (int) old == (int) r[0];
                if (match) Memory.put(m, i, size, v);
                r[0] = old;
                return;
            }
        }
        r[s] = old;
    }

    private VmFault uninitialized(int mask) {
        int reg = Integer.numberOfTrailingZeros(mask);
        return new VmFault(FaultKind.UNINITIALIZED_REGISTER, 0, "register r" + reg,
                "read of uninitialized register r" + reg + " (never written, or clobbered by a call)");
    }

    static long udiv64(long a, long b) { return b == 0 ? 0 : Long.divideUnsigned(a, b); }

    static long udiv32(long a, long b) { return (int) b == 0 ? 0 : Integer.divideUnsigned((int) a, (int) b) & M; }

    static long sdiv64(long a, long b) { return b == 0 ? 0 : a / b; }

    static long sdiv32(long a, long b) { return (int) b == 0 ? 0 : ((int) a / (int) b) & M; }

    static long umod64(long a, long b) { return b == 0 ? a : Long.remainderUnsigned(a, b); }

    static long umod32(long a, long b) { return (int) b == 0 ? a & M : Integer.remainderUnsigned((int) a, (int) b) & M; }

    static long smod64(long a, long b) { return b == 0 ? a : a % b; }

    static long smod32(long a, long b) { return (int) b == 0 ? a & M : ((int) a % (int) b) & M; }
}
