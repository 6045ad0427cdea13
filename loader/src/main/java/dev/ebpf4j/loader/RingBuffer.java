package dev.ebpf4j.loader;

import dev.ebpf4j.asm.uapi.MapType;
import dev.ebpf4j.loader.internal.Native;
import dev.ebpf4j.loader.internal.Sys;
import jnr.ffi.Pointer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads records that programs wrote into a {@code BPF_MAP_TYPE_RINGBUF} map ({@code bpf_ringbuf_output},
 * {@code bpf_ringbuf_reserve/submit}), through the map's memory mapped into this process. The layout is the
 * kernel's: a consumer page (our read position, which we advance), then a producer page (the write position)
 * followed by the data area, mapped twice in a row so that a record that wraps around reads contiguously. Each
 * record has an 8-byte header: its length with a BUSY bit (still being written) and a DISCARD bit.
 * Not thread-safe: one reader per ring.
 */
public final class RingBuffer implements AutoCloseable {
    private static final int PROT_READ = 1, PROT_WRITE = 2, MAP_SHARED = 1, SC_PAGESIZE = 30;
    private static final int BUSY = 1 << 31, DISCARD = 1 << 30, HEADER = 8;

    private final BpfMap map;
    private final long pageSize;
    private final long size;
    private Pointer consumer;
    private Pointer producer;

    private RingBuffer(BpfMap map) {
        if (map.type() != MapType.RINGBUF) throw new IllegalArgumentException(map + " is " + map.type().kernelName() + ", not a ring buffer");
        this.map = map;
        this.pageSize = Native.libc().sysconf(SC_PAGESIZE);
        this.size = map.maxEntries();
        consumer = Native.libc().mmap(null, pageSize, PROT_READ | PROT_WRITE, MAP_SHARED, map.fd(), 0);
        if (consumer == null || consumer.address() == -1L) Sys.check(-1, "mmap(ringbuf consumer page)", map.toString());
        producer = Native.libc().mmap(null, pageSize + 2 * size, PROT_READ, MAP_SHARED, map.fd(), pageSize);
        if (producer == null || producer.address() == -1L) {
            int e = Native.errno();
            Native.libc().munmap(consumer, pageSize);
            throw new SyscallException("mmap(ringbuf data)", Errno.of(e), map.toString());
        }
    }

    /** Maps the ring buffer of {@code map}; the map must stay open while the reader is used. */
    public static RingBuffer open(BpfMap map) {
        return new RingBuffer(map);
    }

    /** Hands every complete record written so far to {@code handler}, oldest first; returns how many. */
    public int poll(Consumer<byte[]> handler) {
        if (consumer == null) throw new IllegalStateException("ring buffer reader of " + map + " is closed");
        long cons = consumer.getLong(0);
        int n = 0;
        while (true) {
            java.lang.invoke.VarHandle.acquireFence();
            long prod = producer.getLong(0);
            java.lang.invoke.VarHandle.acquireFence();
            if (cons >= prod) break;
            long at = pageSize + (cons & (size - 1));
            int lenWord = producer.getInt(at);
            java.lang.invoke.VarHandle.acquireFence();
            if ((lenWord & BUSY) != 0) break;   // the producer has not committed this record yet
            int len = lenWord & ~(BUSY | DISCARD);
            if ((lenWord & DISCARD) == 0) {
                byte[] rec = new byte[len];
                producer.get(at + HEADER, rec, 0, len);
                handler.accept(rec);
                n++;
            }
            cons += (len + HEADER + 7) & ~7L;
            java.lang.invoke.VarHandle.releaseFence();
            consumer.putLong(0, cons);
        }
        return n;
    }

    /** Every complete record written so far. */
    public List<byte[]> drain() {
        List<byte[]> out = new ArrayList<>();
        poll(out::add);
        return out;
    }

    @Override
    public void close() {
        if (consumer != null) {
            Native.libc().munmap(consumer, pageSize);
            Native.libc().munmap(producer, pageSize + 2 * size);
            consumer = null;
            producer = null;
        }
    }
}
