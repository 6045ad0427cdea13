package dev.ebpf4j.vm;

/**
 * {@code struct __sk_buff} (uapi bpf.h, Linux 6.18 layout), filled as {@code BPF_PROG_TEST_RUN} fills the skb it
 * builds from the packet: length, protocol from the Ethernet header ({@code eth_type_trans}), packet type from
 * the destination MAC, the loopback device's ifindex.
 */
final class SkBuffContext extends Context {
    static final int LEN = 0, PKT_TYPE = 4, MARK = 8, QUEUE_MAPPING = 12, PROTOCOL = 16, VLAN_PRESENT = 20,
            VLAN_TCI = 24, VLAN_PROTO = 28, PRIORITY = 32, INGRESS_IFINDEX = 36, IFINDEX = 40, TC_INDEX = 44,
            CB = 48, HASH = 68, TC_CLASSID = 72, DATA = 76, DATA_END = 80, NAPI_ID = 84, FAMILY = 88,
            REMOTE_IP4 = 92, LOCAL_IP4 = 96, REMOTE_IP6 = 100, LOCAL_IP6 = 116, REMOTE_PORT = 132, LOCAL_PORT = 136,
            DATA_META = 140, FLOW_KEYS = 144, TSTAMP = 152, WIRE_LEN = 160, GSO_SEGS = 164, SK = 168, GSO_SIZE = 176,
            TSTAMP_TYPE = 180, HWTSTAMP = 184, SIZE = 192;

    SkBuffContext() {
        super("context (__sk_buff)", SIZE,
                new Field("len", LEN, 4, false, NOT_POINTER),
                new Field("pkt_type", PKT_TYPE, 4, false, NOT_POINTER),
                new Field("mark", MARK, 4, true, NOT_POINTER),
                new Field("queue_mapping", QUEUE_MAPPING, 4, true, NOT_POINTER),
                new Field("protocol", PROTOCOL, 4, false, NOT_POINTER),
                new Field("vlan_present", VLAN_PRESENT, 4, false, NOT_POINTER),
                new Field("vlan_tci", VLAN_TCI, 4, false, NOT_POINTER),
                new Field("vlan_proto", VLAN_PROTO, 4, false, NOT_POINTER),
                new Field("priority", PRIORITY, 4, true, NOT_POINTER),
                new Field("ingress_ifindex", INGRESS_IFINDEX, 4, false, NOT_POINTER),
                new Field("ifindex", IFINDEX, 4, false, NOT_POINTER),
                new Field("tc_index", TC_INDEX, 4, true, NOT_POINTER),
                // cb[0..4] as one field: the kernel also allows naturally aligned u64 accesses across it
                new Field("cb", CB, 20, true, NOT_POINTER),
                new Field("hash", HASH, 4, false, NOT_POINTER),
                new Field("tc_classid", TC_CLASSID, 4, true, NOT_POINTER),
                new Field("data", DATA, 4, false, Context.DATA),
                new Field("data_end", DATA_END, 4, false, Context.DATA_END),
                new Field("napi_id", NAPI_ID, 4, false, NOT_POINTER),
                new Field("family", FAMILY, 4, false, NOT_POINTER),
                new Field("remote_ip4", REMOTE_IP4, 4, false, NOT_POINTER),
                new Field("local_ip4", LOCAL_IP4, 4, false, NOT_POINTER),
                new Field("remote_ip6[0]", REMOTE_IP6, 4, false, NOT_POINTER),
                new Field("remote_ip6[1]", REMOTE_IP6 + 4, 4, false, NOT_POINTER),
                new Field("remote_ip6[2]", REMOTE_IP6 + 8, 4, false, NOT_POINTER),
                new Field("remote_ip6[3]", REMOTE_IP6 + 12, 4, false, NOT_POINTER),
                new Field("local_ip6[0]", LOCAL_IP6, 4, false, NOT_POINTER),
                new Field("local_ip6[1]", LOCAL_IP6 + 4, 4, false, NOT_POINTER),
                new Field("local_ip6[2]", LOCAL_IP6 + 8, 4, false, NOT_POINTER),
                new Field("local_ip6[3]", LOCAL_IP6 + 12, 4, false, NOT_POINTER),
                new Field("remote_port", REMOTE_PORT, 4, false, NOT_POINTER),
                new Field("local_port", LOCAL_PORT, 4, false, NOT_POINTER),
                new Field("data_meta", DATA_META, 4, false, Context.DATA_META),
                new Field("flow_keys", FLOW_KEYS, 8, false, NULL_POINTER),
                new Field("tstamp", TSTAMP, 8, true, NOT_POINTER),
                new Field("wire_len", WIRE_LEN, 4, false, NOT_POINTER),
                new Field("gso_segs", GSO_SEGS, 4, false, NOT_POINTER),
                new Field("sk", SK, 8, false, NULL_POINTER),
                new Field("gso_size", GSO_SIZE, 4, false, NOT_POINTER),
                new Field("tstamp_type", TSTAMP_TYPE, 1, false, NOT_POINTER),
                new Field("hwtstamp", HWTSTAMP, 8, false, NOT_POINTER));
    }

    /** Fills the fields from the packet the way the kernel's test run does (Ethernet frame, loopback device). */
    void fill(Packet p, byte[] frame, int ifindex) {
        java.util.Arrays.fill(bytes, (byte) 0);
        this.packet = p;
        setU32(LEN, p.length());
        setU32(WIRE_LEN, 0);
        if (frame.length >= 14) {
            // protocol is stored as the raw big-endian ethertype, as the skb holds it (__be16)
            int ethertype = (frame[12] & 0xff) << 8 | (frame[13] & 0xff);
            if (ethertype < 0x600) {
                // an 802.3 length field: eth_type_trans spots IPX by 0xffff after the header, else says 802.2
                boolean ipx = frame.length >= 16 && frame[14] == (byte) 0xff && frame[15] == (byte) 0xff;
                ethertype = ipx ? 0x0001 : 0x0004;
            }
            setU32(PROTOCOL, ((ethertype & 0xff) << 8) | (ethertype >>> 8));
            setU32(PKT_TYPE, packetType(frame));
        }
        setU32(IFINDEX, ifindex);
        setU32(INGRESS_IFINDEX, 0);
    }

    /** PACKET_HOST, BROADCAST, MULTICAST or OTHERHOST for the destination MAC, the device's address being 0. */
    private static int packetType(byte[] f) {
        boolean multicast = (f[0] & 1) != 0;
        if (multicast) {
            boolean broadcast = true;
            for (int i = 0; i < 6; i++) broadcast &= f[i] == (byte) 0xff;
            return broadcast ? 1 : 2;
        }
        for (int i = 0; i < 6; i++) if (f[i] != 0) return 3;
        return 0;
    }

    int mark() { return u32(MARK); }
}
