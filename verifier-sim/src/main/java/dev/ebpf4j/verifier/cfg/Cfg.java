package dev.ebpf4j.verifier.cfg;

/**
 * What the structure pass learned and the path walk needs.
 *
 * @param subprogStarts first instruction of each subprogram, ascending, the main program first
 * @param prunePoint    instructions where the walk looks for an equivalent explored state
 * @param jmpPoint      instructions that can be reached other than by falling through (branch and jump targets,
 *                      subprogram entries, the instruction after a call); the walk records arrivals there
 * @param jumpTarget    targets of jumps and branches and subprogram entries (not the instruction after a call)
 * @param mapAt         for each LD_IMM64 slot of a map, the index of the map in the options, else -1
 * @param mapValueOff   for a BPF_PSEUDO_MAP_VALUE load, its offset into the value
 */
public record Cfg(int[] subprogStarts, boolean[] prunePoint, boolean[] jmpPoint, boolean[] jumpTarget, int[] mapAt,
                  int[] mapValueOff) {

    /** The instruction after the last one of subprogram {@code sub}. */
    public int subprogEnd(int sub) {
        return sub + 1 < subprogStarts.length ? subprogStarts[sub + 1] : prunePoint.length;
    }

    /** The subprogram that holds instruction {@code insn}. */
    public int subprogOf(int insn) {
        int s = 0;
        for (int i = 0; i < subprogStarts.length; i++) if (subprogStarts[i] <= insn) s = i;
        return s;
    }

    /** The index of the subprogram starting at {@code insn}, or -1. */
    public int subprogAt(int insn) {
        for (int i = 0; i < subprogStarts.length; i++) if (subprogStarts[i] == insn) return i;
        return -1;
    }
}
