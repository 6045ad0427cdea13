package dev.ebpf4j.loader.internal;

import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

import java.nio.charset.StandardCharsets;

/** The loaded libc binding, the jnr runtime and errno access. Loaded lazily on first use. */
public final class Native {
    private Native() {}

    private static final class Holder {
        static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
        static final jnr.ffi.Runtime RT = jnr.ffi.Runtime.getRuntime(LIBC);
    }

    /** syscall numbers differ per architecture. */
    private static final boolean AARCH64 = "aarch64".equals(System.getProperty("os.arch"));
    public static final long SYS_BPF = AARCH64 ? 280 : 321;
    public static final long SYS_GETTID = AARCH64 ? 178 : 186;
    public static final long SYS_SETRESUID = AARCH64 ? 147 : 117;
    public static final long SYS_SETRESGID = AARCH64 ? 149 : 119;

    public static LibC libc() {
        return Holder.LIBC;
    }

    public static jnr.ffi.Runtime runtime() {
        return Holder.RT;
    }

    /** errno saved after the last native call on this thread; read it before any other native call. */
    public static int errno() {
        return LastError.getLastError(Holder.RT);
    }

    /** Zeroed native memory, freed when the returned pointer is garbage collected. */
    public static Pointer allocate(int size) {
        return Memory.allocateDirect(Holder.RT, Math.max(size, 1), true);
    }

    /** A NUL-terminated copy of {@code s} in native memory. */
    public static Pointer cString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        Pointer p = allocate(b.length + 1);
        p.put(0, b, 0, b.length);
        return p;
    }

    /** Native memory holding a copy of {@code bytes}. */
    public static Pointer copyOf(byte[] bytes) {
        Pointer p = allocate(bytes.length);
        p.put(0, bytes, 0, bytes.length);
        return p;
    }

    /** The kernel thread id of the calling thread (namespaces and credentials are per thread). */
    public static int gettid() {
        return (int) libc().syscall(SYS_GETTID, 0, 0, 0);
    }
}
