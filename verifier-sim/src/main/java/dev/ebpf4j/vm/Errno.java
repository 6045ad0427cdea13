package dev.ebpf4j.vm;

/** The errno values helpers return (negated), as in the kernel's uapi errno.h. */
final class Errno {
    private Errno() {}

    static final int EPERM = 1, ENOENT = 2, E2BIG = 7, EAGAIN = 11, ENOMEM = 12, EFAULT = 14, EBUSY = 16,
            EEXIST = 17, EACCES = 13, EINVAL = 22, ENOSPC = 28, EOPNOTSUPP = 95, ENOTSUPP = 524;
}
