package dev.ebpf4j.vm;

import dev.ebpf4j.asm.MapSpec;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code HASH}, {@code PERCPU_HASH}, {@code LRU_HASH} and {@code LRU_PERCPU_HASH}. An LRU map evicts the least
 * recently used entry when full (the kernel's LRU is approximate, per-CPU lists; eviction order may differ).
 */
final class HashTableMap extends BpfMap {
    private final boolean perCpu;
    private final boolean lru;
    private final int cpus;
    private final LinkedHashMap<Key, Slot> table;

    /** A value's bytes (all CPUs) and the regions registered for them, created on first lookup. */
    private static final class Slot {
        byte[] value;
        int[] regions;
    }

    HashTableMap(MapSpec spec, Vm vm, int fd, boolean perCpu, boolean lru) {
        super(spec, vm, fd);
        this.perCpu = perCpu;
        this.lru = lru;
        this.cpus = perCpu ? vm.options.cpus() : 1;
        this.table = new LinkedHashMap<>(16, 0.75f, lru);
    }

    @Override
    boolean perCpu() { return perCpu; }

    private int valueBytes() { return perCpu ? stride() * cpus : spec.valueSize(); }

    @Override
    public byte[] lookup(byte[] key) {
        Slot s = table.get(new Key(key));
        return s == null ? null : s.value.clone();
    }

    @Override
    public int update(byte[] key, byte[] value, long flags) {
        return put(key, Arrays.copyOf(value, valueBytes()), flags, false);
    }

    @Override
    int progUpdate(byte[] key, byte[] value, long flags) {
        return put(key, value, flags, true);
    }

    private int put(byte[] key, byte[] value, long flags, boolean fromProg) {
        int bad = checkFlags(flags);
        if (bad != 0) return bad;
        Key k = new Key(key.clone());
        Slot s = table.get(k);
        long mode = flags & 3;
        if (s != null && mode == NOEXIST) return -Errno.EEXIST;
        if (s == null && mode == EXIST) return -Errno.ENOENT;
        if (s != null) {
            // in place, as the kernel does for preallocated values: pointers the program holds see the update
            if (fromProg && perCpu) {
                System.arraycopy(value, 0, s.value, vm.cpu * stride(), spec.valueSize());
            } else {
                System.arraycopy(value, 0, s.value, 0, Math.min(value.length, s.value.length));
            }
            return 0;
        }
        if (table.size() >= spec.maxEntries()) {
            if (!lru) return -Errno.E2BIG;
            Iterator<Key> it = table.keySet().iterator();
            it.next();
            it.remove();
        }
        s = new Slot();
        s.value = new byte[valueBytes()];
        if (fromProg && perCpu) {
            System.arraycopy(value, 0, s.value, vm.cpu * stride(), spec.valueSize());
        } else {
            System.arraycopy(value, 0, s.value, 0, Math.min(value.length, s.value.length));
        }
        s.regions = new int[cpus];
        table.put(k, s);
        return 0;
    }

    @Override
    public int delete(byte[] key) {
        return table.remove(new Key(key)) == null ? -Errno.ENOENT : 0;
    }

    @Override
    long progLookup(byte[] key) {
        Slot s = table.get(new Key(key));
        if (s == null) return 0;
        int c = perCpu ? vm.cpu : 0;
        if (s.regions[c] == 0) s.regions[c] = valueRegion(s.value, c * (perCpu ? stride() : 0));
        return vm.memory.base(s.regions[c]);
    }

    @Override
    public List<Map.Entry<byte[], byte[]>> entries() {
        List<Map.Entry<byte[], byte[]>> out = list();
        for (Map.Entry<Key, Slot> e : table.entrySet()) out.add(entry(e.getKey().b, e.getValue().value));
        return out;
    }
}
