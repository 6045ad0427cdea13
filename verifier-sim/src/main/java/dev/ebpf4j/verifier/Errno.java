package dev.ebpf4j.verifier;

/** The errno values a rejected {@code BPF_PROG_LOAD} returns, with the kernel's numbers. */
public enum Errno {
    E2BIG(7), EBADF(9), EPROTO(71), EACCES(13), EFAULT(14), EINVAL(22), ENOSPC(28), EPERM(1), EBUSY(16), ENOTSUPP(524);

    private final int number;

    Errno(int number) {
        this.number = number;
    }

    public int number() { return number; }
}
