// Generated from enum bpf_map_type in the BTF of Linux 6.18.44 (/sys/kernel/btf/vmlinux, dumped with bpftool);
// the names and numbers are the kernel's uapi (include/uapi/linux/bpf.h). Regenerate rather than edit by hand.
package dev.ebpf4j.asm.uapi;

import java.util.Locale;
import java.util.Optional;

/** Map types ({@code enum bpf_map_type}). */
public enum MapType {
    UNSPEC(0),
    HASH(1),
    ARRAY(2),
    PROG_ARRAY(3),
    PERF_EVENT_ARRAY(4),
    PERCPU_HASH(5),
    PERCPU_ARRAY(6),
    STACK_TRACE(7),
    CGROUP_ARRAY(8),
    LRU_HASH(9),
    LRU_PERCPU_HASH(10),
    LPM_TRIE(11),
    ARRAY_OF_MAPS(12),
    HASH_OF_MAPS(13),
    DEVMAP(14),
    SOCKMAP(15),
    CPUMAP(16),
    XSKMAP(17),
    SOCKHASH(18),
    CGROUP_STORAGE(19),
    REUSEPORT_SOCKARRAY(20),
    PERCPU_CGROUP_STORAGE(21),
    QUEUE(22),
    STACK(23),
    SK_STORAGE(24),
    DEVMAP_HASH(25),
    STRUCT_OPS(26),
    RINGBUF(27),
    INODE_STORAGE(28),
    TASK_STORAGE(29),
    BLOOM_FILTER(30),
    USER_RINGBUF(31),
    CGRP_STORAGE(32),
    ARENA(33);

    private final int value;

    MapType(int value) {
        this.value = value;
    }

    /** The number the kernel uses. */
    public int value() { return value; }

    /** The kernel's enum name, e.g. {@code BPF_MAP_TYPE_HASH}. */
    public String kernelName() { return "BPF_MAP_TYPE_" + name(); }

    /** The constant with this kernel number. */
    public static Optional<MapType> byValue(int value) {
        for (MapType t : values()) if (t.value == value) return Optional.of(t);
        return Optional.empty();
    }

    /**
     * Parses a kernel enum name ({@code BPF_MAP_TYPE_HASH}) or the short form in any case ({@code hash}).
     */
    public static Optional<MapType> parse(String text) {
        String s = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        if (s.startsWith("BPF_MAP_TYPE_")) s = s.substring(13);
        for (MapType t : values()) if (t.name().equals(s)) return Optional.of(t);
        return Optional.empty();
    }
}
