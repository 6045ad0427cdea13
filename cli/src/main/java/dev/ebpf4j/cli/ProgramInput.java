package dev.ebpf4j.cli;

import dev.ebpf4j.asm.DecodeException;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.text.AsmSyntaxException;
import dev.ebpf4j.asm.text.TextAssembler;
import dev.ebpf4j.asm.uapi.AttachType;
import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.loader.BpfFs;
import dev.ebpf4j.loader.BpfMap;
import dev.ebpf4j.loader.BpfObject;
import dev.ebpf4j.loader.Errno;
import dev.ebpf4j.loader.LoadOptions;
import dev.ebpf4j.loader.ProgramLoadException;
import dev.ebpf4j.loader.SyscallException;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

/**
 * What {@code load} and {@code attach} share: reading a program (assembler text with its {@code .map}
 * declarations, or raw {@code struct bpf_insn} bytes, or {@code --hex}), the load options, turning kernel
 * errors into one-line CLI failures, and printing a map's contents.
 */
final class ProgramInput {
    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "The program: assembler text (.s, kernel or ubpf syntax, maps declared with .map) or raw bytes (.bin).")
    Path file;

    @Option(names = "--hex", paramLabel = "HEX", description = "The program as hex bytes instead of a file.")
    String hex;

    @Option(names = "--type", paramLabel = "TYPE", description = "Program type, e.g. socket_filter, xdp, sched_cls.")
    String type;

    @Option(names = "--attach-type", paramLabel = "TYPE", description = "Expected attach type, e.g. xdp.")
    String attachType;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "", description = "Program name (15 characters).")
    String name;

    @Option(names = "--license", paramLabel = "TEXT", defaultValue = "GPL", description = "License (default: ${DEFAULT-VALUE}).")
    String license;

    @Option(names = "--prog-flags", paramLabel = "N", defaultValue = "0", description = "prog_flags (e.g. 1 = strict alignment).")
    int progFlags;

    @Option(names = "--log-level", paramLabel = "N", defaultValue = "1",
            description = "Verifier log level: 0, 1, 2, 4 or a sum (default: ${DEFAULT-VALUE}); a reject always shows the log.")
    int logLevel;

    /** Exactly one of FILE and --hex. */
    ProgramUnit read() {
        if ((file == null) == (hex == null)) {
            throw CliFailure.badInput("give either FILE or --hex HEX (" + (file == null ? "neither" : "both") + " given)");
        }
        if (hex != null) return ProgramUnit.of(decode("--hex", () -> Program.fromHex(hex)));
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) throw CliFailure.badInput(file + ": is a directory, not a program file");
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw CliFailure.badInput(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw CliFailure.badInput(file + ": permission denied");
        } catch (IOException e) {
            throw CliFailure.badInput(file + ": cannot read: " + e.getMessage());
        }
        String text = asText(bytes);
        if (text == null || file.toString().endsWith(".bin")) {
            return ProgramUnit.of(decode(file.toString(), () -> Program.fromBytes(bytes)));
        }
        try {
            ProgramUnit u = TextAssembler.assemble(text);
            if (u.program().isEmpty()) throw CliFailure.badInput(file + ": no instructions");
            return u;
        } catch (AsmSyntaxException e) {
            throw CliFailure.badInput(file + ": " + e.getMessage());
        }
    }

    private interface Decoder {
        Program decode();
    }

    private static Program decode(String source, Decoder d) {
        try {
            Program p = d.decode();
            p.instructions();
            if (p.isEmpty()) throw CliFailure.badInput(source + ": empty program (0 bytes)");
            return p;
        } catch (DecodeException e) {
            throw CliFailure.badInput(source + ": " + e.getMessage());
        }
    }

    /** The bytes as text if they are UTF-8 without control characters other than whitespace, else null. */
    private static String asText(byte[] bytes) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') return null;
            }
            return s;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    LoadOptions options(ProgType defaultType) {
        ProgType t = type == null ? defaultType : ProgType.parse(type)
                .orElseThrow(() -> CliFailure.badInput("unknown program type '" + type + "' (e.g. socket_filter, xdp, sched_cls)"));
        AttachType at = attachType == null ? null : AttachType.parse(attachType)
                .orElseThrow(() -> CliFailure.badInput("unknown attach type '" + attachType + "' (e.g. xdp, cgroup_inet_ingress)"));
        if ((logLevel & ~7) != 0) throw CliFailure.badInput("--log-level must combine 1, 2 and 4, got " + logLevel);
        if (at == null && t == ProgType.XDP) at = AttachType.XDP;
        return LoadOptions.of(t).withExpectedAttachType(at).withName(name).withLicense(license).withFlags(progFlags)
                .withLogLevel(logLevel);
    }

    /** Creates the maps and loads the program; a reject prints the log and fails with exit code 1. */
    BpfObject load(ProgramUnit unit, LoadOptions options, PrintWriter out) {
        try {
            return BpfObject.load(unit, options);
        } catch (ProgramLoadException e) {
            if (!e.log().isEmpty()) {
                out.print(e.log().endsWith("\n") ? e.log() : e.log() + "\n");
                out.flush();
            }
            throw new CliFailure(Main.FAILED, e.getMessage());
        } catch (SyscallException e) {
            throw kernelFailure(e);
        }
    }

    /** A kernel error as a CLI failure: missing things are bad input (2), refusals are failures (1). */
    static CliFailure kernelFailure(SyscallException e) {
        int errno = e.errno().value();
        boolean badInput = errno == Errno.ENODEV || errno == Errno.ENOENT || errno == Errno.EBADF;
        return new CliFailure(badInput ? Main.BAD_INPUT : Main.FAILED, e.getMessage());
    }

    /** Mounts a bpffs at {@code dir} when asked (never anywhere else). */
    static void mountIfAsked(Path dir, PrintWriter out) {
        if (dir == null) return;
        try {
            if (BpfFs.mount(dir)) out.println("mounted a bpffs at " + dir);
        } catch (SyscallException e) {
            throw kernelFailure(e);
        }
    }

    /** Prints every entry of a map: arrays skip zero values; 4- and 8-byte keys and values print as numbers. */
    static void printMap(String title, BpfMap map, PrintWriter out) {
        out.println("map " + title + " (" + map.type().name().toLowerCase() + ", key " + map.keySize() + " B, value "
                + map.valueSize() + " B" + (map.info().perCpu() ? " per CPU" : "") + "):");
        List<byte[]> keys = map.keys();
        int shown = 0;
        for (byte[] k : keys) {
            byte[] v = map.lookup(k);
            if (v == null) continue;
            boolean zero = true;
            for (byte b : v) zero &= b == 0;
            if (zero && (map.type().name().contains("ARRAY"))) continue;
            out.println("  " + number(k) + ": " + (map.info().perCpu() ? perCpu(map, v) : number(v)));
            shown++;
        }
        if (shown == 0) out.println("  (" + (keys.isEmpty() ? "empty" : "all zero") + ")");
    }

    private static String perCpu(BpfMap map, byte[] all) {
        int slot = (map.valueSize() + 7) & ~7;
        StringBuilder sb = new StringBuilder();
        long sum = 0;
        for (int c = 0; c * slot < all.length; c++) {
            byte[] v = java.util.Arrays.copyOfRange(all, c * slot, c * slot + map.valueSize());
            sb.append(c == 0 ? "" : " ").append("cpu").append(c).append('=').append(number(v));
            if (v.length == 4 || v.length == 8) sum += Long.parseLong(number(v));
        }
        return (map.valueSize() == 4 || map.valueSize() == 8) ? sum + " (" + sb + ")" : sb.toString();
    }

    /** A 4- or 8-byte little-endian number, else hex bytes. */
    static String number(byte[] b) {
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
        if (b.length == 4) return Integer.toUnsignedString(bb.getInt());
        if (b.length == 8) return Long.toUnsignedString(bb.getLong());
        return HexFormat.ofDelimiter(" ").formatHex(b);
    }

    static String hexBytes(byte[] b) {
        return HexFormat.ofDelimiter(" ").formatHex(b);
    }
}
