package dev.ebpf4j.vm;

import dev.ebpf4j.asm.MapSpec;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;

/**
 * {@code BPF_MAP_TYPE_QUEUE} (FIFO) and {@code STACK} (LIFO): no keys; programs use
 * {@code bpf_map_push_elem}, {@code pop} and {@code peek}. Push with {@code BPF_EXIST} on a full map drops the
 * oldest value, as the kernel does.
 */
final class QueueStackMap extends BpfMap {
    private final ArrayDeque<byte[]> items = new ArrayDeque<>();
    private final boolean lifo;

    QueueStackMap(MapSpec spec, Vm vm, int fd, boolean lifo) {
        super(spec, vm, fd);
        this.lifo = lifo;
    }

    int push(byte[] value, long flags) {
        if ((flags & ~EXIST) != 0) return -Errno.EINVAL;
        if (items.size() >= spec.maxEntries()) {
            if (flags != EXIST) return -Errno.E2BIG;
            items.pollFirst();
        }
        items.addLast(value.clone());
        return 0;
    }

    /** The next value (removed when {@code remove}), or null when empty. */
    byte[] take(boolean remove) {
        if (items.isEmpty()) return null;
        if (lifo) return remove ? items.pollLast() : items.peekLast();
        return remove ? items.pollFirst() : items.peekFirst();
    }

    @Override
    public byte[] lookup(byte[] key) { return take(false); }

    @Override
    public int update(byte[] key, byte[] value, long flags) { return push(value, flags); }

    @Override
    public int delete(byte[] key) { return -Errno.EINVAL; }

    @Override
    long progLookup(byte[] key) { return 0; }

    @Override
    public List<Map.Entry<byte[], byte[]>> entries() {
        List<Map.Entry<byte[], byte[]>> out = list();
        for (byte[] v : items) out.add(entry(new byte[0], v));
        return out;
    }
}
