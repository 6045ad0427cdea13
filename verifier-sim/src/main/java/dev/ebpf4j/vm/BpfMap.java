package dev.ebpf4j.vm;

import dev.ebpf4j.asm.MapSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * An in-memory map of the interpreter. Programs reach it through helpers; Java code (tests, the CLI) reads and
 * writes it through the public methods, which use the kernel's conventions: per-CPU values are all CPUs' values
 * back to back, each rounded up to 8 bytes; update flags {@code BPF_ANY} 0, {@code BPF_NOEXIST} 1,
 * {@code BPF_EXIST} 2; results are 0 or a negative errno.
 */
public abstract class BpfMap {
    public static final long ANY = 0, NOEXIST = 1, EXIST = 2;
    /** {@code BPF_F_RDONLY_PROG}: the program may read but not write values. */
    static final int F_RDONLY_PROG = 0x80;

    final MapSpec spec;
    final Vm vm;
    final int fd;
    final int mapRegion;

    BpfMap(MapSpec spec, Vm vm, int fd) {
        this.spec = spec;
        this.vm = vm;
        this.fd = fd;
        Region r = new Region(RegionKind.MAP, "map '" + displayName(spec, fd) + "'", new byte[0], 0, 0, 0, false);
        r.map = this;
        this.mapRegion = vm.memory.add(r);
    }

    private static String displayName(MapSpec spec, int fd) {
        return spec.name().isEmpty() ? "#" + fd : spec.name();
    }

    public MapSpec spec() { return spec; }

    /** The number LD_IMM64 (pseudo map fd) instructions carry to name this map. */
    public int fd() { return fd; }

    public String name() { return displayName(spec, fd); }

    /** The value the program sees in a register after {@code r1 = map[...] ll}. */
    long address() { return vm.memory.base(mapRegion); }

    /** The value stored under {@code key} (all CPUs for per-CPU maps), or null. */
    public abstract byte[] lookup(byte[] key);

    /** Stores a value (all CPUs' values for per-CPU maps); 0 or a negative errno. */
    public abstract int update(byte[] key, byte[] value, long flags);

    /** 0 or a negative errno. */
    public abstract int delete(byte[] key);

    /** All entries in iteration order (keys and values as {@link #lookup} gives them). */
    public abstract List<Map.Entry<byte[], byte[]>> entries();

    // --- what programs see, through helpers ---

    /** The address of the value for the current CPU, or 0. */
    abstract long progLookup(byte[] key);

    /** Update from a program: a per-CPU map updates the current CPU's value only. */
    int progUpdate(byte[] key, byte[] value, long flags) {
        return update(key, vm.options.cpus() == 1 || !perCpu() ? value : spreadForCurrentCpu(value, null), flags);
    }

    int progDelete(byte[] key) { return delete(key); }

    boolean perCpu() { return false; }

    int stride() { return (spec.valueSize() + 7) & ~7; }

    /** A per-CPU value with only the current CPU's part set (others from {@code old}, or zero). */
    byte[] spreadForCurrentCpu(byte[] value, byte[] old) {
        byte[] all = old != null ? old.clone() : new byte[stride() * vm.options.cpus()];
        System.arraycopy(value, 0, all, stride() * vm.cpu, spec.valueSize());
        return all;
    }

    /** Registers a value's bytes as a region (once per value and CPU), returning its id. */
    int valueRegion(byte[] mem, int start) {
        Region r = new Region(RegionKind.MAP_VALUE, "map value of '" + name() + "'", mem, start, 0, spec.valueSize(),
                (spec.flags() & F_RDONLY_PROG) == 0);
        r.map = this;
        return vm.memory.add(r);
    }

    static int checkFlags(long flags) {
        return Long.compareUnsigned(flags & ~4L, EXIST) > 0 ? -Errno.EINVAL : 0;
    }

    /** Entry helper for {@link #entries()}. */
    static Map.Entry<byte[], byte[]> entry(byte[] k, byte[] v) {
        return new java.util.AbstractMap.SimpleImmutableEntry<>(k.clone(), v.clone());
    }

    /** A byte-array key with value semantics. */
    static final class Key {
        final byte[] b;
        private final int hash;

        Key(byte[] b) {
            this.b = b;
            this.hash = Arrays.hashCode(b);
        }

        @Override
        public boolean equals(Object o) { return o instanceof Key && Arrays.equals(b, ((Key) o).b); }

        @Override
        public int hashCode() { return hash; }
    }

    static List<Map.Entry<byte[], byte[]>> list() { return new ArrayList<>(); }

    @Override
    public String toString() { return spec.type() + " map '" + name() + "' (fd " + fd + ")"; }
}
