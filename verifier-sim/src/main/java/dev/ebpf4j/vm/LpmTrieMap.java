package dev.ebpf4j.vm;

import dev.ebpf4j.asm.MapSpec;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code BPF_MAP_TYPE_LPM_TRIE}: keys are {@code struct bpf_lpm_trie_key} (u32 prefix length, then the data
 * bytes in network order); a lookup finds the longest stored prefix that matches the key's first
 * {@code prefixlen} bits. Stored as exact (masked) prefixes and probed from the longest length down: simple,
 * and fast enough for maps of the sizes programs declare.
 */
final class LpmTrieMap extends BpfMap {
    private final LinkedHashMap<Key, byte[]> table = new LinkedHashMap<>();
    private final Map<Key, Integer> regions = new java.util.HashMap<>();
    private final int maxPrefix;

    LpmTrieMap(MapSpec spec, Vm vm, int fd) {
        super(spec, vm, fd);
        this.maxPrefix = Math.max(0, (spec.keySize() - 4) * 8);
    }

    private static int prefixLen(byte[] key) {
        return (int) Memory.get(key, 0, 4);
    }

    /** The key with bits past {@code plen} cleared and its prefix length set to {@code plen}. */
    private byte[] masked(byte[] key, int plen) {
        byte[] k = Arrays.copyOf(key, spec.keySize());
        Memory.put(k, 0, 4, plen);
        for (int bit = plen; bit < maxPrefix; bit++) {
            k[4 + bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return k;
    }

    @Override
    public byte[] lookup(byte[] key) {
        Key k = find(key);
        return k == null ? null : table.get(k).clone();
    }

    private Key find(byte[] key) {
        if (key.length < 4) return null;
        int plen = Math.min(prefixLen(key) < 0 ? maxPrefix : prefixLen(key), maxPrefix);
        for (int p = plen; p >= 0; p--) {
            Key k = new Key(masked(key, p));
            if (table.containsKey(k)) return k;
        }
        return null;
    }

    @Override
    public int update(byte[] key, byte[] value, long flags) {
        if (Long.compareUnsigned(flags, EXIST) > 0) return -Errno.EINVAL;
        int plen = prefixLen(key);
        if (plen < 0 || plen > maxPrefix) return -Errno.EINVAL;
        Key k = new Key(masked(key, plen));
        byte[] old = table.get(k);
        if (old != null && flags == NOEXIST) return -Errno.EEXIST;
        if (old == null && flags == EXIST) return -Errno.ENOENT;
        if (old != null) {
            System.arraycopy(value, 0, old, 0, spec.valueSize());
            return 0;
        }
        if (table.size() >= spec.maxEntries()) return -Errno.ENOSPC;
        table.put(k, Arrays.copyOf(value, spec.valueSize()));
        return 0;
    }

    @Override
    public int delete(byte[] key) {
        int plen = prefixLen(key);
        if (plen < 0 || plen > maxPrefix) return -Errno.EINVAL;
        Key k = new Key(masked(key, plen));
        if (table.remove(k) == null) return -Errno.ENOENT;
        regions.remove(k);
        return 0;
    }

    @Override
    long progLookup(byte[] key) {
        Key k = find(key);
        if (k == null) return 0;
        int id = regions.computeIfAbsent(k, kk -> valueRegion(table.get(kk), 0));
        return vm.memory.base(id);
    }

    @Override
    public List<Map.Entry<byte[], byte[]>> entries() {
        List<Map.Entry<byte[], byte[]>> out = list();
        for (Map.Entry<Key, byte[]> e : table.entrySet()) out.add(entry(e.getKey().b, e.getValue()));
        return out;
    }
}
