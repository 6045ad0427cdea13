package dev.ebpf4j.bench.loader;

import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.asm.uapi.AttachType;
import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.examples.KernelAccess;
import dev.ebpf4j.examples.PacketCounter;
import dev.ebpf4j.loader.BpfObject;
import dev.ebpf4j.loader.BpfProgram;
import dev.ebpf4j.loader.LoadOptions;
import dev.ebpf4j.loader.attach.PacketSocket;
import dev.ebpf4j.loader.attach.XdpLink;
import dev.ebpf4j.loader.attach.XdpMode;
import dev.ebpf4j.loader.net.NetNs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The full-count leak check: each invocation runs 10,000 cycles of creating the seed's map and loading its
 * program ({@link BpfObject}), attaching it to a packet socket on {@code lo} of a private network namespace,
 * detaching it and closing everything, then counts {@code /proc/self/fd}; any difference from the count before
 * fails the benchmark with the numbers. The score is the time per cycle.
 *
 * <p>{@link #xdpLoadAttachLinkClose} does the same with an XDP program and a BPF link on {@code lo} of the
 * namespace, 100 cycles per invocation: the kernel waits for an RCU grace period when a link detaches (about
 * 28 ms here), so 10,000 of them would take five minutes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class FdLeakBenchmark {
    static final int CYCLES = 10_000;
    static final int XDP_CYCLES = 100;

    NetNs ns;
    PacketSocket socket;
    LoadOptions options;
    LoadOptions xdpOptions;
    Program xdpPass;

    @Setup
    public void setup() {
        String why = KernelAccess.unavailable();
        if (why != null) throw new IllegalStateException("the fd-leak benchmark needs bpf(2): " + why);
        ns = NetNs.create();
        // the socket lives in the namespace it was opened in; it may be used from any thread afterwards
        socket = ns.call(() -> PacketSocket.open("lo"));
        options = LoadOptions.of(ProgType.SOCKET_FILTER).withName("sock_counter");
        xdpOptions = LoadOptions.of(ProgType.XDP).withExpectedAttachType(AttachType.XDP).withName("xdp_pass");
        xdpPass = Program.builder().mov64Imm(Register.R0, 2).exit().build();
    }

    @TearDown
    public void tearDown() {
        socket.close();
        ns.close();
    }

    @Benchmark
    @OperationsPerInvocation(CYCLES)
    public int loadAttachDetachClose() {
        int before = openFds();
        int lastFd = 0;
        for (int i = 0; i < CYCLES; i++) {
            try (BpfObject counter = BpfObject.load(PacketCounter.unit(), options)) {
                socket.attach(counter.program());
                socket.detach();
                lastFd = counter.program().fd();
            }
        }
        checkNoLeak(before, CYCLES, "load/attach/detach/close");
        return lastFd;
    }

    @Benchmark
    @OperationsPerInvocation(XDP_CYCLES)
    public int xdpLoadAttachLinkClose() {
        int before = openFds();
        int last = ns.call(() -> {
            int fd = 0;
            for (int i = 0; i < XDP_CYCLES; i++) {
                try (BpfProgram p = BpfProgram.load(xdpPass, xdpOptions);
                     XdpLink link = XdpLink.attach(p, "lo", XdpMode.GENERIC)) {
                    fd = link.fd();
                }
            }
            return fd;
        });
        checkNoLeak(before, XDP_CYCLES, "XDP load/link/detach/close");
        return last;
    }

    private static void checkNoLeak(int before, int cycles, String what) {
        int after = openFds();
        if (after != before) {
            throw new IllegalStateException("FD LEAK: " + before + " open fds before " + cycles + " " + what
                    + " cycles, " + after + " after");
        }
    }

    static int openFds() {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
