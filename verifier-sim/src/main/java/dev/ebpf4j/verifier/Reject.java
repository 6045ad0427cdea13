package dev.ebpf4j.verifier;

import java.util.List;

/**
 * Thrown inside the simulator at the first error; {@link Verifier} turns it into a {@link Result}. Never
 * escapes the package's public API.
 */
public final class Reject extends RuntimeException {
    private final transient List<String> lines;
    private final Errno errno;

    public Reject(Errno errno, String... lines) {
        super(String.join("\n", lines), null, false, false);
        this.errno = errno;
        this.lines = List.of(lines);
    }

    public static Reject acces(String... lines) { return new Reject(Errno.EACCES, lines); }

    public static Reject inval(String... lines) { return new Reject(Errno.EINVAL, lines); }

    /** Set when the kernel prints the last line without its newline: the statistics line follows on it. */
    private boolean unterminated;

    /** A message the kernel prints without a newline ({@code expected prog array map for tail call}). */
    public static Reject unterminated(Errno errno, String line) {
        Reject r = new Reject(errno, line);
        r.unterminated = true;
        return r;
    }

    /** The message lines as the log holds them, the last one joined with what follows when unterminated. */
    public List<String> linesBefore(String next) {
        if (!unterminated) return lines;
        java.util.List<String> out = new java.util.ArrayList<>(lines);
        out.set(out.size() - 1, out.get(out.size() - 1) + next);
        return java.util.List.copyOf(out);
    }

    public boolean unterminated() { return unterminated; }

    public List<String> lines() { return lines; }

    public Errno errno() { return errno; }
}
