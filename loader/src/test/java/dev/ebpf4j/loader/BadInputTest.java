package dev.ebpf4j.loader;

import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.uapi.AttachType;
import dev.ebpf4j.asm.uapi.MapType;
import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.loader.attach.PacketSocket;
import dev.ebpf4j.loader.attach.XdpLink;
import dev.ebpf4j.loader.attach.XdpMode;
import dev.ebpf4j.loader.internal.Native;
import dev.ebpf4j.loader.net.NetNs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.*;

/** Bad input gets a clear error and leaves no file descriptor behind. */
@Tag("kernel")
class BadInputTest {
    static final LoadOptions SOCKET = LoadOptions.of(ProgType.SOCKET_FILTER);

    @BeforeEach
    void bpf() {
        Kernel.assumeBpf();
    }

    @Test
    void aClosedMapIsRefusedBeforeTheLoad() {
        int fds = Kernel.openFds();
        BpfMap counts = BpfMap.create("counts", MapType.ARRAY, 4, 8, 256);
        counts.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> BpfProgram.load(Programs.packetCounter(), SOCKET, counts));
        assertEquals("map 'counts' is closed", e.getMessage());
        assertEquals(fds, Kernel.openFds());
    }

    @Test
    void aStaleMapFdInTheProgramIsTheVerifiersEbadf() {
        int fds = Kernel.openFds();
        int stale = -1;
        // another thread of the test JVM may reuse the number at once (then the kernel says EINVAL: not a map);
        // take a number that stayed free after the close
        for (int attempt = 0; attempt < 20 && stale < 0; attempt++) {
            BpfMap counts = BpfMap.create("counts", MapType.ARRAY, 4, 8, 256);
            int fd = counts.fd();
            counts.close();
            if (!java.nio.file.Files.exists(java.nio.file.Path.of("/proc/self/fd/" + fd))) stale = fd;
        }
        assertTrue(stale >= 0, "every closed map fd was reused at once");
        Program p = Programs.packetCounter().withMapFds(stale);
        ProgramLoadException e = assertThrows(ProgramLoadException.class, () -> BpfProgram.load(p, SOCKET));
        assertEquals("EBADF", e.errnoName());
        assertEquals("fd " + stale + " is not pointing to valid bpf_map", e.errorLine());
        assertEquals(fds, Kernel.openFds());
    }

    @Test
    void aProgramOverTheSizeLimit() {
        int fds = Kernel.openFds();
        long[] slots = new long[BpfProgram.MAX_INSNS + 1];
        java.util.Arrays.fill(slots, Programs.returning(0).slot(0));
        slots[slots.length - 1] = Programs.returning(0).slot(1);
        ProgramLoadException e = assertThrows(ProgramLoadException.class, () -> BpfProgram.load(Program.of(slots), SOCKET));
        assertEquals("E2BIG", e.errnoName());
        assertEquals("BPF_PROG_LOAD failed: E2BIG (Argument list too long): BPF_PROG_TYPE_SOCKET_FILTER has 1000001 "
                + "instructions, over the kernel's limit of 1000000", e.getMessage());
        assertEquals(fds, Kernel.openFds());
    }

    @Test
    void anEmptyProgram() {
        ProgramLoadException e = assertThrows(ProgramLoadException.class, () -> BpfProgram.load(Program.of(), SOCKET));
        assertEquals("E2BIG", e.errnoName(), "the kernel's answer to insn_cnt 0");
        assertTrue(e.getMessage().endsWith("has no instructions"), e.getMessage());
    }

    /**
     * A non-root user: a dedicated thread drops to uid/gid 65534 with the raw setresuid/setresgid syscalls
     * (credentials are per thread in the kernel; glibc's wrappers would change the whole process), then tries.
     */
    @Test
    void aNonRootUserIsToldWhatItNeeds() throws Exception {
        int fds = Kernel.openFds();
        CompletableFuture<Throwable[]> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                long g = Native.libc().syscall(Native.SYS_SETRESGID, 65534, 65534, 65534);
                long u = Native.libc().syscall(Native.SYS_SETRESUID, 65534, 65534, 65534);
                if (g != 0 || u != 0) throw new IllegalStateException("setresuid failed: errno " + Native.errno());
                Throwable[] out = new Throwable[2];
                try {
                    BpfMap.create("nope", MapType.ARRAY, 4, 4, 1).close();
                } catch (Throwable e) {
                    out[0] = e;
                }
                try {
                    BpfProgram.load(Programs.returning(0), SOCKET).close();
                } catch (Throwable e) {
                    out[1] = e;
                }
                result.complete(out);
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, "unprivileged");
        t.start();
        t.join();
        Throwable[] out;
        try {
            out = result.get();
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
        assertInstanceOf(BpfException.class, out[0]);
        assertEquals("EPERM", ((BpfException) out[0]).errnoName());
        assertTrue(out[0].getMessage().startsWith("BPF_MAP_CREATE failed: EPERM (Operation not permitted)"), out[0].getMessage());
        assertInstanceOf(ProgramLoadException.class, out[1]);
        assertEquals("BPF_PROG_LOAD failed: EPERM (Operation not permitted): BPF_PROG_TYPE_SOCKET_FILTER: loading programs "
                + "needs CAP_BPF (and CAP_PERFMON/CAP_NET_ADMIN for most types); run as root", out[1].getMessage());
        assertEquals(fds, Kernel.openFds());
    }

    @Test
    void aSecondXdpProgramOnTheSameInterfaceIsEbusy() {
        try (NetNs ns = NetNs.create();
             BpfProgram a = BpfProgram.load(Programs.returning(2), LoadOptions.of(ProgType.XDP).withExpectedAttachType(AttachType.XDP));
             BpfProgram b = BpfProgram.load(Programs.returning(1), LoadOptions.of(ProgType.XDP))) {
            ns.run(() -> {
                try (XdpLink first = XdpLink.attach(a, "lo", XdpMode.GENERIC)) {
                    int fds = Kernel.openFds();
                    BpfException e = assertThrows(BpfException.class, () -> XdpLink.attach(b, "lo", XdpMode.GENERIC));
                    assertEquals("BPF_LINK_CREATE failed: EBUSY (Device or resource busy): attach program BPF_PROG_TYPE_XDP (fd "
                            + b.fd() + ") to lo (XDP, generic mode): an XDP program is already attached there", e.getMessage());
                    assertEquals(fds, Kernel.openFds());
                }
            });
        }
    }

    @Test
    void attachingTheWrongProgramTypeToASocket() {
        try (NetNs ns = NetNs.create();
             BpfProgram xdp = BpfProgram.load(Programs.returning(2), LoadOptions.of(ProgType.XDP))) {
            ns.run(() -> {
                try (PacketSocket ps = PacketSocket.open("lo")) {
                    SyscallException e = assertThrows(SyscallException.class, () -> ps.attach(xdp));
                    assertEquals("EINVAL", e.errnoName());
                    assertTrue(e.getMessage().contains("only SOCKET_FILTER programs attach to sockets"), e.getMessage());
                }
            });
        }
    }

    /**
     * Many load / attach / detach / close cycles leave no fd behind (the benchmark runs 10,000). Each cycle loads
     * a map and a program, attaches to a packet socket, detaches and closes; every tenth cycle also opens and
     * closes the socket and an XDP link, which cost a kernel RCU grace period (about 30 ms) each.
     */
    @Test
    void loadAttachDetachCloseCyclesLeaveNoFdBehind() {
        int cycles = 300;
        try (NetNs ns = NetNs.create()) {
            ns.run(() -> {
                ns.addVeth("c0", "c1");
                ns.linkUp("c0");
                ns.linkUp("c1");
                ns.awaitUp("c0", "c1");
                try (PacketSocket ps = PacketSocket.open("c0")) {
                    cycle(ps, true);  // warm up: the first cycle creates jnr's lazily made state
                    int before = Kernel.openFds();
                    for (int i = 0; i < cycles; i++) cycle(ps, i % 10 == 0);
                    assertEquals(before, Kernel.openFds(), "open fds after " + cycles + " cycles");
                }
            });
        }
    }

    private static void cycle(PacketSocket shared, boolean full) {
        try (BpfObject counter = BpfObject.load(Programs.packetCounter(), SOCKET)) {
            shared.attach(counter.program());
            shared.detach();
            if (full) {
                try (PacketSocket own = PacketSocket.open("c0")) {
                    own.attach(counter.program());
                }
            }
        }
        try (BpfProgram xdp = BpfProgram.load(Programs.returning(2), LoadOptions.of(ProgType.XDP))) {
            if (full) {
                try (XdpLink link = XdpLink.attach(xdp, "c1", XdpMode.GENERIC)) {
                    assertTrue(link.fd() > 0);
                }
            }
        }
    }
}
