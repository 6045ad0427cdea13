package dev.ebpf4j.cli;

import dev.ebpf4j.asm.MapBinding;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.text.Disassembler;
import dev.ebpf4j.asm.uapi.AttachType;
import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.examples.KernelAccess;
import dev.ebpf4j.examples.PacketCounter;
import dev.ebpf4j.examples.Protocols;
import dev.ebpf4j.examples.Simulated;
import dev.ebpf4j.examples.XdpPingDrop;
import dev.ebpf4j.examples.topics.Lesson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.concurrent.Callable;

/**
 * {@code ebpf4j demo [socket|xdp|isa]}: the examples end to end against the live kernel. The offline part (the
 * program in the kernel's syntax and its bytes) is always shown; where bpf(2) is not allowed the command says
 * what it needs and stops there, with exit code 0 since everything it could show was shown.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run an example end to end against the live kernel (needs root), after printing its program.",
            "socket: the seed's packet counter on lo of a private network namespace, counts per protocol each second;",
            "xdp: count per protocol and drop pings on a veth pair between two private namespaces;",
            "isa: one small program per instruction topic, run with BPF_PROG_TEST_RUN and checked against Java."})
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "socket|xdp|isa", defaultValue = "socket",
            description = "Which example (default: ${DEFAULT-VALUE}).")
    String which;

    @Option(names = "--seconds", paramLabel = "N", defaultValue = "5",
            description = "socket: how many seconds of traffic and rows of counts (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--offline", description = "Only print the program and its bytes; do not touch the kernel.")
    boolean offline;

    @Override
    public Integer call() {
        String demo = which.toLowerCase(Locale.ROOT);
        if (!demo.equals("socket") && !demo.equals("xdp") && !demo.equals("isa")) {
            throw CliFailure.badInput("demo: unknown example '" + which + "' (socket, xdp or isa)");
        }
        if (seconds < 1 || seconds > 3600) throw CliFailure.badInput("demo: --seconds must be 1 to 3600, got " + seconds);
        PrintWriter writer = spec.commandLine().getOut();
        PrintStream out = printStream(writer);
        try {
            if (offline) return showOffline(demo, out);
            String why = KernelAccess.unavailable();
            if (why != null) {
                int code = showOffline(demo, out);
                out.println();
                out.println("The live part cannot run here: " + why + ".");
                out.println("Note: " + KernelAccess.NEEDS + ". Try: sudo ./ebpf4j demo " + demo);
                return code;
            }
            // the teaching examples print their programs as they run; the others show theirs first
            if (!demo.equals("isa")) {
                showOffline(demo, out);
                out.println();
            }
            return live(demo, out);
        } finally {
            out.flush();
        }
    }

    /** What can be shown without the kernel; for the teaching examples that includes the interpreter's results. */
    private int showOffline(String demo, PrintStream out) {
        switch (demo) {
            case "socket":
                out.println("The seed's socket packet counter (the kernel's samples/bpf/sock_example.c), built with ProgramBuilder:");
                showProgram(PacketCounter.unit(), out);
                out.println("ebpf4j's verifier simulator (offline): "
                        + Simulated.verdict(PacketCounter.unit(), ProgType.SOCKET_FILTER, null));
                return Main.OK;
            case "xdp":
                out.println("XDP: count IPv4 packets per protocol, drop ICMP echo requests:");
                showProgram(XdpPingDrop.unit(), out);
                out.println("ebpf4j's verifier simulator (offline): "
                        + Simulated.verdict(XdpPingDrop.unit(), ProgType.XDP, AttachType.XDP));
                out.println();
                out.println("In ebpf4j's interpreter, offline:");
                List<XdpPingDrop.Sample> samples = XdpPingDrop.samples();
                List<Integer> actions = XdpPingDrop.interpret(samples);
                boolean ok = true;
                for (int i = 0; i < samples.size(); i++) {
                    XdpPingDrop.Sample s = samples.get(i);
                    boolean right = actions.get(i) == s.action();
                    ok &= right;
                    out.printf("  %-42s -> %s%s%n", s.name(), XdpPingDrop.actionName(actions.get(i)),
                            right ? "" : " (expected " + XdpPingDrop.actionName(s.action()) + ")");
                }
                return ok ? Main.OK : Main.FAILED;
            default:
                out.println("One small program per instruction topic, run in ebpf4j's interpreter:");
                int disagreements = 0;
                for (Lesson l : Lesson.all()) {
                    out.println();
                    if (!l.offline(out)) disagreements++;
                }
                return disagreements == 0 ? Main.OK : Main.FAILED;
        }
    }

    /** The listing in the verifier log's syntax, then the raw bytes one slot per line, then as one hex string. */
    static void showProgram(ProgramUnit unit, PrintStream out) {
        Program p = unit.program();
        List<Integer> slots = new ArrayList<>();
        for (MapBinding m : unit.maps()) slots.addAll(m.insnIndices());
        out.println();
        out.print(Disassembler.kernel().listing(p));
        out.println();
        out.println("Its bytes: " + p.size() + " slots of 8 (struct bpf_insn, little-endian); at load time a map's fd goes "
                + "into the imm of slot" + (slots.size() == 1 ? " " : "s ") + slots.stream().map(String::valueOf)
                .collect(Collectors.joining(" and ")) + ":");
        byte[] b = p.toBytes();
        for (int i = 0; i < p.size(); i++) {
            StringBuilder sb = new StringBuilder(String.format("%4d:", i));
            for (int j = 0; j < 8; j++) sb.append(String.format(" %02x", b[i * 8 + j] & 0xff));
            out.println(sb);
        }
        out.println("As hex (ebpf4j disasm --hex ...): " + p.toHex());
    }

    private int live(String demo, PrintStream out) {
        switch (demo) {
            case "socket": {
                PacketCounter.Result r = PacketCounter.run(seconds, out);
                boolean all = r.count(Protocols.TCP) > 0 && r.count(Protocols.UDP) > 0 && r.count(Protocols.ICMP) > 0;
                if (!all) out.println("demo: expected counts for TCP, UDP and ICMP, got " + r.counts());
                return all ? Main.OK : Main.FAILED;
            }
            case "xdp": {
                XdpPingDrop.Result r = XdpPingDrop.run(out);
                boolean proved = r.pingBefore() && r.pongsAttached() == 0 && r.pingAfter()
                        && r.verdict(XdpPingDrop.XDP_DROP) == r.pingsAttached();
                out.println(proved ? "The drop is proved: pings were answered before and after, never while attached."
                        : "demo: the pings did not behave as expected (before, during, after): "
                        + r.pingBefore() + ", " + r.pongsAttached() + " of " + r.pingsAttached() + ", " + r.pingAfter());
                return proved ? Main.OK : Main.FAILED;
            }
            default: {
                int disagreements = 0;
                for (Lesson l : Lesson.all()) {
                    out.println();
                    if (!l.run(out).agrees()) disagreements++;
                }
                out.println();
                out.println(Lesson.all().size() - disagreements + " of " + Lesson.all().size() + " examples agree with Java");
                return disagreements == 0 ? Main.OK : Main.FAILED;
            }
        }
    }

    /** The examples print to a PrintStream; picocli gives a PrintWriter (which tests replace). */
    static PrintStream printStream(PrintWriter writer) {
        OutputStream bridge = new OutputStream() {
            private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

            @Override public void write(int b) { pending.write(b); }

            @Override public void write(byte[] b, int off, int len) { pending.write(b, off, len); }

            @Override public void flush() {
                writer.print(pending.toString(StandardCharsets.UTF_8));
                pending.reset();
                writer.flush();
            }
        };
        return new PrintStream(bridge, true, StandardCharsets.UTF_8);
    }
}
