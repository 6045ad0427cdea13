package dev.ebpf4j.vm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The checked address space. A pointer is a plain 64-bit value so that programs can add, subtract and compare
 * pointers as on real addresses; the region is recoverable from its high bits: region {@code id} owns the 4 GiB
 * window centred on {@code base(id) = (0xffffa000 + id) << 32}, so an offset anywhere in
 * {@code [-2^31, 2^31)} still names its region and an out-of-bounds access can say which object it missed.
 * Small numbers (and 0) fall in no window, which is how a scalar or null dereference is told apart.
 */
final class Memory {
    static final long HI = 0xffffa000L;
    private static final VarHandle LE16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LE64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Region[] regions = new Region[64];
    private int count = 1; // id 0 is never used: base(0) would be a legal window too, keep it as a guard
    /** Packet accesses check (offset + 2) % size when strict, as the kernel does with NET_IP_ALIGN. */
    boolean strictAlignment;

    /**
     * Shifts every address by this much within its window. Two machines with different biases give programs
     * different pointer values, which tells apart programs whose output depends on addresses.
     */
    final long bias;

    Memory(long bias) {
        if (bias < 0 || bias >= 1L << 30) throw new IllegalArgumentException("address bias must be in [0, 2^30)");
        this.bias = bias;
    }

    long base(int id) {
        return ((HI + id) << 32) + bias;
    }

    int add(Region r) {
        if (count == regions.length) regions = Arrays.copyOf(regions, count * 2);
        regions[count] = r;
        return count++;
    }

    Region region(int id) { return regions[id]; }

    int regionCount() { return count; }

    /** Forgets regions from {@code id} on (run-scoped regions such as ring buffer records). */
    void truncate(int id) {
        for (int i = id; i < count; i++) regions[i] = null;
        count = id;
    }

    /** The id of the region {@code addr} points into, or a fault naming what it points at instead. */
    int idOf(long addr, int size, String what) {
        long id = ((addr - bias + 0x80000000L) >>> 32) - HI;
        if (id <= 0 || id >= count) {
            if (addr == 0) {
                throw new VmFault(FaultKind.NULL_DEREFERENCE, 0, "null",
                        "null dereference: " + what + " of " + size + " bytes at address 0");
            }
            throw new VmFault(FaultKind.SCALAR_DEREFERENCE, addr, "none",
                    "scalar dereference: " + what + " of " + size + " bytes at 0x" + Long.toHexString(addr)
                            + ", which points into no region");
        }
        return (int) id;
    }

    /** The offset of {@code addr} within region {@code id}, checked against its bounds and alignment. */
    int checked(long addr, int id, Region r, int size, String what, boolean atomic) {
        int off = (int) (addr - base(id));
        if (off < r.lo || off > r.hi - size) {
            throw new VmFault(FaultKind.OUT_OF_BOUNDS, addr, r.name,
                    "out of bounds: " + what + " of " + size + " bytes at " + r.name + " offset " + off
                            + " (valid " + r.lo + ".." + r.hi + ")");
        }
        if ((atomic || r.alignStrict || strictAlignment) && size > 1) {
            int a = strictAlignment && r.kind == RegionKind.PACKET ? off + 2 : off;
            if ((a & (size - 1)) != 0) {
                throw new VmFault(FaultKind.MISALIGNED, addr, r.name,
                        "misaligned " + what + " of " + size + " bytes at " + r.name + " offset " + off);
            }
        }
        return off;
    }

    long load(long addr, int size) {
        int id = idOf(addr, size, "read");
        Region r = regions[id];
        int off = checked(addr, id, r, size, "read", false);
        if (r.ctx != null) return r.ctx.load(off, size);
        return get(r.mem, r.start + off, size);
    }

    void store(long addr, int size, long value) {
        int id = idOf(addr, size, "write");
        Region r = regions[id];
        int off = checked(addr, id, r, size, "write", false);
        if (r.ctx != null) {
            r.ctx.store(off, size, value);
            return;
        }
        if (!r.writable) {
            throw new VmFault(FaultKind.READ_ONLY, addr, r.name, "write of " + size + " bytes to read-only " + r.name
                    + " offset " + off);
        }
        put(r.mem, r.start + off, size, value);
    }

    /**
     * A checked view for atomics and helpers: the region and the absolute index of {@code addr} in its array.
     * Returns the region; the index is left in {@link #lastIndex}.
     */
    Region resolve(long addr, int size, boolean write, boolean atomic) {
        String what = write ? "write" : "read";
        int id = idOf(addr, size, what);
        Region r = regions[id];
        int off = checked(addr, id, r, size, what, atomic);
        if (r.ctx != null && (atomic || size > 8)) {
            throw new VmFault(FaultKind.BAD_CONTEXT_ACCESS, addr, r.name, what + " of " + size + " bytes at "
                    + r.name + " offset " + off + ": the context is only accessible by plain loads and stores");
        }
        if (write && !r.writable) {
            throw new VmFault(FaultKind.READ_ONLY, addr, r.name, what + " of " + size + " bytes to read-only "
                    + r.name + " offset " + off);
        }
        lastIndex = r.start + off;
        lastOffset = off;
        return r;
    }

    int lastIndex;
    int lastOffset;

    /** Copies {@code len} checked bytes out of memory (helper arguments such as map keys). */
    byte[] readBytes(long addr, int len) {
        if (len == 0) return new byte[0];
        Region r = resolve(addr, len, false, false);
        if (r.ctx != null) {
            throw new VmFault(FaultKind.BAD_HELPER_CALL, addr, r.name, "a helper cannot read the context as memory");
        }
        return Arrays.copyOfRange(r.mem, lastIndex, lastIndex + len);
    }

    /** Copies bytes into checked, writable memory (helper outputs). */
    void writeBytes(long addr, byte[] src, int from, int len) {
        if (len == 0) return;
        Region r = resolve(addr, len, true, false);
        if (r.ctx != null) {
            throw new VmFault(FaultKind.BAD_HELPER_CALL, addr, r.name, "a helper cannot write the context as memory");
        }
        System.arraycopy(src, from, r.mem, lastIndex, len);
    }

    /** What {@code addr} points at, for traces and messages: {@code stack of frame 0 +504}, or a number. */
    String describe(long addr) {
        long id = ((addr - bias + 0x80000000L) >>> 32) - HI;
        if (id <= 0 || id >= count || regions[(int) id] == null) return null;
        return regions[(int) id].name + (addr - base((int) id) >= 0 ? " +" : " ") + (addr - base((int) id));
    }

    static long get(byte[] m, int i, int size) {
        switch (size) {
            case 1: return m[i] & 0xffL;
            case 2: return (short) LE16.get(m, i) & 0xffffL;
            case 4: return (int) LE32.get(m, i) & 0xffffffffL;
            default: return (long) LE64.get(m, i);
        }
    }

    static void put(byte[] m, int i, int size, long v) {
        switch (size) {
            case 1: m[i] = (byte) v; break;
            case 2: LE16.set(m, i, (short) v); break;
            case 4: LE32.set(m, i, (int) v); break;
            default: LE64.set(m, i, v); break;
        }
    }
}
