package dev.ebpf4j.cli;

import dev.ebpf4j.asm.DecodeException;
import dev.ebpf4j.asm.MapSpec;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.text.AsmSyntaxException;
import dev.ebpf4j.asm.text.Disassembler;
import dev.ebpf4j.asm.text.TextAssembler;
import dev.ebpf4j.asm.uapi.MapType;
import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.vm.BpfMap;
import dev.ebpf4j.vm.RunInput;
import dev.ebpf4j.vm.RunResult;
import dev.ebpf4j.vm.Vm;
import dev.ebpf4j.vm.VmProgram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code ebpf4j run FILE [--type T] [--packet HEX | --packet-file F] [--mem HEX] [--map SPEC]... [--trace]}: runs a
 * program in the interpreter and prints r0, the packet if the program changed it, the maps, and with
 * {@code --trace} one line per instruction with the registers it changed.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a program in the interpreter (offline; no kernel involved).",
            "FILE is raw struct bpf_insn bytes or assembler text (kernel/LLVM pseudo-C or ubpf syntax).",
            "Packet programs (socket_filter, sched_cls, xdp, ...) get --packet as BPF_PROG_TEST_RUN would;",
            "other types get --mem in r1 and its length in r2, as the bpf_conformance runner does.",
            "As in BPF_PROG_TEST_RUN, a socket filter's skb starts at the network header (LD_ABS 0 = the IP header)."})
