package dev.ebpf4j.examples;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.JmpOp;
import dev.ebpf4j.asm.Label;
import dev.ebpf4j.asm.MapBinding;
import dev.ebpf4j.asm.MapSpec;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramBuilder;
import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.Size;
import dev.ebpf4j.asm.uapi.AttachType;
import dev.ebpf4j.asm.uapi.Helper;
import dev.ebpf4j.asm.uapi.MapType;
import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.loader.BpfException;
import dev.ebpf4j.loader.BpfObject;
import dev.ebpf4j.loader.BpfProgram;
import dev.ebpf4j.loader.Codec;
import dev.ebpf4j.loader.LoadOptions;
import dev.ebpf4j.loader.TypedMap;
import dev.ebpf4j.loader.attach.XdpLink;
import dev.ebpf4j.loader.attach.XdpMode;
import dev.ebpf4j.loader.net.NetNs;
import dev.ebpf4j.vm.RunInput;
import dev.ebpf4j.vm.RunResult;
import dev.ebpf4j.vm.Vm;
import dev.ebpf4j.vm.VmProgram;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static dev.ebpf4j.asm.Register.*;

/**
 * XDP: counts IPv4 packets per protocol and drops ICMP echo requests, on the receiving end of a veth pair that
 * joins two private network namespaces the example creates (and removes). It proves the drop by pinging across
 * the pair before attaching, while attached, and after detaching.
 */
public final class XdpPingDrop {
    private XdpPingDrop() {}

    public static final int XDP_DROP = 1, XDP_PASS = 2;
    /** key: IP protocol (u32); value: IPv4 packets seen (u64). */
    public static final MapSpec PROTOCOLS = MapSpec.of("protocols", MapType.ARRAY, 4, 8, 256);
    /** key: the XDP action returned (XDP_ABORTED 0 .. XDP_REDIRECT 4); value: packets (u64). */
    public static final MapSpec VERDICTS = MapSpec.of("verdicts", MapType.ARRAY, 4, 8, 5);
    public static final String SENDER = "10.199.0.1", RECEIVER = "10.199.0.2";
    static final String SENDER_IF = "xdp-a", RECEIVER_IF = "xdp-b";

    private static final int ETH_HLEN = 14, IPV4_MIN = 20, ICMP_ECHO_REQUEST = 8;
    private static final int ETH_P_IP_AS_LOADED = 0x0008;   // htons(0x0800) read by a little-endian u16 load

    /** The program with both maps; the map fds go into the two LD_IMM64s it names. */
    public static ProgramUnit unit() {
        ProgramBuilder b = Program.builder();
        Label pass = b.newLabel("pass"), counted = b.newLabel("counted"), verdict = b.newLabel("verdict"), out = b.newLabel("out");
        b.mov64Reg(R6, R1)                                       // r6 = ctx (struct xdp_md *)
                .ldxMem(Size.W, R2, R6, 0)                       // r2 = data
                .ldxMem(Size.W, R3, R6, 4)                       // r3 = data_end
                .mov64Reg(R4, R2).alu64Imm(AluOp.ADD, R4, ETH_HLEN + IPV4_MIN)
                .jmpReg(JmpOp.JGT, R4, R3, pass)                 // shorter than Ethernet + IPv4: not ours
                .ldxMem(Size.H, R5, R2, 12)                      // ethertype
                .jmpImm(JmpOp.JNE, R5, ETH_P_IP_AS_LOADED, pass)
                .ldxMem(Size.B, R7, R2, ETH_HLEN + 9)            // r7 = ip->protocol
                .stxMem(Size.W, FP, R7, -4)
                .mov64Reg(R2, FP).alu64Imm(AluOp.ADD, R2, -4);
        int protocolsSlot = b.position();
        b.ldMapFd(R1, 0)
                .call(Helper.MAP_LOOKUP_ELEM)
                .jmpImm(JmpOp.JEQ, R0, 0, counted)
                .mov64Imm(R1, 1)
                .atomicAdd(Size.DW, R0, R1, 0)                   // protocols[ip->protocol]++
                .bind(counted)
                .jmpImm(JmpOp.JNE, R7, Protocols.ICMP, pass)
                // the call clobbered r1-r5, and packet pointers must be checked again after reloading them
                .ldxMem(Size.W, R2, R6, 0)
                .ldxMem(Size.W, R3, R6, 4)
                .mov64Reg(R4, R2).alu64Imm(AluOp.ADD, R4, ETH_HLEN + IPV4_MIN)
                .jmpReg(JmpOp.JGT, R4, R3, pass)
                .ldxMem(Size.B, R4, R2, ETH_HLEN)                // version and IHL
                .alu64Imm(AluOp.AND, R4, 0x0f)
                .alu64Imm(AluOp.LSH, R4, 2)                      // r4 = IP header length, 0..60
                .alu64Reg(AluOp.ADD, R2, R4)                     // r2 = data + IHL: a variable packet offset
                .mov64Reg(R5, R2).alu64Imm(AluOp.ADD, R5, ETH_HLEN + 1)
                .jmpReg(JmpOp.JGT, R5, R3, pass)                 // the ICMP type byte must be in the packet
                .ldxMem(Size.B, R4, R2, ETH_HLEN)                // icmp->type
                .jmpImm(JmpOp.JNE, R4, ICMP_ECHO_REQUEST, pass)
                .mov64Imm(R0, XDP_DROP)
                .ja(verdict)
                .bind(pass)
                .mov64Imm(R0, XDP_PASS)
                .bind(verdict)
                .mov64Reg(R8, R0)                                // keep the verdict across the call
                .stxMem(Size.W, FP, R0, -8)
                .mov64Reg(R2, FP).alu64Imm(AluOp.ADD, R2, -8);
        int verdictsSlot = b.position();
        Program p = b.ldMapFd(R1, 0)
                .call(Helper.MAP_LOOKUP_ELEM)
                .jmpImm(JmpOp.JEQ, R0, 0, out)
                .mov64Imm(R1, 1)
                .atomicAdd(Size.DW, R0, R1, 0)                   // verdicts[action]++
                .bind(out)
                .mov64Reg(R0, R8)
                .exit()
                .build();
        return new ProgramUnit(p, List.of(new MapBinding(PROTOCOLS, List.of(protocolsSlot)),
                new MapBinding(VERDICTS, List.of(verdictsSlot))));
    }

