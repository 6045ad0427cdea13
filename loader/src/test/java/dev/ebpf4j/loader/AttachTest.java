package dev.ebpf4j.loader;

import dev.ebpf4j.asm.uapi.AttachType;
import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.loader.attach.PacketSocket;
import dev.ebpf4j.loader.attach.SocketFilter;
import dev.ebpf4j.loader.attach.XdpLink;
import dev.ebpf4j.loader.attach.XdpMode;
import dev.ebpf4j.loader.internal.Native;
import dev.ebpf4j.loader.internal.Sys;
import dev.ebpf4j.loader.net.Interfaces;
import dev.ebpf4j.loader.net.NetNs;
import dev.ebpf4j.loader.net.Ping;
import jnr.ffi.Pointer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Attaching to sockets and interfaces, always inside private network namespaces. */
@Tag("kernel")
class AttachTest {
    static final LoadOptions SOCKET = LoadOptions.of(ProgType.SOCKET_FILTER);
    static final LoadOptions XDP = LoadOptions.of(ProgType.XDP).withExpectedAttachType(AttachType.XDP);

    @BeforeEach
    void bpf() {
        Kernel.assumeBpf();
    }

    static void sendUdp(String host, int port, int count) throws Exception {
        try (DatagramSocket s = new DatagramSocket()) {
            for (int i = 0; i < count; i++) {
                s.send(new DatagramPacket(new byte[] {1, 2, 3}, 3, InetAddress.getByName(host), port));
            }
        }
    }

    @Test
    void packetCounterOnLoopbackOfAPrivateNamespace() {
        try (BpfObject obj = BpfObject.load(Programs.packetCounter(), SOCKET.withName("counter"))) {
            TypedMap<Integer, Long> counts = obj.map("counts").typed(Codec.INT, Codec.LONG);
            long[] seen = NetNs.run(() -> {
                try (PacketSocket ps = PacketSocket.open("lo")) {
                    ps.attach(obj.program());
                    sendUdp("127.0.0.1", 9, 5);
                    byte[] buf = new byte[2048];
                    int frames = 0;
                    while (ps.receive(buf, 200) >= 0) frames++;
                    // delivery on lo may be deferred to ksoftirqd on a busy machine: wait for it
                    long udp = waitFor(() -> counts.get(17), 10);
                    ps.detach();
                    sendUdp("127.0.0.1", 9, 5);
                    return new long[] {frames, udp, counts.get(17)};
                }
            });
            // each datagram crosses lo once out and once in; the filter saw all of them
            assertTrue(seen[1] >= 10, "UDP count " + seen[1]);
            assertEquals(seen[1], seen[2], "nothing counted after detach");
            assertEquals(0L, counts.get(6), "no TCP was sent");
        }
    }

    /** Polls {@code value} for up to 10 s until it reaches {@code atLeast}; returns the last value. */
    static long waitFor(java.util.function.LongSupplier value, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        long v = value.getAsLong();
        while (v < atLeast && System.nanoTime() < deadline) {
            Thread.sleep(10);
            v = value.getAsLong();
        }
        return v;
    }

    @Test
    void socketFilterOnAnyOwnedSocket() {
        Program0 drop = new Program0(0);
        try (BpfProgram p = BpfProgram.load(drop.program, SOCKET)) {
            int[] got = NetNs.run(() -> {
                int fd = Sys.check(Native.libc().socket(2, 2, 0), "socket", "udp");  // AF_INET, SOCK_DGRAM
                try {
                    Pointer sa = Native.allocate(16);
                    sa.putShort(0, (short) 2);
                    sa.putShort(2, (short) Short.reverseBytes((short) 5555));
                    sa.put(4, new byte[] {127, 0, 0, 1}, 0, 4);
                    Sys.check(Native.libc().bind(fd, sa, 16), "bind", "udp");
                    int before;
                    try (SocketFilter f = SocketFilter.attach(fd, p)) {
                        sendUdp("127.0.0.1", 5555, 3);
                        before = recvCount(fd, 0);
                    }
                    sendUdp("127.0.0.1", 5555, 3);
                    return new int[] {before, recvCount(fd, 3)};
                } finally {
                    Sys.closeQuietly(fd);
                }
            });
            assertEquals(0, got[0], "a filter returning 0 drops every datagram");
            assertEquals(3, got[1], "after detaching, datagrams arrive");
        }
    }

    private record Program0(dev.ebpf4j.asm.Program program) {
        Program0(int value) {
            this(Programs.returning(value));
        }
    }

    /** Datagrams received: waits up to 10 s for {@code expected} of them, then 200 ms for any more. */
    static int recvCount(int fd, int expected) {
        Pointer tv = Native.allocate(16);
        Pointer buf = Native.allocate(64);
        int n = 0;
        while (true) {
            tv.putLong(0, n < expected ? 10 : 0);
            tv.putLong(8, n < expected ? 0 : 200_000);
            Native.libc().setsockopt(fd, 1, 20, tv, 16);
            if (Native.libc().recv(fd, buf, 64, 0) < 0) return n;
            n++;
        }
    }