public final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The program: raw bytes or assembler text.")
    Path file;

    @Option(names = "--type", paramLabel = "TYPE",
            description = "Program type (socket_filter, sched_cls, xdp, ...; default: socket_filter with a packet, else none).")
    String type;

    @Option(names = "--packet", paramLabel = "HEX", description = "The packet (an Ethernet frame, at least 14 bytes) in hex.")
    String packetHex;

    @Option(names = "--packet-file", paramLabel = "FILE", description = "The packet as raw bytes in a file.")
    Path packetFile;

    @Option(names = "--mem", paramLabel = "HEX", description = "Memory for r1/r2 (programs that take no packet).")
    String memHex;

    @Option(names = "--map", paramLabel = "SPEC",
            description = {MapOption.HELP_SPELLINGS, MapOption.HELP_BINDING,
                "NAME[KEYHEX]=VALUEHEX instead stores an entry in map NAME before the run."})
    List<String> maps = new ArrayList<>();

    @Option(names = "--trace", description = "Print every executed instruction with the registers it changed.")
    boolean trace;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Vm vm = Vm.create();
        List<String> entries = new ArrayList<>();
        List<MapSpec> declared = new ArrayList<>();
        for (String m : maps) {
            if (isEntry(m)) entries.add(m);
            else declared.add(MapOption.parse(m));
        }
        ProgramUnit unit = MapOption.bind(readProgram(file), declared, file.toString());
        byte[] packet = packet();
        ProgType t = programType(packet != null);
        VmProgram prog;
        try {
            prog = vm.load(unit, t);
        } catch (IllegalArgumentException e) {
            throw CliFailure.badInput(file + ": " + e.getMessage());
        }
        for (String e : entries) setEntry(vm, e);
        List<BpfMap> all = vm.maps();
        Disassembler dis = Disassembler.kernel().withImm64Printer((i, first, imm) -> {
            int src = first.src();
            int fd = (int) imm;
            if ((src != 1 && src != 2) || fd < 1 || fd > all.size()) return null;
            String name = all.get(fd - 1).name();
            return src == 1 ? "map[" + name + "]" : "map[" + name + "][0]+" + (imm >>> 32);
        });
        Program loaded = prog.program();
        if (trace) vm.trace(step -> out.println(step.format(safeText(dis, loaded, step.insn()))));
        RunInput input;
        if (packet != null) {
            input = RunInput.packet(packet);
        } else {
            input = RunInput.memory(memHex == null ? new byte[0] : hex(memHex, "--mem"));
        }
        RunResult r;
        try {
            r = vm.run(prog, input);
        } catch (IllegalArgumentException e) {
            throw CliFailure.badInput(e.getMessage());
        }
        out.flush();
        for (String line : r.printk()) out.println("trace_printk: " + line);
        if (r.faulted()) {
            out.println("fault: " + r.fault().message());
        } else {
            if (r.ldAbsOutside()) out.println("LD_ABS/LD_IND read outside the packet: the program ends with r0 = 0");
            out.println("r0 = " + r.r0() + " (0x" + Long.toHexString(r.r0()) + ")");
        }
        out.println("instructions executed: " + r.insns());
        if (r.redirect() != null) {
            out.println("redirect: ifindex " + r.redirect().ifindex() + " flags 0x" + Long.toHexString(r.redirect().flags()));
        }
        if (r.packetOut() != null && r.packetChanged()) {
            out.println("packet (changed, " + r.packetOut().length + " bytes): " + HexFormat.of().formatHex(r.packetOut()));
        }
        for (BpfMap m : vm.maps()) printMap(out, m);
        out.flush();
        return r.faulted() ? Main.FAILED : Main.OK;
    }

    private static String safeText(Disassembler dis, Program p, int insn) {
        try {
            return dis.text(p, insn);
        } catch (RuntimeException e) {
            return String.format("<0x%016x>", p.slot(insn));
        }
    }

    private static void printMap(PrintWriter out, BpfMap m) {
        MapSpec s = m.spec();
        List<Map.Entry<byte[], byte[]>> entries = m.entries();
        boolean array = s.type() == MapType.ARRAY || s.type() == MapType.PERCPU_ARRAY;
        List<Map.Entry<byte[], byte[]>> shown = new ArrayList<>();
        for (Map.Entry<byte[], byte[]> e : entries) if (!array || !allZero(e.getValue())) shown.add(e);
        out.println("map " + m.name() + " (" + s.type().name().toLowerCase(Locale.ROOT) + ", key " + s.keySize()
                + ", value " + s.valueSize() + ", " + s.maxEntries() + " entries): " + shown.size()
                + (array ? " non-zero" : "") + (shown.size() == 1 ? " entry" : " entries"));
        HexFormat h = HexFormat.of();
        for (Map.Entry<byte[], byte[]> e : shown) {
            out.println("  " + (e.getKey().length == 0 ? "-" : h.formatHex(e.getKey())) + ": " + h.formatHex(e.getValue()));
        }
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) if (x != 0) return false;
        return true;
    }

    private ProgType programType(boolean hasPacket) {
        if (type == null) return hasPacket ? ProgType.SOCKET_FILTER : ProgType.UNSPEC;
        if (type.equalsIgnoreCase("none")) return ProgType.UNSPEC;
        return ProgType.parse(type).orElseThrow(() -> CliFailure.badInput("run: unknown --type '" + type
                + "' (e.g. socket_filter, sched_cls, xdp, or none)"));
    }

    private byte[] packet() {
        if (packetHex != null && packetFile != null) throw CliFailure.badInput("run: give --packet or --packet-file, not both");
        if (packetHex != null) return hex(packetHex, "--packet");
        if (packetFile != null) return readBytes(packetFile);
        return null;
    }

    static byte[] hex(String text, String what) {
        String digits = text.replaceAll("[\\s:]", "");
        if (digits.startsWith("0x")) digits = digits.substring(2);
        if (!digits.matches("[0-9a-fA-F]*") || digits.length() % 2 != 0) {
            throw CliFailure.badInput("run: " + what + " is not an even number of hex digits: '" + text + "'");
        }
        return HexFormat.of().parseHex(digits);
    }

    private static byte[] readBytes(Path f) {
        try {
            if (Files.isDirectory(f)) throw CliFailure.badInput(f + ": is a directory");
            return Files.readAllBytes(f);
        } catch (NoSuchFileException e) {
            throw CliFailure.badInput(f + ": no such file");
        } catch (IOException e) {
            throw CliFailure.badInput(f + ": cannot read: " + e.getMessage());
        }
    }

    /** Raw bytes, unless every byte is printable text: then assembler text in either syntax. */
    static ProgramUnit readProgram(Path f) {
        byte[] bytes = readBytes(f);
        if (bytes.length == 0) throw CliFailure.badInput(f + ": empty program");
        if (isText(bytes)) {
            try {
                return TextAssembler.assemble(new String(bytes, StandardCharsets.UTF_8));
            } catch (AsmSyntaxException e) {
                throw CliFailure.badInput(f + ": " + e.getMessage());
            }
        }
        try {
            Program p = Program.fromBytes(bytes);
            p.instructions();
            return ProgramUnit.of(p);
        } catch (DecodeException e) {
            throw CliFailure.badInput(f + ": " + e.getMessage());
        }
    }

    private static boolean isText(byte[] b) {
        for (byte x : b) {
            int c = x & 0xff;
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') return false;
            if (c == 0x7f) return false;
        }
        return true;
    }

    /** An entry to store ({@code NAME[KEYHEX]=VALUEHEX}) rather than a declaration: a '[' before any ':'. */
    private static boolean isEntry(String text) {
        int open = text.indexOf('['), colon = text.indexOf(':');
        return open >= 0 && (colon < 0 || open < colon);
    }

    /** {@code NAME[KEYHEX]=VALUEHEX}: an entry stored before the run. */
    private static void setEntry(Vm vm, String text) {
        int open = text.indexOf('['), close = text.indexOf("]=");
        if (open < 0 || close < open) throw MapOption.bad(text, "expected NAME[KEYHEX]=VALUEHEX");
        String name = text.substring(0, open);
        BpfMap m = vm.map(name);
        if (m == null) throw MapOption.bad(text, "the program has no map '" + name + "'");
        byte[] k = hex(text.substring(open + 1, close), "--map key");
        byte[] v = hex(text.substring(close + 2), "--map value");
        if (k.length != m.spec().keySize()) {
            throw MapOption.bad(text, "key of " + k.length + " bytes, map '" + name
                    + "' has " + m.spec().keySize() + "-byte keys");
        }
        int rc;
        try {
            rc = m.update(k, v, 0);
        } catch (IllegalArgumentException e) {
            throw MapOption.bad(text, e.getMessage());
        }
        if (rc != 0) throw MapOption.bad(text, "update failed with errno " + -rc);
    }
}
