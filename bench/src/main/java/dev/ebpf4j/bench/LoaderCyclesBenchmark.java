package dev.ebpf4j.bench;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.JmpOp;
import dev.ebpf4j.asm.Label;
import dev.ebpf4j.asm.MapBinding;
import dev.ebpf4j.asm.MapSpec;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramBuilder;
import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.Size;
import dev.ebpf4j.asm.uapi.Helper;
import dev.ebpf4j.asm.uapi.MapType;
import dev.ebpf4j.asm.uapi.ProgType;
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
import org.openjdk.jmh.annotations.Level;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static dev.ebpf4j.asm.Register.*;

/**
 * 10,000 load / attach / detach / close cycles of the seed's packet counter (map and program created, attached
 * to a packet socket on lo of a private network namespace, detached, closed), every 100th cycle also an XDP
 * link attached and closed (each costs a kernel RCU grace period, about 30 ms). The score is microseconds per
 * cycle; the tear-down fails the run if {@code /proc/self/fd} grew. Needs root.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(1)
public class LoaderCyclesBenchmark {
    static final int CYCLES = 10_000;

    NetNs ns;
    PacketSocket socket;
    int fdsBefore;
    ProgramUnit counter;

    @Setup(Level.Trial)
    public void setUp() {
        counter = packetCounter();
        ns = NetNs.create();
        socket = ns.call(() -> PacketSocket.open("lo"));
        ns.run(() -> cycle(true));   // first use creates jnr's lazy state
        fdsBefore = openFds();
    }

    @Benchmark
    @OperationsPerInvocation(CYCLES)
    public void loadAttachDetachClose() {
        ns.run(() -> {
            for (int i = 0; i < CYCLES; i++) cycle(i % 100 == 0);
        });
    }

    void cycle(boolean withXdp) {
        try (BpfObject obj = BpfObject.load(counter, LoadOptions.of(ProgType.SOCKET_FILTER))) {
            socket.attach(obj.program());
            socket.detach();
        }
        if (withXdp) {
            try (BpfProgram xdp = BpfProgram.load(Program.builder().mov64Imm(R0, 2).exit().build(), LoadOptions.of(ProgType.XDP));
                 XdpLink link = XdpLink.attach(xdp, "lo", XdpMode.GENERIC)) {
                if (link.fd() < 0) throw new IllegalStateException();
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        int after = openFds();
        socket.close();
        ns.close();
        if (after != fdsBefore) {
            throw new IllegalStateException("fd leak: " + fdsBefore + " open fds before " + CYCLES + " cycles, " + after + " after");
        }
        System.out.println("\nfds before and after " + CYCLES + " cycles: " + fdsBefore + " and " + after);
    }

    static int openFds() {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ProgramUnit packetCounter() {
        ProgramBuilder b = Program.builder();
        Label out = b.newLabel("out");
        Program p = b.mov64Reg(R6, R1).ldAbs(Size.B, 14 + 9).stxMem(Size.W, FP, R0, -4).mov64Reg(R2, FP)
                .alu64Imm(AluOp.ADD, R2, -4).ldMapFd(R1, 0).call(Helper.MAP_LOOKUP_ELEM).jmpImm(JmpOp.JEQ, R0, 0, out)
                .mov64Imm(R1, 1).atomicAdd(Size.DW, R0, R1, 0).bind(out).mov64Imm(R0, 0).exit().build();
        return new ProgramUnit(p, List.of(new MapBinding(MapSpec.of("counts", MapType.ARRAY, 4, 8, 256), List.of(5))));
    }
}
