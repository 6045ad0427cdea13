package dev.ebpf4j.verifier.walk;

/**
 * The {@code bpf_skc_to_*} casts: they take any socket and hand back a nullable BTF pointer to a kernel socket
 * struct ({@code ptr_or_null_tcp_sock}) that shares the argument's reference, so releasing the socket kills it.
 * The struct is kept in {@link Reg#memSize} as an index into {@link #STRUCTS} (so pruning and loop detection tell
 * the structs apart). Loads through such a pointer walk the kernel's BTF layout, which the simulator does not have:
 * they are refused as not modelled (only the null check before them is claimed).
 */
public final class SkcCasts {
    private SkcCasts() {}

    private static final String[] STRUCTS = {"tcp6_sock", "tcp_sock", "tcp_timewait_sock", "tcp_request_sock", "udp6_sock"};

    /** The struct index for helper {@code id} (bpf_skc_to_tcp6_sock#136 .. bpf_skc_to_udp6_sock#140), else -1. */
    static int structOf(int id) {
        return id >= 136 && id <= 140 ? id - 136 : -1;
    }

    /** The struct name the log prints after {@code ptr_} for a BTF pointer of index {@code i}. */
    public static String structName(int i) {
        return i >= 0 && i < STRUCTS.length ? STRUCTS[i] : "";
    }
}
