package dev.ebpf4j.verifier.cfg;

import dev.ebpf4j.asm.Slots;

/**
 * The loops of the instruction graph as 6.18 numbers them (the first column of the level-2 {@code Live regs}
 * table): strongly connected components with more than one instruction or a jump to itself, numbered from 1 in
 * the order a depth-first search from instruction 0 (fall-through before jump target, calls to the next
 * instruction) completes them, so a later loop gets a smaller number than an earlier one; nested loops are one
 * component. Observed live: two loops in a row number 2 and 1.
 */
public final class Scc {
    private Scc() {}

    /** {@code result[i]} is instruction i's loop number, 0 outside loops. */
    public static int[] compute(long[] insns) {
        int n = insns.length;
        int[][] succ = new int[n][];
        for (int i = 0; i < n; i++) {
            succ[i] = successors(insns, i);
            if ((insns[i] & 0xff) == 0x18) i++; // the second half stays null: no instruction starts there
        }
        int[] index = new int[n];
        int[] low = new int[n];
        boolean[] onStack = new boolean[n];
        java.util.Arrays.fill(index, -1);
        int[] stack = new int[n];
        int sp = 0;
        int[] callStack = new int[n];
        int[] nextEdge = new int[n];
        int[] scc = new int[n];
        int counter = 0;
        int sccNo = 0;
        for (int root = 0; root < n; root++) {
            if (index[root] >= 0 || succ[root] == null) continue;
            int csp = 0;
            callStack[csp++] = root;
            index[root] = low[root] = counter++;
            stack[sp++] = root;
            onStack[root] = true;
            while (csp > 0) {
                int v = callStack[csp - 1];
                if (nextEdge[v] < succ[v].length) {
                    int w = succ[v][nextEdge[v]++];
                    if (w < 0 || w >= n || succ[w] == null) continue;
                    if (index[w] < 0) {
                        index[w] = low[w] = counter++;
                        stack[sp++] = w;
                        onStack[w] = true;
                        callStack[csp++] = w;
                    } else if (onStack[w]) {
                        low[v] = Math.min(low[v], index[w]);
                    }
                    continue;
                }
                csp--;
                if (csp > 0) {
                    int parent = callStack[csp - 1];
                    low[parent] = Math.min(low[parent], low[v]);
                }
                if (low[v] != index[v]) continue;
                int top = sp;
                while (stack[top - 1] != v) top--;
                top--;
                boolean loop = sp - top > 1 || selfLoop(succ[v], v);
                if (loop) sccNo++;
                for (int k = top; k < sp; k++) {
                    onStack[stack[k]] = false;
                    if (loop) scc[stack[k]] = sccNo;
                }
                sp = top;
            }
        }
        return scc;
    }

    private static boolean selfLoop(int[] s, int v) {
        for (int t : s) if (t == v) return true;
        return false;
    }

    /** Where control may go after instruction i. */
    private static int[] successors(long[] insns, int i) {
        long s = insns[i];
        int code = Slots.opcode(s);
        int cls = code & 7;
        if (code == 0x18) return new int[] {i + 2};
        if (cls != 5 && cls != 6) return new int[] {i + 1};
        int op = code & 0xf0;
        if (op == 0x90) return new int[0];
        if (op == 0x80) {
            // a helper that calls its callback again and again (bpf_loop, for_each_map_elem, find_vma,
            // user_ringbuf_drain) is a loop by itself, as 6.18 numbers them (live: "  1   9: ... call bpf_loop#181")
            int imm = Slots.imm(s);
            boolean callsBack = Slots.src(s) == 0 && (imm == 181 || imm == 164 || imm == 180 || imm == 209);
            return callsBack ? new int[] {i + 1, i} : new int[] {i + 1};
        }
        if (op == 0x00) return new int[] {i + 1 + (cls == 6 ? Slots.imm(s) : Slots.offset(s))};
        return new int[] {i + 1, i + 1 + Slots.offset(s)};
    }
}
