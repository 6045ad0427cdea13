package dev.ebpf4j.verifier.cfg;

import dev.ebpf4j.asm.Slots;
import dev.ebpf4j.verifier.tables.HelperArgCount;

/**
 * Which registers may be read before being written, before each instruction: a backward data-flow over the
 * instruction graph (Linux 6.18 computes the same table, printed as {@code Live regs before insn:}). Pruning
 * ignores dead registers, as the kernel does.
 */
public final class Liveness {
    private Liveness() {}

    /** Bit r set in {@code result[i]} when register r is live before instruction i. */
    public static int[] compute(long[] insns, Cfg cfg) {
        return compute(insns, cfg, null);
    }

    /** The same, counting a helper call's argument registers as the kernel does for programs of {@code type}. */
    public static int[] compute(long[] insns, Cfg cfg, dev.ebpf4j.asm.uapi.ProgType type) {
        int n = insns.length;
        int[] use = new int[n];
        int[] def = new int[n];
        int[][] succ = new int[n][];
        for (int i = 0; i < n; i++) {
            long s = insns[i];
            int code = Slots.opcode(s);
            int cls = code & 7;
            int dst = Slots.dst(s);
            int src = Slots.src(s);
            int d = dst < 11 ? 1 << dst : 0;
            int sr = src < 11 ? 1 << src : 0;
            boolean x = (code & 0x08) != 0;
            switch (cls) {
                case 4: case 7: {
                    int op = code & 0xf0;
                    if (op == 0xb0) { use[i] = x ? sr : 0; def[i] = d; }
                    else if (op == 0x80 || op == 0xd0) { use[i] = d; def[i] = d; }
                    else { use[i] = d | (x ? sr : 0); def[i] = d; }
                    succ[i] = new int[] {i + 1};
                    break;
                }
                case 1: use[i] = sr; def[i] = d; succ[i] = new int[] {i + 1}; break;
                case 2: use[i] = d; succ[i] = new int[] {i + 1}; break;
                case 3: {
                    use[i] = d | sr;
                    if ((code & 0xe0) == 0xc0) {
                        int imm = Slots.imm(s);
                        if ((imm & 1) != 0 || imm == 0xe1 || imm == 0xf1) def[i] = (imm == 0xf1 ? 1 : sr);
                        if (imm == 0xf1) use[i] |= 1;
                        if (imm == 0x100) { use[i] = sr; def[i] = d; }
                    }
                    succ[i] = new int[] {i + 1};
                    break;
                }
                case 0: {
                    if (code == 0x18) {
                        def[i] = d;
                        succ[i] = new int[] {i + 2};
                        if (i + 1 < n) succ[i + 1] = new int[0];
                        i++;
                    } else { // LD_ABS/IND: may end the program, so 6.18 counts every register as read, none as written
                        use[i] = 0x7ff;
                        def[i] = 0;
                        succ[i] = new int[] {i + 1};
                    }
                    break;
                }
                default: { // jumps
                    int op = code & 0xf0;
                    if (op == 0x90) { use[i] = 1; succ[i] = new int[0]; }
                    else if (op == 0x80) {
                        // a call writes r0-r5; a helper reads its arguments, other calls r1-r5
                        use[i] = 0x3e;
                        if (src == 0) use[i] = ((1 << HelperArgCount.count(type, Slots.imm(s))) - 1) << 1;
                        def[i] = 0x3f;
                        succ[i] = new int[] {i + 1};
                    } else if (op == 0x00) {
                        succ[i] = new int[] {i + 1 + (cls == 6 ? Slots.imm(s) : Slots.offset(s))};
                    } else {
                        // may_goto (JCOND) reads no register
                        use[i] = op == 0xe0 ? 0 : d | (x ? sr : 0);
                        succ[i] = new int[] {i + 1, i + 1 + Slots.offset(s)};
                    }
                }
            }
        }
        int[] live = new int[n];
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = n - 1; i >= 0; i--) {
                if (succ[i] == null) continue;
                int out = 0;
                for (int t : succ[i]) if (t >= 0 && t < n) out |= live[t];
                int in = use[i] | (out & ~def[i]);
                if (in != live[i]) {
                    live[i] = in;
                    changed = true;
                }
            }
        }
        return live;
    }

}
