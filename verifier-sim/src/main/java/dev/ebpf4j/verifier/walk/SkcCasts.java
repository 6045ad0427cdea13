package dev.ebpf4j.verifier.walk;

/**
 * The {@code bpf_skc_to_*} casts: they take any socket and hand back a nullable BTF pointer to a kernel socket
 * struct ({@code ptr_or_null_tcp_sock}) that shares the argument's reference, so releasing the socket kills it.
 * The struct is kept in {@link Reg#memSize} as its index in {@link dev.ebpf4j.verifier.tables.BtfStructs}, where
 * these five come first (see {@link BtfPtr}). Loads through such a pointer walk the kernel's BTF layout, which the simulator does not have:
 * they are refused as not modelled (only the null check before them is claimed).
 */
public final class SkcCasts {
    private SkcCasts() {}

    /** The struct index for helper {@code id} (bpf_skc_to_tcp6_sock#136 .. bpf_skc_to_udp6_sock#140), else -1. */
    static int structOf(int id) {
        return id >= 136 && id <= 140 ? id - 136 : -1;
    }

    /** Whether struct index {@code i} is one of the casts' socket structs (each begins with a struct sock_common). */
    static boolean isCastStruct(int i) {
        return i >= 0 && i <= 4;
    }

    /** The struct name the log prints after {@code ptr_} for a BTF pointer of index {@code i}. */
    public static String structName(int i) {
        return dev.ebpf4j.verifier.tables.BtfStructs.name(i & 0xffff);
    }
}
