package dev.ebpf4j.loader.net;

import dev.ebpf4j.loader.Errno;
import dev.ebpf4j.loader.SyscallException;
import dev.ebpf4j.loader.internal.Native;
import dev.ebpf4j.loader.internal.Sys;
import jnr.ffi.Pointer;

import java.lang.ref.Reference;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Just enough rtnetlink to set up test networks: create a veth pair, bring a link up, add an IPv4 address.
 * Every call acts on the calling thread's network namespace (use it through {@link NetNs}); the numbers are
 * from linux/netlink.h, linux/rtnetlink.h, linux/if_link.h and linux/veth.h.
 */
public final class Netlink {
    private Netlink() {}

    private static final int AF_NETLINK = 16;
    private static final int AF_INET = 2;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int NETLINK_ROUTE = 0;
    private static final int RTM_NEWLINK = 16;
    private static final int RTM_GETLINK = 18;
    private static final int RTM_NEWADDR = 20;
    private static final int IFLA_OPERSTATE = 16;
    private static final int NLMSG_ERROR = 2;
    private static final int NLM_F_REQUEST = 1, NLM_F_ACK = 4, NLM_F_EXCL = 0x200, NLM_F_CREATE = 0x400;
    private static final int IFLA_IFNAME = 3, IFLA_LINKINFO = 18, IFLA_NET_NS_FD = 28;
    private static final int IFLA_INFO_KIND = 1, IFLA_INFO_DATA = 2, VETH_INFO_PEER = 1;
    private static final int IFA_ADDRESS = 1, IFA_LOCAL = 2;
    private static final int IFF_UP = 1;
    private static final int O_RDONLY_CLOEXEC = 02000000;

    /** Creates a veth pair {@code name} - {@code peer} here. */
    public static void addVeth(String name, String peer) {
        addVeth(name, peer, null);
    }

