package dev.ebpf4j.loader.attach;

import dev.ebpf4j.loader.BpfProgram;
import dev.ebpf4j.loader.FdHandle;
import dev.ebpf4j.loader.internal.Native;
import dev.ebpf4j.loader.internal.Sys;
import dev.ebpf4j.loader.net.Interfaces;
import jnr.ffi.Pointer;

import java.lang.ref.Reference;

/**
 * A raw packet socket ({@code AF_PACKET, SOCK_RAW, ETH_P_ALL}) bound to one interface: it sees every frame
 * that interface sends and receives, Ethernet header first. Attach a socket filter to count or select frames
 * ({@code skb[n]} offsets count from the Ethernet header here). Opened in the calling thread's network namespace.
 */
public final class PacketSocket extends FdHandle {
    private static final int AF_PACKET = 17;
    private static final int SOCK_RAW = 3;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int ETH_P_ALL_BE = 0x0300;   // htons(ETH_P_ALL = 0x0003)
    private static final int SO_RCVTIMEO = 20;

    private final String ifname;
    private final int ifindex;
    private SocketFilter filter;

    private PacketSocket(int fd, String ifname, int ifindex) {
        super(fd);
        this.ifname = ifname;
        this.ifindex = ifindex;
    }

    /**
     * Opens a packet socket bound to {@code ifname}.
     *
     * @throws dev.ebpf4j.loader.SyscallException ENODEV for an unknown interface, EPERM without CAP_NET_RAW
     */
    public static PacketSocket open(String ifname) {
        int ifindex = Interfaces.index(ifname);
        int fd = Sys.check(Native.libc().socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, ETH_P_ALL_BE),
                "socket(AF_PACKET)", "packet socket for " + ifname);
        try {
            Pointer sll = Native.allocate(20);   // struct sockaddr_ll
            sll.putShort(0, (short) AF_PACKET);
            sll.putShort(2, (short) ETH_P_ALL_BE);
            sll.putInt(4, ifindex);
            Sys.check(Native.libc().bind(fd, sll, 20), "bind(AF_PACKET)", "interface " + ifname);
            Reference.reachabilityFence(sll);
            return new PacketSocket(fd, ifname, ifindex);
        } catch (RuntimeException e) {
            Sys.closeQuietly(fd);
            throw e;
        }
    }

    public String interfaceName() { return ifname; }

    public int interfaceIndex() { return ifindex; }

    /** Attaches a SOCKET_FILTER program (replacing any filter); closing the returned handle detaches it. */
    public synchronized SocketFilter attach(BpfProgram program) {
        filter = SocketFilter.attach(fd(), program);
        return filter;
    }

    /** Detaches the filter, if any. */
    public synchronized void detach() {
        if (filter != null) filter.detach();
        filter = null;
    }

    /** Sends one raw frame (Ethernet header included) out of the interface. */
    public void send(byte[] frame) {
        Pointer p = Native.copyOf(frame);
        long r = Native.libc().sendto(fd(), p, frame.length, 0, null, 0);
        if (r < 0) Sys.check(-1, "send(AF_PACKET)", "interface " + ifname);
        Reference.reachabilityFence(p);
    }

    /**
     * Receives one frame into {@code buf}, waiting at most {@code timeoutMillis}.
     *
     * @return the frame's length, or -1 when nothing came in time
     */
    public int receive(byte[] buf, int timeoutMillis) {
        Pointer tv = Native.allocate(16);
        tv.putLong(0, timeoutMillis / 1000);
        tv.putLong(8, (timeoutMillis % 1000) * 1000L);
        Sys.check(Native.libc().setsockopt(fd(), SocketFilter.SOL_SOCKET, SO_RCVTIMEO, tv, 16),
                "setsockopt(SO_RCVTIMEO)", ifname);
        Pointer p = Native.allocate(buf.length);
        long n = Native.libc().recv(fd(), p, buf.length, 0);
        if (n < 0) {
            int e = Native.errno();
            if (e == dev.ebpf4j.loader.Errno.EAGAIN || e == dev.ebpf4j.loader.Errno.EINTR) return -1;
            throw new dev.ebpf4j.loader.SyscallException("recv(AF_PACKET)", dev.ebpf4j.loader.Errno.of(e), ifname);
        }
        p.get(0, buf, 0, (int) Math.min(n, buf.length));
        Reference.reachabilityFence(tv);
        return (int) n;
    }

    /** Closes the socket (which drops its filter). */
    @Override
    public void close() {
        super.close();
    }

    @Override
    protected String describe() {
        return "packet socket on " + ifname;
    }
}
