package dev.ebpf4j.cli;

import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.loader.BpfMap;
import dev.ebpf4j.loader.BpfObject;
import dev.ebpf4j.loader.BpfProgram;
import dev.ebpf4j.loader.SyscallException;
import dev.ebpf4j.loader.attach.PacketSocket;
import dev.ebpf4j.loader.attach.XdpLink;
import dev.ebpf4j.loader.attach.XdpMode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ebpf4j attach socket|xdp -i IFACE FILE}: loads a program and attaches it to an interface of the
 * current network namespace, watches for a while, prints the program's maps, and detaches, or, for XDP with
 * {@code --pin}, leaves it attached through a pinned link.
 */
@Command(name = "attach", mixinStandardHelpOptions = true,
        description = "Attach a program to a network interface (needs root).",
        subcommands = {AttachCommand.Socket.class, AttachCommand.Xdp.class})
public final class AttachCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "attach: say where: 'attach socket' or 'attach xdp'");
    }

    /** What both kinds share: the interface, how long to watch, a pinned program instead of a file. */
    static final class Target {
        @Option(names = {"-i", "--interface"}, required = true, paramLabel = "IFACE", description = "The interface, e.g. lo.")
        String ifname;

        @Option(names = "--seconds", paramLabel = "N", defaultValue = "5", description = "How long to stay attached (default: ${DEFAULT-VALUE}).")
        int seconds;

        @Option(names = "--pinned", paramLabel = "PATH", description = "Attach this pinned program instead of loading FILE.")
        Path pinned;
    }

    @Command(name = "socket", mixinStandardHelpOptions = true,
            description = {"Attach a socket filter to a packet socket bound to IFACE; count what it lets through,",
                "then print the program's maps. The filter sees each frame from its Ethernet header (skb[23] is the IPv4 protocol)."})
    static final class Socket implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ProgramInput input;

        @Mixin
        Target target;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (target.seconds < 0) throw CliFailure.badInput("--seconds must not be negative");
            try (Loaded loaded = Loaded.of(input, target, ProgType.SOCKET_FILTER, out);
                 PacketSocket ps = PacketSocket.open(target.ifname)) {
                ps.attach(loaded.program());
                out.println("attached " + loaded.program() + " to a packet socket on " + target.ifname + " for "
                        + target.seconds + " s");
                out.flush();
                byte[] buf = new byte[65536];
                long end = System.nanoTime() + target.seconds * 1_000_000_000L;
                int passed = 0;
                while (System.nanoTime() < end) {
                    int left = (int) Math.max(1, (end - System.nanoTime()) / 1_000_000);
                    if (ps.receive(buf, Math.min(left, 200)) >= 0) passed++;
                }
                ps.detach();
                out.println(passed + " frame(s) passed the filter");
                loaded.printMaps(out);
            } catch (SyscallException e) {
                throw ProgramInput.kernelFailure(e);
            }
            out.flush();
            return Main.OK;
        }
    }

    @Command(name = "xdp", mixinStandardHelpOptions = true,
            description = {"Attach an XDP program to IFACE through a BPF link. With --pin the link is pinned and the",
                "program stays attached after the command ends (remove the pin to detach); otherwise it is detached",
                "after --seconds, and the program's maps are printed."})
    static final class Xdp implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ProgramInput input;

        @Mixin
        Target target;

        @Option(names = "--mode", paramLabel = "generic|driver|default", defaultValue = "default",
                description = "XDP mode (default: ${DEFAULT-VALUE}: driver where supported).")
        String mode;

        @Option(names = "--pin", paramLabel = "PATH", description = "Pin the link here (on a bpffs) and return at once.")
        Path pin;

        @Option(names = "--bpffs", paramLabel = "DIR", description = "Mount a bpffs at DIR first if it is not one.")
        Path bpffs;

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            XdpMode m;
            try {
                m = XdpMode.valueOf(mode.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw CliFailure.badInput("unknown --mode '" + mode + "' (generic, driver or default)");
            }
            if (target.seconds < 0) throw CliFailure.badInput("--seconds must not be negative");
            ProgramInput.mountIfAsked(bpffs, out);
            try (Loaded loaded = Loaded.of(input, target, ProgType.XDP, out);
                 XdpLink link = XdpLink.attach(loaded.program(), target.ifname, m)) {
                out.println("attached " + loaded.program() + " to " + target.ifname + " (XDP, " + m.name().toLowerCase() + " mode)");
                if (pin != null) {
                    link.pin(pin);
                    out.println("pinned link at " + pin + "; remove it to detach");
                    return Main.OK;
                }
                out.flush();
                Thread.sleep(target.seconds * 1000L);
                out.println("detached after " + target.seconds + " s");
                loaded.printMaps(out);
            } catch (SyscallException e) {
                throw ProgramInput.kernelFailure(e);
            }
            out.flush();
            return Main.OK;
        }
    }

    /** A program loaded from FILE (with its maps) or opened from a pin. */
    private static final class Loaded implements AutoCloseable {
        final BpfObject obj;
        final BpfProgram pinned;

        private Loaded(BpfObject obj, BpfProgram pinned) {
            this.obj = obj;
            this.pinned = pinned;
        }

        static Loaded of(ProgramInput input, Target target, ProgType type, PrintWriter out) {
            if (target.pinned != null) {
                if (input.file != null || input.hex != null) throw CliFailure.badInput("give FILE, --hex or --pinned, not several");
                try {
                    return new Loaded(null, BpfProgram.openPinned(target.pinned));
                } catch (SyscallException e) {
                    throw ProgramInput.kernelFailure(e);
                }
            }
            ProgramUnit unit = input.read();
            return new Loaded(input.load(unit, input.options(type), out), null);
        }

        BpfProgram program() {
            return obj != null ? obj.program() : pinned;
        }

        void printMaps(PrintWriter out) {
            if (obj == null) return;
            for (BpfMap m : obj.maps()) ProgramInput.printMap("'" + m.info().name() + "'", m, out);
        }

        @Override
        public void close() {
            if (obj != null) obj.close();
            if (pinned != null) pinned.close();
        }
    }
}
