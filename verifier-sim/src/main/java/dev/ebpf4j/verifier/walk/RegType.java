package dev.ebpf4j.verifier.walk;

/** The kernel's base register types ({@code enum bpf_reg_type}) with the names its log prints. */
public enum RegType {
    NOT_INIT("?"),
    SCALAR("scalar"),
    CTX("ctx"),
    MAP_PTR("map_ptr"),
    MAP_VALUE("map_value"),
    MAP_KEY("map_key"),
    STACK("fp"),
    PKT_META("pkt_meta"),
    PKT("pkt"),
    PKT_END("pkt_end"),
    FLOW_KEYS("flow_keys"),
    SOCK("sock"),
    SOCK_COMMON("sock_common"),
    TCP_SOCK("tcp_sock"),
    XDP_SOCK("xdp_sock"),
    MEM("mem"),
    RINGBUF_MEM("ringbuf_mem"),
    BUF("buf"),
    FUNC("func"),
    BTF_ID("ptr_"),
    /** The writable buffer of a raw_tracepoint_writable program (args[0]). */
    TP_BUFFER("tp_buffer");

    private final String logName;

    RegType(String logName) {
        this.logName = logName;
    }

    public String logName() { return logName; }

    public boolean isPointer() { return this != NOT_INIT && this != SCALAR; }

    public boolean isPacket() { return this == PKT || this == PKT_META; }

    public boolean isPacketAny() { return this == PKT || this == PKT_META || this == PKT_END; }

    /** The name with the maybe-null flag, as {@code reg_type_str} prints it. */
    public String logName(boolean maybeNull) {
        if (this == RINGBUF_MEM) return maybeNull ? "ringbuf_mem_or_null" : "ringbuf_mem";
        // the kernel puts the flag between the prefix and the BTF struct name: ptr_or_null_tcp_sock
        if (this == BTF_ID) return maybeNull ? "ptr_or_null_" : "ptr_";
        return maybeNull ? logName + "_or_null" : logName;
    }
}
