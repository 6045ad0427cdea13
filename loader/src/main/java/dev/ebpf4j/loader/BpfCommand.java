// Numbers from enum bpf_cmd in include/uapi/linux/bpf.h (Linux 6.18).
package dev.ebpf4j.loader;

/** The bpf(2) commands the loader issues ({@code enum bpf_cmd}). */
public enum BpfCommand {
    MAP_CREATE(0),
    MAP_LOOKUP_ELEM(1),
    MAP_UPDATE_ELEM(2),
    MAP_DELETE_ELEM(3),
    MAP_GET_NEXT_KEY(4),
    PROG_LOAD(5),
    OBJ_PIN(6),
    OBJ_GET(7),
    PROG_ATTACH(8),
    PROG_DETACH(9),
    PROG_TEST_RUN(10),
    PROG_GET_NEXT_ID(11),
    MAP_GET_NEXT_ID(12),
    PROG_GET_FD_BY_ID(13),
    MAP_GET_FD_BY_ID(14),
    OBJ_GET_INFO_BY_FD(15),
    PROG_QUERY(16),
    BTF_LOAD(18),
    MAP_LOOKUP_AND_DELETE_ELEM(21),
    MAP_FREEZE(22),
    MAP_LOOKUP_BATCH(24),
    MAP_LOOKUP_AND_DELETE_BATCH(25),
    MAP_UPDATE_BATCH(26),
    MAP_DELETE_BATCH(27),
    LINK_CREATE(28),
    LINK_UPDATE(29),
    LINK_GET_FD_BY_ID(30),
    LINK_DETACH(34);

    private final int value;

    BpfCommand(int value) {
        this.value = value;
    }

    public int value() { return value; }

    /** {@code BPF_PROG_LOAD}. */
    public String kernelName() { return "BPF_" + name(); }
}
