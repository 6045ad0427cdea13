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

    public List<String> lines() { return lines; }

    public Errno errno() { return errno; }
}
