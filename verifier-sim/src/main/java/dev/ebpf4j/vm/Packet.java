package dev.ebpf4j.vm;

import java.util.Arrays;

/**
 * Packet data with room around it, as {@code BPF_PROG_TEST_RUN} lays it out: XDP gets 256 bytes of headroom
 * ({@code XDP_PACKET_HEADROOM}) and a 4096-byte frame; an skb gets none. Offsets are indices into {@link #buf};
 * the packet's region spans {@code [meta, end)} and follows every adjustment.
 */
final class Packet {
    static final int XDP_HEADROOM = 256;
    static final int XDP_FRAME = 4096;
    /** {@code sizeof(struct skb_shared_info)} on x86-64: the tail of the frame the program cannot grow into. */
    static final int SHINFO = 320;
    /** {@code sizeof(struct xdp_frame)}: the head of the headroom the program cannot grow into. */
    static final int XDP_FRAME_HDR = 40;

    final byte[] buf;
    int meta;
    int data;
    int end;
    final int hardEnd;
    Region region;
    Memory memory;
    int regionId;

    Packet(byte[] packet, int headroom, int frame) {
        int size = Math.max(frame, headroom + packet.length);
        this.buf = new byte[size];
        System.arraycopy(packet, 0, buf, headroom, packet.length);
        this.meta = headroom;
        this.data = headroom;
        this.end = headroom + packet.length;
        this.hardEnd = frame == 0 ? end : size - SHINFO;
    }

    int length() { return end - data; }

    long dataAddr() { return memory.base(regionId) + data; }

    long endAddr() { return memory.base(regionId) + end; }

    long metaAddr() { return memory.base(regionId) + meta; }

    /** Keeps the region's bounds equal to the packet's after an adjustment. */
    void sync() {
        region.lo = meta;
        region.hi = end;
    }

    /** The bytes the program leaves behind: {@code [meta, end)} for XDP as the kernel returns them, else data. */
    byte[] output(boolean withMeta) {
        return Arrays.copyOfRange(buf, withMeta ? meta : data, end);
    }
}
