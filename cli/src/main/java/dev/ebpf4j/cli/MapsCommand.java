package dev.ebpf4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ebpf4j.loader.BpfMap;
import dev.ebpf4j.loader.MapInfo;
import dev.ebpf4j.loader.SyscallException;
import dev.ebpf4j.loader.UpdateFlag;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ebpf4j maps show|dump|update|delete PATH}: a pinned map, as {@code bpftool map} shows it. Keys and
 * values are bytes in hex ({@code 01 00 00 00} or {@code 01000000}), in the machine's byte order.
 */
@Command(name = "maps", mixinStandardHelpOptions = true,
        description = "Inspect and change a map pinned on a bpffs (needs root).",
        subcommands = {MapsCommand.Show.class, MapsCommand.Dump.class, MapsCommand.Update.class, MapsCommand.Delete.class})
public final class MapsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "maps: say what: show, dump, update or delete");
    }

    static BpfMap open(Path path) {
        try {
            return BpfMap.openPinned(path);
        } catch (SyscallException e) {
            throw ProgramInput.kernelFailure(e);
        }
    }

    static byte[] hex(String what, String text, int size) {
        String digits = text.replaceAll("\\s+", "");
        if (digits.startsWith("0x")) digits = digits.substring(2);
        byte[] b;
        try {
            b = HexFormat.of().parseHex(digits);
        } catch (IllegalArgumentException e) {
            throw CliFailure.badInput(what + ": not hex bytes: '" + text + "'");
        }
        if (b.length != size) throw CliFailure.badInput(what + ": the map wants " + size + " bytes, got " + b.length);
        return b;
    }

    static String info(MapInfo i) {
        return i.id() + ": " + i.type().name().toLowerCase(Locale.ROOT) + "  name " + (i.name().isEmpty() ? "-" : i.name())
                + "  flags 0x" + Integer.toHexString(i.flags()) + "\n\tkey " + i.keySize() + "B  value " + i.valueSize()
                + "B  max_entries " + i.maxEntries();
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the map's id, type, name and sizes.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "PATH", description = "The pinned map.")
        Path path;

        @Override
        public Integer call() {
            try (BpfMap m = open(path)) {
                spec.commandLine().getOut().println(info(m.kernelInfo()));
            }
            spec.commandLine().getOut().flush();
            return Main.OK;
        }
    }

    @Command(name = "dump", mixinStandardHelpOptions = true, description = "Print every key and value.")
    static final class Dump implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "PATH", description = "The pinned map.")
        Path path;

        @Option(names = "--json", description = "One JSON array: [{\"key\": HEX, \"value\": HEX}] (per-CPU: \"values\").")
        boolean json;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            try (BpfMap m = open(path)) {
                boolean perCpu = m.info().perCpu();
                ObjectMapper mapper = new ObjectMapper();
                ArrayNode arr = mapper.createArrayNode();
                int n = 0;
                for (byte[] k : m.keys()) {
                    if (perCpu) {
                        byte[][] v = m.lookupPerCpu(k);
                        if (v == null) continue;
                        if (json) {
                            ObjectNode o = arr.addObject().put("key", HexFormat.of().formatHex(k));
                            ArrayNode vs = o.putArray("values");
                            for (byte[] c : v) vs.add(HexFormat.of().formatHex(c));
                        } else {
                            out.println("key: " + ProgramInput.hexBytes(k));
                            for (int c = 0; c < v.length; c++) out.printf(" value (CPU %02d): %s%n", c, ProgramInput.hexBytes(v[c]));
                        }
                    } else {
                        byte[] v = m.lookup(k);
                        if (v == null) continue;
                        if (json) arr.addObject().put("key", HexFormat.of().formatHex(k)).put("value", HexFormat.of().formatHex(v));
                        else out.println("key: " + ProgramInput.hexBytes(k) + "  value: " + ProgramInput.hexBytes(v));
                    }
                    n++;
                }
                if (json) out.println(mapper.writeValueAsString(arr));
                else out.println("Found " + n + " element" + (n == 1 ? "" : "s"));
            } catch (SyscallException e) {
                throw ProgramInput.kernelFailure(e);
            }
            out.flush();
            return Main.OK;
        }
    }

    @Command(name = "update", mixinStandardHelpOptions = true, description = "Set the value at a key.")
    static final class Update implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "PATH", description = "The pinned map.")
        Path path;

        @Option(names = "--key", required = true, paramLabel = "HEX", description = "The key's bytes.")
        String key;

        @Option(names = "--value", required = true, paramLabel = "HEX", description = "The value's bytes.")
        String value;

        @Option(names = "--flag", paramLabel = "any|noexist|exist", defaultValue = "any", description = "Update flag (default: ${DEFAULT-VALUE}).")
        String flag;

        @Override
        public Integer call() {
            UpdateFlag f;
            try {
                f = UpdateFlag.valueOf(flag.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw CliFailure.badInput("unknown --flag '" + flag + "' (any, noexist, exist)");
            }
            try (BpfMap m = open(path)) {
                m.update(hex("--key", key, m.keySize()), hex("--value", value, m.valueBufferSize()), f);
            } catch (SyscallException e) {
                throw ProgramInput.kernelFailure(e);
            }
            return Main.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Remove a key (exit 1 if it was not there).")
    static final class Delete implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "PATH", description = "The pinned map.")
        Path path;

        @Option(names = "--key", required = true, paramLabel = "HEX", description = "The key's bytes.")
        String key;

        @Override
        public Integer call() {
            try (BpfMap m = open(path)) {
                if (!m.delete(hex("--key", key, m.keySize()))) {
                    throw new CliFailure(Main.FAILED, path + ": no element with key " + key);
                }
            } catch (SyscallException e) {
                throw ProgramInput.kernelFailure(e);
            }
            return Main.OK;
        }
    }

}
