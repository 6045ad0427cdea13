package dev.ebpf4j.verifier;

import java.util.List;

/**
 * The simulator's answer, shaped like the kernel's.
 *
 * @param accepted   whether the program would load
 * @param insn       index of the instruction the first error is about, or -1 (accepted, or a whole-program error)
 * @param errorLines the kernel's message line(s) for the first error (empty when accepted); the last one is what
 *                   the corpus calls {@code live_error_line}
 * @param errno      the errno of a reject, null when accepted
 * @param processed  the {@code processed N insns} figure
 * @param log        the verifier log at the requested level ("" at level 0)
 * @param totalStates states kept for pruning, as in the stats line
 * @param peakStates  the peak number of those states
 */
public record Result(boolean accepted, int insn, List<String> errorLines, Errno errno, int processed, String log,
                     int totalStates, int peakStates, int maxStatesPerInsn) {

    public Result {
        errorLines = List.copyOf(errorLines);
    }

    /** The last message line of a reject (the corpus's {@code live_error_line}), null when accepted. */
    public String errorLine() {
        for (int i = errorLines.size() - 1; i >= 0; i--) {
            String l = errorLines.get(i);
            if (!l.startsWith("cur state:") && !l.startsWith("old state:")) return l;
        }
        return null;
    }

    /** The kernel's statistics line. */
    public String statsLine() {
        return String.format("processed %d insns (limit 1000000) max_states_per_insn %d total_states %d peak_states %d mark_read 0",
                processed, maxStatesPerInsn, totalStates, peakStates);
    }
}
