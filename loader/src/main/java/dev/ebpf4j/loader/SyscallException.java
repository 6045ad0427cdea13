package dev.ebpf4j.loader;

/**
 * A system call failed. The message names the operation, the errno name and its meaning, e.g.
 * {@code setsockopt(SO_ATTACH_BPF) failed: EBADF (Bad file descriptor)}, plus what was being done when known.
 */
public class SyscallException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String operation;
    private final transient Errno errno;

    public SyscallException(String operation, Errno errno, String detail) {
        super(operation + " failed: " + errno + (detail == null || detail.isEmpty() ? "" : ": " + detail));
        this.operation = operation;
        this.errno = errno;
    }

    /** What was called, e.g. {@code BPF_PROG_LOAD} or {@code bind(AF_PACKET)}. */
    public String operation() { return operation; }

    public Errno errno() { return errno; }

    /** The errno's symbolic name, e.g. {@code EACCES}. */
    public String errnoName() { return errno.name(); }
}
