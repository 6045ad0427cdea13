package dev.ebpf4j.verifier.log;

/**
 * The level-2 table 6.18 prints before the walk: {@code Live regs before insn:}, then one line per instruction
 * (the second half of a 64-bit load left out): the number of the loop it belongs to (blank outside loops), the
 * index, and one character per register R0-R9, its digit when the register is live before the instruction, else
 * a dot.
 */
public final class LiveRegsTable {
    private LiveRegsTable() {}

    /** {@code live[i]} has bit r set when register r is live before instruction i. */
    public static void print(VLog log, long[] insns, int[] live, InsnPrinter printer) {
        log.line("Live regs before insn:");
        int[] scc = dev.ebpf4j.verifier.cfg.Scc.compute(insns);
        char[] cols = new char[10];
        for (int i = 0; i < insns.length; i++) {
            for (int r = 0; r < 10; r++) cols[r] = (live[i] & (1 << r)) != 0 ? (char) ('0' + r) : '.';
            String loop = scc[i] == 0 ? "    " : String.format("%3d ", scc[i]);
            log.line(String.format("%s%3d: %s %s", loop, i, new String(cols), printer.print(insns, i)));
            if ((insns[i] & 0xff) == 0x18) i++;
        }
    }
}
