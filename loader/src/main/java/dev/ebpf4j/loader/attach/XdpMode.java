package dev.ebpf4j.loader.attach;

/** How an XDP program runs on an interface ({@code XDP_FLAGS_*_MODE}). */
public enum XdpMode {
    /** Let the kernel choose: driver mode where the driver supports it, else generic. */
    DEFAULT(0),
    /** Generic XDP in the network stack ({@code XDP_FLAGS_SKB_MODE}): works on every interface, slower. */
    GENERIC(2),
    /** In the driver ({@code XDP_FLAGS_DRV_MODE}): veth, most physical NICs; EOPNOTSUPP elsewhere. */
    DRIVER(4);

    private final int flags;

    XdpMode(int flags) {
        this.flags = flags;
    }

    public int flags() { return flags; }
}
