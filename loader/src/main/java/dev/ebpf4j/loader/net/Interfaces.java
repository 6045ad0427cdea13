package dev.ebpf4j.loader.net;

import dev.ebpf4j.loader.Errno;
import dev.ebpf4j.loader.SyscallException;
import dev.ebpf4j.loader.internal.Native;

/** Network interfaces by name, as seen from the calling thread's network namespace. */
public final class Interfaces {
    private Interfaces() {}

    /**
     * The interface index of {@code name}.
     *
     * @throws SyscallException ENODEV when there is no such interface here
     */
    public static int index(String name) {
        if (name == null || name.isEmpty() || name.length() > 15) {
            throw new IllegalArgumentException("not an interface name: '" + name + "' (1 to 15 characters)");
        }
        int idx = Native.libc().if_nametoindex(name);
        if (idx == 0) {
            int e = Native.errno();
            throw new SyscallException("if_nametoindex", Errno.of(e == 0 ? Errno.ENODEV : e),
                    "no interface named '" + name + "' in this network namespace");
        }
        return idx;
    }

    /** Whether an interface with this index exists here. */
    public static boolean exists(int index) {
        jnr.ffi.Pointer buf = Native.allocate(16);
        return Native.libc().if_indextoname(index, buf) != null;
    }

    /** Whether {@code name} exists here. */
    public static boolean exists(String name) {
        return Native.libc().if_nametoindex(name) != 0;
    }
}
