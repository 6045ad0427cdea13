package dev.ebpf4j.vm;

import dev.ebpf4j.asm.MapSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code RINGBUF} and {@code PERF_EVENT_ARRAY}: maps a program writes records into. The records go to a sink
 * the caller drains ({@link #drain()}); a ring buffer has {@code max_entries} bytes of room, each record taking
 * an 8-byte header plus its size rounded up to 8, and refuses records that do not fit until drained.
 */
public final class OutputMap extends BpfMap {
    /** One record: the CPU it was written on (perf events) and its bytes. */
    public record Record(int cpu, byte[] data) {}

    private final List<Record> records = new ArrayList<>();
    private long used;

    OutputMap(MapSpec spec, Vm vm, int fd) {
        super(spec, vm, fd);
    }

    boolean isRingBuf() { return spec.type() == dev.ebpf4j.asm.uapi.MapType.RINGBUF; }

    static long footprint(long size) { return 8 + ((size + 7) & ~7L); }

    /** Room for a record of {@code size} bytes (ring buffer only; perf buffers here never fill). */
    boolean reserve(long size) {
        if (!isRingBuf()) return true;
        if (used + footprint(size) > spec.maxEntries()) return false;
        used += footprint(size);
        return true;
    }

    void release(long size) { used -= footprint(size); }

    void add(byte[] data) { records.add(new Record(vm.cpu, data)); }

    /** The records written so far, and forgets them (freeing ring buffer room). */
    public List<Record> drain() {
        List<Record> out = List.copyOf(records);
        records.clear();
        used = 0;
        return out;
    }

    /** The records written so far, kept. */
    public List<Record> records() { return List.copyOf(records); }

    @Override
    public byte[] lookup(byte[] key) { return null; }

    @Override
    public int update(byte[] key, byte[] value, long flags) { return -Errno.EINVAL; }

    @Override
    public int delete(byte[] key) { return -Errno.EINVAL; }

    @Override
    long progLookup(byte[] key) { return 0; }

    @Override
    public List<Map.Entry<byte[], byte[]>> entries() { return new ArrayList<>(); }
}
