package dev.ebpf4j.vm;

/** {@code struct xdp_md}: the packet pointers and the receive queue, all read-only. */
final class XdpContext extends Context {
    XdpContext() {
        super("context (xdp_md)", 24,
                new Field("data", 0, 4, false, DATA),
                new Field("data_end", 4, 4, false, DATA_END),
                new Field("data_meta", 8, 4, false, DATA_META),
                new Field("ingress_ifindex", 12, 4, false, NOT_POINTER),
                new Field("rx_queue_index", 16, 4, false, NOT_POINTER),
                new Field("egress_ifindex", 20, 4, false, NOT_POINTER));
    }

    void fill(Packet p, int ifindex) {
        java.util.Arrays.fill(bytes, (byte) 0);
        this.packet = p;
        setU32(12, ifindex);
    }
}
