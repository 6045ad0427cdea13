package dev.ebpf4j.loader;

/**
 * An errno value with its symbolic name and meaning, as a kernel call returned it.
 *
 * @param value       the number (13)
 * @param name        the symbolic name ({@code EACCES})
 * @param description the C library's text ({@code Permission denied})
 */
public record Errno(int value, String name, String description) {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int ENOSPC = 28;
    public static final int E2BIG = 7;
    public static final int EOPNOTSUPP = 95;
    /** Kernel-internal "not supported" that bpf(2) can leak to user space; libc has no name for it. */
    public static final int ENOTSUPP = 524;

    /** The errno with this number. */
    public static Errno of(int value) {
        if (value == ENOTSUPP) return new Errno(value, "ENOTSUPP", "Operation is not supported");
        jnr.constants.platform.Errno e = jnr.constants.platform.Errno.valueOf(value);
        if (e == null || !e.defined() || e.name().startsWith("__")) {
            return new Errno(value, "E" + value, "Unknown error " + value);
        }
        return new Errno(value, e.name(), e.description());
    }

    /** {@code EACCES (Permission denied)}. */
    @Override
    public String toString() {
        return name + " (" + description + ")";
    }
}