    public static LoadOptions loadOptions() {
        return LoadOptions.of(ProgType.XDP).withExpectedAttachType(AttachType.XDP).withName("xdp_ping_drop").withLogLevel(1);
    }

    /**
     * What a run saw.
     *
     * @param kernelLog      the verifier's summary line for the load
     * @param mode           the XDP mode the program ran in
     * @param pingBefore     whether the ping before attaching was answered
     * @param pingsAttached  echo requests sent while attached; {@code pongsAttached} how many were answered
     * @param pingAfter      whether the ping after detaching was answered
     * @param udpSent        datagrams sent across while attached; {@code udpReceived} how many arrived
     * @param tcpBytes       bytes that one TCP connection carried across while attached
     * @param protocols      IPv4 packets per protocol that reached XDP on the receiving end
     * @param verdicts       packets per XDP action
     */
    public record Result(String kernelLog, XdpMode mode, boolean pingBefore, int pingsAttached, int pongsAttached,
                         boolean pingAfter, int udpSent, int udpReceived, int tcpBytes,
                         Map<Integer, Long> protocols, Map<Integer, Long> verdicts) {
        public long protocol(int p) { return protocols.getOrDefault(p, 0L); }

        public long verdict(int action) { return verdicts.getOrDefault(action, 0L); }
    }

    /** A frame to try the program on offline or with a test run, and the action it must get. */
    public record Sample(String name, byte[] frame, int action) {}

    /** Frames that exercise each path of the program, each with the action the program's logic gives it. */
    public static List<Sample> samples() {
        byte[] truncated = Arrays.copyOf(Packets.icmp(8, 5), 14 + 19);
        byte[] echoBehindLongOptions = Packets.icmp(8, 15);
        return List.of(
                new Sample("ICMP echo request", Packets.icmp(8, 5), XDP_DROP),
                new Sample("ICMP echo request, 8 bytes of IP options", Packets.icmp(8, 7), XDP_DROP),
                new Sample("ICMP echo request, 40 bytes of IP options", echoBehindLongOptions, XDP_DROP),
                new Sample("ICMP echo reply", Packets.icmp(0, 5), XDP_PASS),
                new Sample("UDP datagram", Packets.sample(), XDP_PASS),
                new Sample("ARP request", Packets.arp(), XDP_PASS),
                new Sample("IPv4 header cut short", truncated, XDP_PASS));
    }

    /** Runs the program on each sample in ebpf4j's interpreter; returns the actions, in order. */
    public static List<Integer> interpret(List<Sample> samples) {
        Vm vm = Vm.create();
        VmProgram p = vm.load(unit(), ProgType.XDP);
        List<Integer> actions = new ArrayList<>();
        for (Sample s : samples) {
            RunResult r = vm.run(p, RunInput.packet(s.frame()));
            if (r.faulted()) throw new IllegalStateException("the interpreter faulted on " + s.name() + ": " + r.fault());
            actions.add((int) r.r0());
        }
        return actions;
    }

