package dev.ebpf4j.loader;

import java.util.Arrays;
import java.util.HexFormat;

/** One key and its value, as raw bytes (for per-CPU maps the value holds every CPU's slot, 8-byte aligned). */
public record MapEntry(byte[] key, byte[] value) {
    public MapEntry {
        key = key.clone();
        value = value.clone();
    }

    @Override public byte[] key() { return key.clone(); }

    @Override public byte[] value() { return value.clone(); }

    @Override
    public boolean equals(Object o) {
        return o instanceof MapEntry && Arrays.equals(key, ((MapEntry) o).key) && Arrays.equals(value, ((MapEntry) o).value);
    }

    @Override
    public int hashCode() { return 31 * Arrays.hashCode(key) + Arrays.hashCode(value); }

    @Override
    public String toString() {
        return "key " + HexFormat.ofDelimiter(" ").formatHex(key) + " value " + HexFormat.ofDelimiter(" ").formatHex(value);
    }
}
