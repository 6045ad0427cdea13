package dev.ebpf4j.cli;

import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.loader.BpfMap;
import dev.ebpf4j.loader.BpfObject;
import dev.ebpf4j.loader.LoadOptions;
import dev.ebpf4j.loader.ProgInfo;
import dev.ebpf4j.loader.SyscallException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ebpf4j load [options] FILE}: loads a program into the live kernel (creating the maps its text
 * declares), prints what the kernel says, and optionally pins it (and its maps) on a bpffs so it outlives the
 * command, as {@code bpftool prog load} does. Without {@code --pin} the program is unloaded when the command ends.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
        description = {"Load a program into the kernel (needs root) and print the verifier's answer.",
            "Exit 0 when accepted, 1 when rejected (the log is printed), 2 on bad input."})
public final class LoadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ProgramInput input;

    @Option(names = "--pin", paramLabel = "PATH", description = "Pin the program here (on a bpffs) so it stays loaded.")
    Path pin;

    @Option(names = "--pin-maps", paramLabel = "DIR", description = "Pin each map as DIR/NAME (on a bpffs).")
    Path pinMaps;

    @Option(names = "--bpffs", paramLabel = "DIR", description = "Mount a bpffs at DIR first if it is not one.")
    Path bpffs;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ProgramUnit unit = input.read();
        LoadOptions options = input.options(ProgType.SOCKET_FILTER);
        ProgramInput.mountIfAsked(bpffs, out);
        try (BpfObject obj = input.load(unit, options, out)) {
            ProgInfo info = obj.program().info();
            out.println("loaded " + info.type().kernelName().substring(14).toLowerCase() + " program"
                    + (info.name().isEmpty() ? "" : " '" + info.name() + "'") + ": id " + info.id() + ", tag " + info.tag()
                    + ", " + unit.program().size() + " insns, " + obj.maps().size() + " map(s), xlated " + info.xlatedLength()
                    + " B, jited " + info.jitedLength() + " B");
            String log = obj.program().log();
            if (!log.isEmpty()) out.print(log.endsWith("\n") ? log : log + "\n");
            for (BpfMap m : obj.maps()) {
                out.println("map '" + m.info().name() + "': id " + m.kernelInfo().id() + ", " + m.type().name().toLowerCase()
                        + " key " + m.keySize() + " B value " + m.valueSize() + " B max_entries " + m.maxEntries());
            }
            if (pinMaps != null) {
                for (BpfMap m : obj.maps()) {
                    Path p = pinMaps.resolve(m.info().name().isEmpty() ? "map" + m.kernelInfo().id() : m.info().name());
                    m.pin(p);
                    out.println("pinned map at " + p);
                }
            }
            if (pin != null) {
                obj.program().pin(pin);
                out.println("pinned program at " + pin);
            }
        } catch (SyscallException e) {
            throw ProgramInput.kernelFailure(e);
        }
        out.flush();
        return Main.OK;
    }
}