    @Test
    void xdpOnAVethPairInDriverAndGenericMode() {
        try (NetNs ns = NetNs.create(); BpfObject obj = BpfObject.load(Programs.xdpEthertypeCounter(0x88b5), XDP)) {
            ns.addVeth("veth0", "veth1");
            ns.linkUp("veth0");
            ns.linkUp("veth1");
            ns.awaitUp("veth0", "veth1");   // until then the qdisc drops what we send
            assertEquals(dev.ebpf4j.loader.net.Netlink.OperState.UP, ns.call(() -> dev.ebpf4j.loader.net.Netlink.operState("veth1")));
            TypedMap<Integer, Long> counts = obj.map("eth_counts").typed(Codec.INT, Codec.LONG);
            for (XdpMode mode : new XdpMode[] {XdpMode.DRIVER, XdpMode.GENERIC}) {
                long before = counts.get(0);
                ns.call(() -> {
                    try (XdpLink link = XdpLink.attach(obj.program(), "veth1", mode);
                         PacketSocket out = PacketSocket.open("veth0")) {
                        assertEquals(Interfaces.index("veth1"), link.interfaceIndex());
                        for (int i = 0; i < 4; i++) out.send(Programs.ethFrame(0x88b5, 60));
                        waitFor(() -> counts.get(0), before + 4);   // veth delivers through NAPI, not at once
                        BpfException busy = assertThrows(BpfException.class, () -> XdpLink.attach(obj.program(), "veth1", mode));
                        assertEquals("EBUSY", busy.errnoName());
                        assertTrue(busy.getMessage().contains("an XDP program is already attached there"), busy.getMessage());
                    }
                    // closing the link detached the program: attaching again works
                    XdpLink.attach(obj.program(), "veth1", mode).close();
                    return null;
                });
                assertEquals(before + 4, counts.get(0), mode + ": every frame sent on veth0 passed XDP on veth1");
            }
        }
    }

    @Test
    void xdpDropStopsPingAcrossTwoNamespaces() throws InterruptedException {
        try (NetNs a = NetNs.create(); NetNs b = NetNs.create();
             BpfObject drop = BpfObject.load(Programs.xdpCounter(1), XDP)) {   // XDP_DROP
            a.addVeth("va", b, "vb");
            a.addAddress("va", "10.77.0.1/24");
            b.addAddress("vb", "10.77.0.2/24");
            a.linkUp("va");
            b.linkUp("vb");
            a.awaitUp("va");
            b.awaitUp("vb");
            assertTrue(a.call(() -> Ping.echo("10.77.0.2", 5000)), "ping works before attaching");
            XdpLink link = b.call(() -> XdpLink.attach(drop.program(), "vb", XdpMode.DRIVER));
            try {
                assertFalse(a.call(() -> Ping.echo("10.77.0.2", 300)), "XDP_DROP on vb stops the ping");
                TypedMap<Integer, Long> dropped = drop.map("xdp_counts").typed(Codec.INT, Codec.LONG);
                assertTrue(waitFor(() -> dropped.get(0), 1) >= 1, "the request was seen and dropped");
            } finally {
                link.close();
            }
            assertTrue(a.call(() -> Ping.echo("10.77.0.2", 5000)), "ping works again after detaching");
        }
    }

    @Test
    void pinnedLinkOutlivesItsHandle(@TempDir Path tmp) {
        Path fs = tmp.resolve("bpffs");
        BpfFs.mount(fs);
        try (NetNs ns = NetNs.create(); BpfProgram p = BpfProgram.load(Programs.returning(2), XDP)) {
            ns.call(() -> {
                try (XdpLink link = XdpLink.attach(p, "lo", XdpMode.GENERIC)) {
                    link.pin(fs.resolve("link"));
                }
                assertEquals("EBUSY", assertThrows(BpfException.class, () -> XdpLink.attach(p, "lo", XdpMode.GENERIC)).errnoName(),
                        "the pin keeps the program attached");
                try (XdpLink again = XdpLink.openPinned(fs.resolve("link"))) {
                    assertEquals(Interfaces.index("lo"), again.interfaceIndex());
                    assertEquals(p.info().id(), again.info().progId());
                    again.detach();
                    assertEquals(0, again.info().ifindex(), "detached, though still pinned");
                }
                XdpLink.attach(p, "lo", XdpMode.GENERIC).close();
                assertTrue(BpfFs.unpin(fs.resolve("link")));
                // the kernel releases a link whose last pin goes away from a work queue, not at once
                for (int i = 0; ; i++) {
                    try {
                        XdpLink.attach(p, "lo", XdpMode.GENERIC).close();
                        break;
                    } catch (BpfException e) {
                        if (!e.errnoName().equals("EBUSY") || i == 1000) throw e;
                        Thread.sleep(10);
                    }
                }
                return null;
            });
        } finally {
            BpfFs.unmount(fs);
        }
    }

    @Test
    void anInterfaceThatDoesNotExistIsAClearErrorAndLeavesNothingBehind() {
        try (BpfProgram p = BpfProgram.load(Programs.returning(2), XDP)) {
            int fds = Kernel.openFds();
            SyscallException e = assertThrows(SyscallException.class, () -> PacketSocket.open("nosuch0"));
            assertEquals("if_nametoindex failed: ENODEV (No such device): no interface named 'nosuch0' in this network namespace", e.getMessage());
            assertThrows(SyscallException.class, () -> XdpLink.attach(p, "nosuch0", XdpMode.GENERIC));
            BpfException byIndex = assertThrows(BpfException.class, () -> XdpLink.attach(p, 99999, XdpMode.GENERIC));
            assertEquals("EINVAL", byIndex.errnoName(), "the kernel's answer to an unknown ifindex");
            assertTrue(byIndex.getMessage().endsWith("no interface with index 99999 here"), byIndex.getMessage());
            assertEquals(fds, Kernel.openFds());
        }
    }
}
