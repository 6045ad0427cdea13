package dev.ebpf4j.loader;

import java.util.List;

/**
 * The kernel refused a program at {@code BPF_PROG_LOAD}: the verifier rejected it, or the load was refused
 * before verification (no permission, too many instructions, a bad program type). Carries the errno, the kernel's error line (the last
 * message of the log, as {@link VerifierLog#errorLine} finds it), all message lines of the failure and the whole
 * verifier log.
 */
public final class ProgramLoadException extends BpfException {
    private static final long serialVersionUID = 1L;
    private final String errorLine;
    private final List<String> errorLines;
    private final String log;

    public ProgramLoadException(Errno errno, String log, String context) {
        this(errno, log, VerifierLog.errorLines(log), context);
    }

    private ProgramLoadException(Errno errno, String log, List<String> lines, String context) {
        super(BpfCommand.PROG_LOAD, errno, join(context, lines.isEmpty() ? null : lines.get(lines.size() - 1)));
        this.log = log;
        this.errorLines = List.copyOf(lines);
        this.errorLine = lines.isEmpty() ? null : lines.get(lines.size() - 1);
    }

    private static String join(String context, String line) {
        if (context == null || context.isEmpty()) return line;
        return line == null ? context : context + ": " + line;
    }

    /** The kernel's error line, or null when the log says nothing (e.g. a load without a log). */
    public String errorLine() { return errorLine; }

    /** Every message line after the last instruction or state line of the log; the last equals errorLine. */
    public List<String> errorLines() { return errorLines; }

    /** The whole verifier log ("" when none was asked for). */
    public String log() { return log; }

    /** The instruction count of the log's {@code processed N insns} line, or -1. */
    public int insnsProcessed() { return VerifierLog.insnsProcessed(log); }
}
