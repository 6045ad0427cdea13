package dev.ebpf4j.loader;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reading a verifier log the way the corpus records it ({@code live_error_line}, {@code live_error_lines}): the
 * error is the last non-empty line, skipping the {@code processed N insns} statistics and the
 * {@code cur state:}/{@code old state:} dumps printed after {@code infinite loop detected}; the error lines are
 * every message line after the last instruction or state line. A message printed at the end of an instruction
 * line keeps only the message.
 */
public final class VerifierLog {
    private VerifierLog() {}

    private static final Pattern INSN = Pattern.compile("^\\d+: \\([0-9a-f]{2}\\) ");
    /** Register-state lines, frame dumps and path headers: what ends a block of message lines. */
    private static final Pattern STATE = Pattern.compile(
            "^(\\d+: R\\d+=|\\d+: frame|\\s+R\\d+=|\\s+frame\\d+:|from \\d+ to \\d+: |to caller at|returning from|caller:|callee:)");
    /** The one message the kernel appends to the instruction line it is printing. */
    private static final Pattern INLINE_MESSAGE = Pattern.compile(" (infinite loop detected at insn \\d+)$");
    private static final Pattern PROCESSED = Pattern.compile("(?m)^processed (\\d+) insns");

    /** The kernel's error line of a rejected load's log, or null when there is none. */
    public static String errorLine(String log) {
        List<String> l = errorLines(log);
        return l.isEmpty() ? null : l.get(l.size() - 1);
    }

    /** The message lines of the failure, oldest first; empty for an empty log. */
    public static List<String> errorLines(String log) {
        if (log == null || log.isEmpty()) return List.of();
        List<String> lines = new ArrayList<>();
        for (String s : log.split("\n")) if (!s.isBlank()) lines.add(s);
        int i = lines.size() - 1;
        while (i >= 0 && lines.get(i).startsWith("processed ")) i--;
        while (i >= 0 && (lines.get(i).startsWith("cur state:") || lines.get(i).startsWith("old state:"))) i--;
        List<String> out = new ArrayList<>();
        for (int j = i; j >= 0; j--) {
            String l = lines.get(j);
            if (INSN.matcher(l).find()) {
                if (j == i) {
                    Matcher m = INLINE_MESSAGE.matcher(l);
                    if (m.find()) out.add(m.group(1));
                }
                break;
            }
            if (STATE.matcher(l).find()) break;
            out.add(l);
        }
        Collections.reverse(out);
        return out;
    }

    /**
     * The index of the instruction the verifier was checking when it failed: the instruction line just before
     * the error lines (or carrying the message at its end); -1 when the log shows none (e.g. a control-flow
     * error found before the walk).
     */
    public static int errorInsn(String log) {
        if (log == null || log.isEmpty()) return -1;
        List<String> lines = new ArrayList<>();
        for (String s : log.split("\n")) if (!s.isBlank()) lines.add(s);
        int i = lines.size() - 1;
        while (i >= 0 && lines.get(i).startsWith("processed ")) i--;
        while (i >= 0 && (lines.get(i).startsWith("cur state:") || lines.get(i).startsWith("old state:"))) i--;
        for (int j = i; j >= 0; j--) {
            String l = lines.get(j);
            if (INSN.matcher(l).find()) return Integer.parseInt(l.substring(0, l.indexOf(':')));
            if (STATE.matcher(l).find()) return -1;
        }
        return -1;
    }

    /** N of the log's last {@code processed N insns} line, or -1 when it has none. */
    public static int insnsProcessed(String log) {
        if (log == null) return -1;
        Matcher m = PROCESSED.matcher(log);
        int n = -1;
        while (m.find()) n = Integer.parseInt(m.group(1));
        return n;
    }
}