    /**
     * Creates a veth pair whose end {@code peer} is placed in the network namespace at {@code peerNs}
     * (a {@code /proc/.../ns/net} path), or here when null.
     */
    public static void addVeth(String name, String peer, String peerNs) {
        int nsFd = -1;
        if (peerNs != null) {
            nsFd = Sys.check(Native.libc().open(peerNs, O_RDONLY_CLOEXEC, 0), "open", peerNs);
        }
        try {
            Msg m = new Msg(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
            m.ifinfo(0, 0, 0);
            m.attrString(IFLA_IFNAME, name);
            int linkinfo = m.begin(IFLA_LINKINFO);
            m.attrString(IFLA_INFO_KIND, "veth");
            int data = m.begin(IFLA_INFO_DATA);
            int peerAttr = m.begin(VETH_INFO_PEER);
            m.ifinfo(0, 0, 0);
            m.attrString(IFLA_IFNAME, peer);
            if (nsFd >= 0) m.attrInt(IFLA_NET_NS_FD, nsFd);
            m.end(peerAttr);
            m.end(data);
            m.end(linkinfo);
            m.send("RTM_NEWLINK veth " + name + " peer " + peer);
        } finally {
            Sys.closeQuietly(nsFd);
        }
    }

    /** Sets {@code IFF_UP} on {@code name}. */
    public static void linkUp(String name) {
        Msg m = new Msg(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK);
        m.ifinfo(Interfaces.index(name), IFF_UP, IFF_UP);
        m.send("RTM_NEWLINK " + name + " up");
    }

    /** RFC 2863 operational states, as {@code IFLA_OPERSTATE} gives them. */
    public enum OperState { UNKNOWN, NOTPRESENT, DOWN, LOWERLAYERDOWN, TESTING, DORMANT, UP }

    /**
     * The operational state of {@code name}. A link that was just set up becomes UP only when the kernel's link
     * watcher has seen its carrier (for veth: both ends up), which can take a second; until then frames sent
     * through it are dropped. {@code lo} stays UNKNOWN (it has no carrier).
     */
    public static OperState operState(String name) {
        Msg m = new Msg(RTM_GETLINK, NLM_F_REQUEST);
        m.ifinfo(Interfaces.index(name), 0, 0);
        byte[] reply = m.send("RTM_GETLINK " + name);
        ByteBuffer b = ByteBuffer.wrap(reply).order(ByteOrder.nativeOrder());
        int end = Math.min(reply.length, b.getInt(0));
        for (int at = 32; at + 4 <= end; ) {
            int len = b.getShort(at) & 0xffff;
            int type = b.getShort(at + 2) & 0x3fff;
            if (len < 4) break;
            if (type == IFLA_OPERSTATE && len >= 5) {
                int v = reply[at + 4] & 0xff;
                return v < OperState.values().length ? OperState.values()[v] : OperState.UNKNOWN;
            }
            at += (len + 3) & ~3;
        }
        return OperState.UNKNOWN;
    }

    /** Adds an IPv4 address in CIDR form, e.g. {@code 10.0.0.1/24}, to {@code name}. */
    public static void addAddress(String name, String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) throw new IllegalArgumentException("expected an IPv4 address with a prefix length, like 10.0.0.1/24: '" + cidr + "'");
        byte[] addr = ipv4(cidr.substring(0, slash));
        int prefix = Integer.parseInt(cidr.substring(slash + 1));
        if (prefix < 0 || prefix > 32) throw new IllegalArgumentException("bad prefix length in '" + cidr + "'");
        Msg m = new Msg(RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
        m.buf.put((byte) AF_INET).put((byte) prefix).put((byte) 0).put((byte) 0).putInt(Interfaces.index(name));
        m.attrBytes(IFA_LOCAL, addr);
        m.attrBytes(IFA_ADDRESS, addr);
        m.send("RTM_NEWADDR " + cidr + " on " + name);
    }

    static byte[] ipv4(String text) {
        try {
            InetAddress a = InetAddress.getByName(text);
            if (!(a instanceof Inet4Address)) throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
            return a.getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IPv4 address: '" + text + "'");
        }
    }

    /** One request: nlmsghdr, then the body and attributes, lengths patched as nests close. */
    private static final class Msg {
        final ByteBuffer buf = ByteBuffer.allocate(1024).order(ByteOrder.nativeOrder());

        Msg(int type, int flags) {
            buf.putInt(0).putShort((short) type).putShort((short) flags).putInt(1).putInt(0);
        }

        void ifinfo(int index, int flags, int change) {
            buf.put((byte) 0).put((byte) 0).putShort((short) 0).putInt(index).putInt(flags).putInt(change);
        }

        int begin(int type) {
            int at = buf.position();
            buf.putShort((short) 0).putShort((short) type);
            return at;
        }

        void end(int at) {
            buf.putShort(at, (short) (buf.position() - at));
        }

        void attrBytes(int type, byte[] data) {
            int at = begin(type);
            buf.put(data);
            end(at);
            while (buf.position() % 4 != 0) buf.put((byte) 0);
        }

        void attrString(int type, String s) {
            byte[] b = s.getBytes(StandardCharsets.US_ASCII);
            byte[] z = new byte[b.length + 1];
            System.arraycopy(b, 0, z, 0, b.length);
            attrBytes(type, z);
        }

        void attrInt(int type, int v) {
            attrBytes(type, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array());
        }

        /** Sends the request; returns the kernel's reply (for requests without NLM_F_ACK, the answer itself). */
        byte[] send(String what) {
            buf.putInt(0, buf.position());
            byte[] msg = new byte[buf.position()];
            buf.get(0, msg);
            int fd = Sys.check(Native.libc().socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE), "socket(AF_NETLINK)", what);
            try {
                Pointer p = Native.copyOf(msg);
                Pointer sa = Native.allocate(12);
                sa.putShort(0, (short) AF_NETLINK);
                if (Native.libc().sendto(fd, p, msg.length, 0, sa, 12) < 0) {
                    Sys.check(-1, "sendto(netlink)", what);
                }
                Pointer reply = Native.allocate(8192);
                long n = Native.libc().recv(fd, reply, 8192, 0);
                if (n < 0) Sys.check(-1, "recv(netlink)", what);
                Reference.reachabilityFence(p);
                Reference.reachabilityFence(sa);
                if (n >= 20 && reply.getShort(4) == NLMSG_ERROR) {
                    int err = reply.getInt(16);
                    if (err < 0) throw new SyscallException("netlink", Errno.of(-err), what);
                }
                byte[] out = new byte[(int) n];
                reply.get(0, out, 0, out.length);
                return out;
            } finally {
                Sys.closeQuietly(fd);
            }
        }
    }
}
