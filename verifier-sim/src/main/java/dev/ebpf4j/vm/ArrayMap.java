package dev.ebpf4j.vm;

import dev.ebpf4j.asm.MapSpec;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** {@code BPF_MAP_TYPE_ARRAY} and {@code PERCPU_ARRAY}: preallocated, zeroed, u32 keys, never deleted. */
final class ArrayMap extends BpfMap {
    private final boolean perCpu;
    private final int cpus;
    private final byte[] data;
    private final int[] regionIds;

    ArrayMap(MapSpec spec, Vm vm, int fd, boolean perCpu) {
        super(spec, vm, fd);
        this.perCpu = perCpu;
        this.cpus = perCpu ? vm.options.cpus() : 1;
        this.data = new byte[Math.multiplyExact(Math.multiplyExact(spec.maxEntries(), stride()), cpus)];
        this.regionIds = new int[spec.maxEntries() * cpus];
        byte[] init = spec.initialValue();
        if (init != null && spec.maxEntries() > 0) {
            for (int c = 0; c < cpus; c++) {
                System.arraycopy(init, 0, data, c * stride(), Math.min(init.length, spec.valueSize()));
            }
        }
    }

    @Override
    boolean perCpu() { return perCpu; }

    private int index(byte[] key) {
        if (key.length < 4) return -1;
        long i = Memory.get(key, 0, 4);
        return i < spec.maxEntries() ? (int) i : -1;
    }

    @Override
    public byte[] lookup(byte[] key) {
        int i = index(key);
        if (i < 0) return null;
        if (!perCpu) return Arrays.copyOfRange(data, i * stride(), i * stride() + spec.valueSize());
        return Arrays.copyOfRange(data, i * stride() * cpus, (i + 1) * stride() * cpus);
    }

    @Override
    public int update(byte[] key, byte[] value, long flags) {
        int bad = checkFlags(flags);
        if (bad != 0) return bad;
        int i = index(key);
        if (i < 0) return -Errno.E2BIG;
        if ((flags & 3) == NOEXIST) return -Errno.EEXIST;
        if (!perCpu) {
            System.arraycopy(value, 0, data, i * stride(), spec.valueSize());
        } else {
            for (int c = 0; c < cpus; c++) {
                System.arraycopy(value, c * stride(), data, (i * cpus + c) * stride(), spec.valueSize());
            }
        }
        return 0;
    }

    @Override
    int progUpdate(byte[] key, byte[] value, long flags) {
        int bad = checkFlags(flags);
        if (bad != 0) return bad;
        int i = index(key);
        if (i < 0) return -Errno.E2BIG;
        if ((flags & 3) == NOEXIST) return -Errno.EEXIST;
        System.arraycopy(value, 0, data, (i * cpus + (perCpu ? vm.cpu : 0)) * stride(), spec.valueSize());
        return 0;
    }

    @Override
    public int delete(byte[] key) { return -Errno.EINVAL; }

    @Override
    long progLookup(byte[] key) {
        int i = index(key);
        return i < 0 ? 0 : elementAddress(i);
    }

    /** The address of element {@code i} for the current CPU (also what a map-value LD_IMM64 gives for 0). */
    long elementAddress(int i) {
        int slot = i * cpus + (perCpu ? vm.cpu : 0);
        if (regionIds[slot] == 0) regionIds[slot] = valueRegion(data, slot * stride());
        return vm.memory.base(regionIds[slot]);
    }

    @Override
    public List<Map.Entry<byte[], byte[]>> entries() {
        List<Map.Entry<byte[], byte[]>> out = list();
        for (int i = 0; i < spec.maxEntries(); i++) {
            byte[] k = new byte[4];
            Memory.put(k, 0, 4, i);
            out.add(entry(k, lookup(k)));
        }
        return out;
    }
}
