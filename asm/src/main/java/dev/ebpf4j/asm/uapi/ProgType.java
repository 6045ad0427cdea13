// Generated from enum bpf_prog_type in the BTF of Linux 6.18.44 (/sys/kernel/btf/vmlinux, dumped with bpftool);
// the names and numbers are the kernel's uapi (include/uapi/linux/bpf.h). Regenerate rather than edit by hand.
package dev.ebpf4j.asm.uapi;

import java.util.Locale;
import java.util.Optional;

/** Program types ({@code enum bpf_prog_type}). */
public enum ProgType {
    UNSPEC(0),
    SOCKET_FILTER(1),
    KPROBE(2),
    SCHED_CLS(3),
    SCHED_ACT(4),
    TRACEPOINT(5),
    XDP(6),
    PERF_EVENT(7),
    CGROUP_SKB(8),
    CGROUP_SOCK(9),
    LWT_IN(10),
    LWT_OUT(11),
    LWT_XMIT(12),
    SOCK_OPS(13),
    SK_SKB(14),
    CGROUP_DEVICE(15),
    SK_MSG(16),
    RAW_TRACEPOINT(17),
    CGROUP_SOCK_ADDR(18),
    LWT_SEG6LOCAL(19),
    LIRC_MODE2(20),
    SK_REUSEPORT(21),
    FLOW_DISSECTOR(22),
    CGROUP_SYSCTL(23),
    RAW_TRACEPOINT_WRITABLE(24),
    CGROUP_SOCKOPT(25),
    TRACING(26),
    STRUCT_OPS(27),
    EXT(28),
    LSM(29),
    SK_LOOKUP(30),
    SYSCALL(31),
    NETFILTER(32);

    private final int value;

    ProgType(int value) {
        this.value = value;
    }

    /** The number the kernel uses. */
    public int value() { return value; }

    /** The kernel's enum name, e.g. {@code BPF_PROG_TYPE_SOCKET_FILTER}. */
    public String kernelName() { return "BPF_PROG_TYPE_" + name(); }

    /** The constant with this kernel number. */
    public static Optional<ProgType> byValue(int value) {
        for (ProgType t : values()) if (t.value == value) return Optional.of(t);
        return Optional.empty();
    }

    /**
     * Parses a kernel enum name ({@code BPF_PROG_TYPE_SOCKET_FILTER}) or the short form in any case ({@code socket_filter}).
     */
    public static Optional<ProgType> parse(String text) {
        String s = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        if (s.startsWith("BPF_PROG_TYPE_")) s = s.substring(14);
        for (ProgType t : values()) if (t.name().equals(s)) return Optional.of(t);
        return Optional.empty();
    }
}
