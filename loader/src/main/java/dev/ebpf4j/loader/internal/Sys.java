package dev.ebpf4j.loader.internal;

import dev.ebpf4j.loader.BpfCommand;
import dev.ebpf4j.loader.BpfException;
import dev.ebpf4j.loader.Errno;
import dev.ebpf4j.loader.SyscallException;
import jnr.ffi.Pointer;

/**
 * The one place the loader calls bpf(2). {@link #bpfRaw} returns the kernel's answer (a value, or minus errno,
 * read right after the call) for callers that treat some errnos as answers (ENOENT from a lookup, ENOSPC from
 * a load); {@link #bpf} turns every failure into a {@link BpfException}.
 */
public final class Sys {
    private Sys() {}

    /**
     * Issues {@code bpf(cmd, attr, size)}.
     *
     * @return the non-negative result, or {@code -errno}
     */
    public static long bpfRaw(BpfCommand cmd, Pointer attr, int size) {
        long r = Native.libc().syscall(Native.SYS_BPF, cmd.value(), attr.address(), size);
        if (r < 0) {
            int e = Native.errno();
            return -(e == 0 ? Errno.EINVAL : e);
        }
        return r;
    }

    /** Issues {@code bpf(cmd, attr, size)} and throws on failure; {@code detail} says what was being done. */
    public static long bpf(BpfCommand cmd, Pointer attr, int size, String detail) {
        long r = bpfRaw(cmd, attr, size);
        if (r < 0) throw new BpfException(cmd, Errno.of((int) -r), detail);
        return r;
    }

    /** Throws a {@link SyscallException} for a libc call that returned {@code result < 0}; returns it otherwise. */
    public static int check(int result, String operation, String detail) {
        if (result < 0) throw new SyscallException(operation, Errno.of(Native.errno()), detail);
        return result;
    }

    /** Closes an fd, ignoring errors: used on cleanup paths where the fd is ours. */
    public static void closeQuietly(int fd) {
        if (fd >= 0) Native.libc().close(fd);
    }
}
