package dev.ebpf4j.examples;

import dev.ebpf4j.asm.MapBinding;
import dev.ebpf4j.asm.MapSpec;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.SamplePrograms;
import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.loader.BpfObject;
import dev.ebpf4j.loader.Codec;
import dev.ebpf4j.loader.LoadOptions;
import dev.ebpf4j.loader.TypedMap;
import dev.ebpf4j.loader.attach.PacketSocket;
import dev.ebpf4j.loader.net.NetNs;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.ebpf4j.asm.Register.*;

/**
 * The seed's example, the kernel's {@code samples/bpf/sock_example.c} by hand: a socket filter that counts
 * packets per IP protocol in an ARRAY map of 256 u64 counters, attached to a packet socket on {@code lo} of a
 * private network namespace, while the example makes UDP, TCP and ICMP traffic there itself.
 */
public final class PacketCounter {
    private PacketCounter() {}

    /** The slot of the LD_IMM64 that loads the map (it fills slots 5 and 6). */
    public static final int MAP_SLOT = SamplePrograms.PACKET_COUNTER_MAP_SLOT;
    /** key: the IP protocol number (u32); value: packets seen (u64). */
    public static final MapSpec COUNTS = SamplePrograms.PACKET_COUNTER_MAP;

    /**
     * The program, exactly as sock_example.c writes it ({@link SamplePrograms#packetCounter}, where the builder
     * code is); with map fd 0 its bytes are the seed's {@code bf16000000000000 30000000 17000000 ...}.
     */
    public static Program program(int mapFd) {
        return SamplePrograms.packetCounter(mapFd);
    }

    /** The program with its map: what {@link BpfObject#load} brings to life. */
    public static ProgramUnit unit() {
        return new ProgramUnit(program(0), List.of(new MapBinding(COUNTS, List.of(MAP_SLOT))));
    }

    /** SOCKET_FILTER, named, with the verifier's log at level 1 so that its summary line can be shown. */
    public static LoadOptions loadOptions() {
        return LoadOptions.of(ProgType.SOCKET_FILTER).withName("sock_counter").withLogLevel(1);
    }

    /** The counts after one second of traffic. */
    public record Row(int second, long tcp, long udp, long icmp, long other) {}

    /**
     * What a run saw.
     *
     * @param kernelLog the verifier's last log line for the load ({@code processed 13 insns ...})
     * @param rows      one row per second, cumulative counts
     * @param counts    every nonzero counter at the end, by protocol number
     * @param udpSent   datagrams sent (and received by a local socket)
     * @param tcpBytes  bytes carried by the TCP connections
     * @param pings     echo requests sent; {@code pongs} how many were answered
     */
    public record Result(String kernelLog, List<Row> rows, Map<Integer, Long> counts, int udpSent, int tcpBytes,
                         int pings, int pongs) {
        public long count(int protocol) { return counts.getOrDefault(protocol, 0L); }
    }

    /** Loads, attaches, makes traffic for {@code seconds} seconds and prints a row of counts each second. */
    public static Result run(int seconds, PrintStream out) {
        try (BpfObject obj = BpfObject.load(unit(), loadOptions())) {
            String logLine = lastLine(obj.program().log());
            out.println("loaded " + obj.program() + ", " + program(0).size() + " instructions, with " + obj.map("counts"));
            out.println("kernel: " + logLine);
            TypedMap<Integer, Long> counts = obj.map("counts").typed(Codec.INT, Codec.LONG);
            return NetNs.run(() -> {
                try (PacketSocket socket = PacketSocket.open("lo");
                     Traffic.UdpSink udp = new Traffic.UdpSink("127.0.0.1");
                     Traffic.TcpListener tcp = new Traffic.TcpListener("127.0.0.1")) {
                    socket.attach(obj.program());
                    out.println("attached to a packet socket on lo in a private network namespace"
                            + " (lo shows every packet twice: sent, then received)");
                    out.printf("%6s %8s %8s %8s %8s%n", "second", "TCP", "UDP", "ICMP", "other");
                    List<Row> rows = new ArrayList<>();
                    int udpSent = 0, tcpBytes = 0, pings = 0, pongs = 0;
                    for (int s = 1; s <= seconds; s++) {
                        long end = System.nanoTime() + 1_000_000_000L;
                        Traffic.udp("127.0.0.1", udp.port(), s);
                        udpSent += udp.drain(100);
                        Traffic.tcp("127.0.0.1", tcp.port(), 100 * s);
                        tcpBytes += tcp.acceptAndRead(2000);
                        pings++;
                        if (Traffic.ping("127.0.0.1", 1000)) pongs++;
                        long left = end - System.nanoTime();
                        if (left > 0) Thread.sleep(left / 1_000_000);
                        Map<Integer, Long> now = nonzero(counts);
                        long other = 0;
                        for (var e : now.entrySet()) {
                            int p = e.getKey();
                            if (p != Protocols.TCP && p != Protocols.UDP && p != Protocols.ICMP) other += e.getValue();
                        }
                        Row row = new Row(s, now.getOrDefault(Protocols.TCP, 0L), now.getOrDefault(Protocols.UDP, 0L),
                                now.getOrDefault(Protocols.ICMP, 0L), other);
                        rows.add(row);
                        out.printf("%6d %8d %8d %8d %8d%n", s, row.tcp(), row.udp(), row.icmp(), row.other());
                    }
                    socket.detach();
                    out.printf("sent %d UDP datagrams, %d TCP bytes in %d connections, %d pings (%d answered)%n",
                            udpSent, tcpBytes, seconds, pings, pongs);
                    return new Result(logLine, List.copyOf(rows), nonzero(counts), udpSent, tcpBytes, pings, pongs);
                }
            });
        }
    }

    /** Every counter that is not zero, by protocol number. */
    static Map<Integer, Long> nonzero(TypedMap<Integer, Long> counts) {
        Map<Integer, Long> out = new TreeMap<>();
        for (var e : counts.entries().entrySet()) if (e.getValue() != 0) out.put(e.getKey(), e.getValue());
        return out;
    }

    static String lastLine(String log) {
        String last = "";
        for (String l : log.split("\n")) if (!l.isBlank()) last = l;
        return last;
    }
}
