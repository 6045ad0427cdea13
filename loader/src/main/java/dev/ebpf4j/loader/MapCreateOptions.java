package dev.ebpf4j.loader;

/**
 * Rarely needed {@code BPF_MAP_CREATE} fields: BTF type ids for maps whose values hold special fields
 * (bpf_spin_lock, bpf_timer, kptrs), and {@code map_extra} (a bloom filter's number of hash functions).
 *
 * @param btfFd          fd of the loaded BTF, or -1
 * @param btfKeyTypeId   the key's type id in that BTF (0 for none)
 * @param btfValueTypeId the value's type id in that BTF
 * @param mapExtra       {@code map_extra}
 */
public record MapCreateOptions(int btfFd, int btfKeyTypeId, int btfValueTypeId, long mapExtra) {
    public static final MapCreateOptions NONE = new MapCreateOptions(-1, 0, 0, 0);

    public static MapCreateOptions btf(int btfFd, int keyTypeId, int valueTypeId) {
        return new MapCreateOptions(btfFd, keyTypeId, valueTypeId, 0);
    }

    public MapCreateOptions withMapExtra(long extra) {
        return new MapCreateOptions(btfFd, btfKeyTypeId, btfValueTypeId, extra);
    }
}
