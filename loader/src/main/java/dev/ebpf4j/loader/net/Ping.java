package dev.ebpf4j.loader.net;

import dev.ebpf4j.loader.Errno;
import dev.ebpf4j.loader.internal.Native;
import dev.ebpf4j.loader.internal.Sys;
import jnr.ffi.Pointer;

import java.lang.ref.Reference;

/** ICMP echo over a raw socket (needs CAP_NET_RAW), from the calling thread's network namespace. */
public final class Ping {
    private Ping() {}

    private static final int AF_INET = 2, SOCK_RAW = 3, SOCK_CLOEXEC = 02000000, IPPROTO_ICMP = 1;
    private static final int SOL_SOCKET = 1, SO_RCVTIMEO = 20;

    /** Sends one echo request to {@code ipv4} and waits up to {@code timeoutMillis} for its reply. */
    public static boolean echo(String ipv4, int timeoutMillis) {
        byte[] addr = Netlink.ipv4(ipv4);
        int fd = Sys.check(Native.libc().socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_ICMP), "socket(AF_INET, SOCK_RAW)",
                "ICMP echo needs CAP_NET_RAW");
        try {
            int id = (int) (ProcessHandle.current().pid() ^ System.nanoTime()) & 0xffff;
            byte[] req = new byte[24];
            req[0] = 8;                                     // echo request
            req[4] = (byte) (id >> 8);
            req[5] = (byte) id;
            req[7] = 1;                                     // sequence 1
            int sum = checksum(req);
            req[2] = (byte) (sum >> 8);
            req[3] = (byte) sum;
            Pointer sa = Native.allocate(16);
            sa.putShort(0, (short) AF_INET);
            sa.put(4, addr, 0, 4);
            Pointer p = Native.copyOf(req);
            if (Native.libc().sendto(fd, p, req.length, 0, sa, 16) < 0) {
                int e = Native.errno();
                if (e == Errno.EINVAL || e == 101 /* ENETUNREACH */) return false;
                Sys.check(-1, "sendto(ICMP)", ipv4);
            }
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            Pointer buf = Native.allocate(1500);
            Pointer tv = Native.allocate(16);
            while (true) {
                long left = (deadline - System.nanoTime()) / 1000;
                if (left <= 0) return false;
                tv.putLong(0, left / 1_000_000);
                tv.putLong(8, left % 1_000_000);
                Native.libc().setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv, 16);
                long n = Native.libc().recv(fd, buf, 1500, 0);
                if (n < 0) return false;
                int ihl = (buf.getByte(0) & 0x0f) * 4;
                if (n < ihl + 8) continue;
                int type = buf.getByte(ihl) & 0xff;
                int rid = ((buf.getByte(ihl + 4) & 0xff) << 8) | (buf.getByte(ihl + 5) & 0xff);
                if (type == 0 && rid == id) {
                    Reference.reachabilityFence(p);
                    Reference.reachabilityFence(sa);
                    return true;
                }
            }
        } finally {
            Sys.closeQuietly(fd);
        }
    }

    static int checksum(byte[] b) {
        long sum = 0;
        for (int i = 0; i + 1 < b.length; i += 2) sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
        if (b.length % 2 == 1) sum += (b[b.length - 1] & 0xff) << 8;
        while ((sum >> 16) != 0) sum = (sum & 0xffff) + (sum >> 16);
        return (int) (~sum & 0xffff);
    }
}
