package dev.ebpf4j.loader;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * How a Java value is laid out as a map key or value: in the machine's byte order, as a program sees it.
 *
 * @param <T> the Java type
 */
public interface Codec<T> {
    /** The size in bytes. */
    int size();

    byte[] encode(T value);

    T decode(byte[] bytes);

    /** u32/s32 in native byte order. */
    Codec<Integer> INT = new Codec<>() {
        public int size() { return 4; }
        public byte[] encode(Integer v) { return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array(); }
        public Integer decode(byte[] b) { return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).getInt(); }
    };

    /** u64/s64 in native byte order. */
    Codec<Long> LONG = new Codec<>() {
        public int size() { return 8; }
        public byte[] encode(Long v) { return ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(v).array(); }
        public Long decode(byte[] b) { return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder()).getLong(); }
    };

    /** Raw bytes of a fixed size. */
    static Codec<byte[]> bytes(int size) {
        return new Codec<>() {
            public int size() { return size; }
            public byte[] encode(byte[] v) {
                if (v.length != size) throw new IllegalArgumentException("expected " + size + " bytes, got " + v.length);
                return v.clone();
            }
            public byte[] decode(byte[] b) { return Arrays.copyOf(b, size); }
        };
    }
}
