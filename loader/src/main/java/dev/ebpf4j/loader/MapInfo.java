package dev.ebpf4j.loader;

import dev.ebpf4j.asm.uapi.MapType;

/**
 * What the kernel says about a map ({@code struct bpf_map_info}).
 *
 * @param type       the map type
 * @param id         the kernel-wide map id (as {@code bpftool map} shows it)
 * @param keySize    key size in bytes
 * @param valueSize  value size in bytes (per CPU, for per-CPU maps)
 * @param maxEntries maximum number of entries
 * @param flags      map_flags
 * @param name       the map's name (at most 15 characters)
 */
public record MapInfo(MapType type, int id, int keySize, int valueSize, int maxEntries, int flags, String name) {

    /** Whether values are stored once per possible CPU. */
    public boolean perCpu() {
        switch (type) {
            case PERCPU_HASH: case PERCPU_ARRAY: case LRU_PERCPU_HASH: case PERCPU_CGROUP_STORAGE:
                return true;
            default:
                return false;
        }
    }
}
