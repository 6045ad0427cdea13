package dev.ebpf4j.cli.fuzz;

import java.util.regex.Pattern;

/**
 * A verdict as the kernel or the simulator gives it.
 *
 * @param accepted  whether the program loads
 * @param errno     the errno name of a reject (EACCES, EINVAL, ...), else null
 * @param errorLine the last message line of a reject, else null
 * @param processed the {@code processed N insns} figure, or -1 when not known
 */
record Answer(boolean accepted, String errno, String errorLine, int processed) {
    private static final Pattern NUMBERS = Pattern.compile("(?<![a-z0-9_])-?(0x[0-9a-f]+|\\d+)");

    static Answer accept(int processed) {
        return new Answer(true, null, null, processed);
    }

    static Answer reject(String errno, String errorLine, int processed) {
        return new Answer(false, errno, errorLine, processed);
    }

    /**
     * The error line with every number replaced by N (R1 -> RN, fp-8 -> fp-N; not the 4 of ebpf4j nor the 64 of bpf_jiffies64): the class of a
     * message, for counting disagreements.
     */
    String masked() {
        if (accepted) return "accept";
        return errorLine == null ? "(no message, " + errno + ")" : NUMBERS.matcher(errorLine).replaceAll("N");
    }

    @Override
    public String toString() {
        return accepted ? "accept (processed " + processed + ")"
                : "reject " + errno + ": " + errorLine + (processed >= 0 ? " (processed " + processed + ")" : "");
    }
}
