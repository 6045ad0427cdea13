package dev.ebpf4j.loader;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A map seen with Java keys and values through two {@link Codec}s: {@code map.typed(Codec.INT, Codec.LONG)}.
 * It does not own the map: close the {@link BpfMap}.
 */
public final class TypedMap<K, V> {
    private final BpfMap map;
    private final Codec<K> keys;
    private final Codec<V> values;

    TypedMap(BpfMap map, Codec<K> keys, Codec<V> values) {
        this.map = map;
        this.keys = keys;
        this.values = values;
    }

    public BpfMap map() { return map; }

    /** The value at {@code key}, or null. For per-CPU maps use {@link #getPerCpu}. */
    public V get(K key) {
        requireShared();
        byte[] v = map.lookup(keys.encode(key));
        return v == null ? null : values.decode(v);
    }

    public V getOrDefault(K key, V fallback) {
        V v = get(key);
        return v == null ? fallback : v;
    }

    public void put(K key, V value) {
        put(key, value, UpdateFlag.ANY);
    }

    public void put(K key, V value, UpdateFlag flag) {
        requireShared();
        map.update(keys.encode(key), values.encode(value), flag);
    }

    public boolean remove(K key) {
        return map.delete(keys.encode(key));
    }

    public List<K> keys() {
        List<K> out = new ArrayList<>();
        for (byte[] k : map.keys()) out.add(keys.decode(k));
        return out;
    }

    /** Every entry in the map's key order (an array: by index; a hash: the kernel's order). */
    public Map<K, V> entries() {
        requireShared();
        Map<K, V> out = new LinkedHashMap<>();
        for (MapEntry e : map.entries()) out.put(keys.decode(e.key()), values.decode(e.value()));
        return out;
    }

    /** A per-CPU map's values at {@code key}, one per possible CPU, or null if absent. */
    public List<V> getPerCpu(K key) {
        byte[][] v = map.lookupPerCpu(keys.encode(key));
        if (v == null) return null;
        List<V> out = new ArrayList<>(v.length);
        for (byte[] b : v) out.add(values.decode(b));
        return out;
    }

    /** Sets a per-CPU map's value on every CPU to {@code value}. */
    public void putAllCpus(K key, V value) {
        byte[][] v = new byte[Cpus.possible()][];
        for (int c = 0; c < v.length; c++) v[c] = values.encode(value);
        map.updatePerCpu(keys.encode(key), v, UpdateFlag.ANY);
    }

    private void requireShared() {
        if (map.info().perCpu()) {
            throw new IllegalStateException(map + " is a per-CPU map: use getPerCpu/putAllCpus");
        }
    }
}