    /** Runs the program on each sample with {@code BPF_PROG_TEST_RUN}; returns the actions, in order. */
    public static List<Integer> testRun(List<Sample> samples) {
        try (BpfObject obj = BpfObject.load(unit(), loadOptions())) {
            List<Integer> actions = new ArrayList<>();
            for (Sample s : samples) actions.add(obj.program().run(s.frame()));
            return actions;
        }
    }

    public static String actionName(int action) {
        switch (action) {
            case 0: return "XDP_ABORTED";
            case XDP_DROP: return "XDP_DROP";
            case XDP_PASS: return "XDP_PASS";
            case 3: return "XDP_TX";
            case 4: return "XDP_REDIRECT";
            default: return "action " + action;
        }
    }

    public static Result run(PrintStream out) {
        try (BpfObject obj = BpfObject.load(unit(), loadOptions()); NetNs a = NetNs.create(); NetNs b = NetNs.create()) {
            String logLine = PacketCounter.lastLine(obj.program().log());
            out.println("loaded " + obj.program() + ", " + unit().program().size() + " instructions, with " + obj.maps());
            out.println("kernel: " + logLine);
            a.addVeth(SENDER_IF, b, RECEIVER_IF);
            a.addAddress(SENDER_IF, SENDER + "/24");
            b.addAddress(RECEIVER_IF, RECEIVER + "/24");
            a.linkUp(SENDER_IF);
            b.linkUp(RECEIVER_IF);
            out.println("two private network namespaces joined by a veth pair: " + SENDER_IF + " " + SENDER
                    + "  <->  " + RECEIVER_IF + " " + RECEIVER);

            boolean before = a.call(() -> Traffic.ping(RECEIVER, 2000));
            out.println("before attaching: ping " + RECEIVER + " " + answered(before));

            Attached attached = b.call(() -> attach(obj.program()));
            XdpMode mode = attached.mode();
            final int pings = 3, udpSent = 5;
            int pongs = 0, udpReceived, tcpBytes;
            try (XdpLink link = attached.link()) {
                out.println("attached to " + RECEIVER_IF + " (" + mode.name().toLowerCase() + " mode)");
                for (int i = 0; i < pings; i++) {
                    boolean ok = a.call(() -> Traffic.ping(RECEIVER, 500));
                    if (ok) pongs++;
                    out.println("while attached: ping " + RECEIVER + " " + answered(ok));
                }
                try (Traffic.UdpSink sink = b.call(() -> new Traffic.UdpSink(RECEIVER));
                     Traffic.TcpListener listener = b.call(() -> new Traffic.TcpListener(RECEIVER))) {
                    a.run(() -> Traffic.udp(RECEIVER, sink.port(), udpSent));
                    udpReceived = sink.drain(300);
                    a.run(() -> Traffic.tcp(RECEIVER, listener.port(), 1000));
                    tcpBytes = listener.acceptAndRead(2000);
                }
                out.println("while attached: " + udpReceived + " of " + udpSent + " UDP datagrams and "
                        + tcpBytes + " TCP bytes got through");
            }
            boolean after = a.call(() -> Traffic.ping(RECEIVER, 2000));
            out.println("after detaching: ping " + RECEIVER + " " + answered(after));

            Map<Integer, Long> protocols = PacketCounter.nonzero(obj.map("protocols").typed(Codec.INT, Codec.LONG));
            Map<Integer, Long> verdicts = PacketCounter.nonzero(obj.map("verdicts").typed(Codec.INT, Codec.LONG));
            out.printf("%-10s %8s%n", "protocol", "packets");
            for (var e : protocols.entrySet()) out.printf("%-10s %8d%n", Protocols.name(e.getKey()), e.getValue());
            out.printf("XDP_PASS %d, XDP_DROP %d (frames that are not IPv4, such as ARP and IPv6, pass uncounted above)%n",
                    verdicts.getOrDefault(XDP_PASS, 0L), verdicts.getOrDefault(XDP_DROP, 0L));
            return new Result(logLine, mode, before, pings, pongs, after, udpSent, udpReceived, tcpBytes, protocols, verdicts);
        }
    }

    private record Attached(XdpLink link, XdpMode mode) {}

    /** Native XDP where the driver has it (veth does), else generic. */
    private static Attached attach(BpfProgram program) {
        try {
            return new Attached(XdpLink.attach(program, RECEIVER_IF, XdpMode.DRIVER), XdpMode.DRIVER);
        } catch (BpfException e) {
            if (!e.errnoName().equals("EOPNOTSUPP")) throw e;
            return new Attached(XdpLink.attach(program, RECEIVER_IF, XdpMode.GENERIC), XdpMode.GENERIC);
        }
    }

    private static String answered(boolean ok) {
        return ok ? "answered" : "NOT answered";
    }
}
