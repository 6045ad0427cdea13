package dev.ebpf4j.asm;

import dev.ebpf4j.asm.uapi.MapType;

import java.util.Arrays;
import java.util.Objects;

/**
 * A map a program uses, as declared in assembler text, given on the command line ({@code --map}) or read
 * from a corpus line: what {@code BPF_MAP_CREATE} needs, plus what the verifier may know of its contents.
 *
 * @param name         the name programs refer to it by (may be empty)
 * @param type         the map type
 * @param keySize      key size in bytes
 * @param valueSize    value size in bytes
 * @param maxEntries   maximum number of entries
 * @param flags        {@code map_flags} (e.g. {@code BPF_F_NO_PREALLOC} = 1, {@code BPF_F_RDONLY_PROG} = 0x80)
 * @param frozen       whether the map is frozen after creation (a frozen read-only map is a known constant)
 * @param initialValue the value stored at key 0 before the program loads, or null
 * @param innerMap     for map-in-map types, the inner map's template, else null
 */
public record MapSpec(String name, MapType type, int keySize, int valueSize, int maxEntries, int flags,
                      boolean frozen, byte[] initialValue, MapSpec innerMap) {

    public MapSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (keySize < 0 || valueSize < 0 || maxEntries < 0) {
            throw new IllegalArgumentException("map '" + name + "': sizes and max_entries must not be negative");
        }
        initialValue = initialValue == null ? null : initialValue.clone();
    }

    /** A map with no flags, not frozen, no initial value. */
    public static MapSpec of(String name, MapType type, int keySize, int valueSize, int maxEntries) {
        return new MapSpec(name, type, keySize, valueSize, maxEntries, 0, false, null, null);
    }

    public MapSpec withFlags(int newFlags) {
        return new MapSpec(name, type, keySize, valueSize, maxEntries, newFlags, frozen, initialValue, innerMap);
    }

    @Override
    public byte[] initialValue() {
        return initialValue == null ? null : initialValue.clone();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MapSpec)) return false;
        MapSpec m = (MapSpec) o;
        return name.equals(m.name) && type == m.type && keySize == m.keySize && valueSize == m.valueSize
                && maxEntries == m.maxEntries && flags == m.flags && frozen == m.frozen
                && Arrays.equals(initialValue, m.initialValue) && Objects.equals(innerMap, m.innerMap);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, keySize, valueSize, maxEntries, flags, frozen, Arrays.hashCode(initialValue), innerMap);
    }

    @Override
    public String toString() {
        return "MapSpec[" + name + " " + type + " key=" + keySize + " value=" + valueSize + " entries=" + maxEntries
                + (flags != 0 ? " flags=0x" + Integer.toHexString(flags) : "") + (frozen ? " frozen" : "") + "]";
    }
}
