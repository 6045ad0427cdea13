package dev.ebpf4j.vm;

/** {@code bpf_xdp_adjust_head}, {@code _meta} and {@code _tail}, with the kernel's limits on the frame. */
final class XdpHelpers {
    private XdpHelpers() {}

    private static final int ETH_HLEN = 14;

    static long call(Interpreter in, int id) {
        Vm vm = in.vm;
        Packet p = vm.run.packet;
        if (p == null || !vm.run.xdp) throw Helpers.bad("helper " + Helpers.name(id) + " needs an XDP context");
        int delta = (int) in.r[2];
        switch (id) {
            case Helpers.XDP_ADJUST_HEAD: {
                int metalen = p.data - p.meta;
                long data = (long) p.data + delta;
                if (data < Packet.XDP_FRAME_HDR + metalen || data > p.end - ETH_HLEN) return -Errno.EINVAL;
                if (metalen > 0) System.arraycopy(p.buf, p.meta, p.buf, p.meta + delta, metalen);
                p.meta += delta;
                p.data = (int) data;
                p.sync();
                return 0;
            }
            case Helpers.XDP_ADJUST_META: {
                long meta = (long) p.meta + delta;
                if (meta < Packet.XDP_FRAME_HDR || meta > p.data) return -Errno.EINVAL;
                long metalen = p.data - meta;
                if (metalen > 32 || (metalen & 3) != 0) return -Errno.EACCES;
                p.meta = (int) meta;
                p.sync();
                return 0;
            }
            default: {
                long end = (long) p.end + delta;
                if (end > p.hardEnd || end < p.data + ETH_HLEN) return -Errno.EINVAL;
                if (delta > 0) java.util.Arrays.fill(p.buf, p.end, (int) end, (byte) 0);
                p.end = (int) end;
                p.sync();
                return 0;
            }
        }
    }
}
