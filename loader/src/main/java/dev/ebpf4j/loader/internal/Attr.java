package dev.ebpf4j.loader.internal;

import jnr.ffi.Pointer;

/**
 * A per-thread {@code union bpf_attr} and scratch buffers, reused across calls: allocating native memory costs
 * about 1-2 microseconds, more than a map lookup itself. Each call zeroes the bytes it passes to the kernel (the
 * kernel insists that bytes past the command's fields be zero, and we pass only the command's size).
 */
public final class Attr {
    /** sizeof(union bpf_attr) on 6.18 is larger, but no command we use reaches past this. */
    public static final int SIZE = 160;

    private static final ThreadLocal<Attr> LOCAL = ThreadLocal.withInitial(Attr::new);

    private final Pointer attr = Native.allocate(SIZE);
    private Pointer a = Native.allocate(256);
    private Pointer b = Native.allocate(256);

    private Attr() {}

    /** This thread's attr, with the first {@code size} bytes zeroed. */
    public static Attr get(int size) {
        Attr t = LOCAL.get();
        t.attr.setMemory(0, size, (byte) 0);
        return t;
    }

    public Pointer attr() { return attr; }

    /** Scratch buffer A of at least {@code size} bytes (keys); contents undefined. */
    public Pointer a(int size) {
        if (a.size() < size) a = Native.allocate(Integer.highestOneBit(size) << 1);
        return a;
    }

    /** Scratch buffer B of at least {@code size} bytes (values); contents undefined. */
    public Pointer b(int size) {
        if (b.size() < size) b = Native.allocate(Integer.highestOneBit(size) << 1);
        return b;
    }
}
