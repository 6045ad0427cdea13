package dev.ebpf4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ebpf4j.asm.DecodeException;
import dev.ebpf4j.asm.MapSpec;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.text.AsmSyntaxException;
import dev.ebpf4j.asm.text.TextAssembler;
import dev.ebpf4j.asm.uapi.AttachType;
import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.corpus.Corpus;
import dev.ebpf4j.corpus.CorpusEntry;
import dev.ebpf4j.verifier.CorpusOptions;
import dev.ebpf4j.verifier.Options;
import dev.ebpf4j.verifier.Result;
import dev.ebpf4j.verifier.Verifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ebpf4j verify}: the offline verifier simulator on one program (raw bytes or assembler text), or on a
 * corpus file (JSON Lines in and out, DESIGN.md "The corpus format").
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check a program offline the way the Linux 6.18 verifier would (privileged load).",
            "FILE is raw struct bpf_insn bytes or assembler text (kernel/LLVM pseudo-C or ubpf syntax).",
            "Exit code: 0 accepted, 1 rejected, 2 bad input."})
public final class VerifyCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--type", paramLabel = "TYPE", defaultValue = "socket_filter",
            description = "Program type, e.g. socket_filter, xdp, sched_cls (default: ${DEFAULT-VALUE}).")
    String type;

    @Option(names = "--attach-type", paramLabel = "TYPE", description = "Expected attach type, e.g. xdp_devmap.")
    String attachType;

    @Option(names = "--flags", paramLabel = "N", defaultValue = "0",
            description = "prog_flags (1 strict alignment, 2 any alignment, 8 test state freq).")
    int flags;

    @Option(names = "--map", paramLabel = "SPEC", description = {MapOption.HELP_SPELLINGS, MapOption.HELP_BINDING})
    List<String> maps = new ArrayList<>();

    @Option(names = "--log-level", paramLabel = "0|1|2", defaultValue = "0", description = "Print the verifier log at this level.")
    int logLevel;

    @Option(names = "--json", description = "Print the answer as one JSON object.")
    boolean json;

    @Option(names = "--corpus", paramLabel = "FILE.jsonl", description = "Verify every line of a corpus file; JSON Lines out.")
    Path corpus;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The program: raw bytes or assembler text.")
    Path file;

    @Override
    public Integer call() {
        if (corpus != null) {
            if (file != null) throw CliFailure.badInput("verify: give either FILE or --corpus FILE.jsonl, not both");
            return runCorpus();
        }
        if (file == null) throw CliFailure.badInput("verify: no program file given (or use --corpus FILE.jsonl)");
        if (logLevel < 0 || logLevel > 2) throw CliFailure.badInput("verify: --log-level must be 0, 1 or 2, not " + logLevel);
        ProgType pt = ProgType.parse(type).orElseThrow(
                () -> CliFailure.badInput("verify: unknown --type '" + type + "' (e.g. socket_filter, xdp, sched_cls)"));
        AttachType at = null;
        if (attachType != null) {
            at = AttachType.parse(attachType).orElseThrow(
                    () -> CliFailure.badInput("verify: unknown --attach-type '" + attachType + "'"));
        }
        ProgramUnit unit = load(file);
        Options opts = new Options(pt, at, flags, unit.maps(), logLevel);
        Result r = Verifier.verify(unit.program(), opts);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = answer(r);
            if (logLevel > 0) o.put("log", r.log());
            out.println(o.toString());
        } else {
            if (logLevel > 0) out.print(r.log());
            if (r.accepted()) {
                out.println("accepted (processed " + r.processed() + " insns)");
            } else {
                out.println("rejected: " + r.errorLine());
                out.println("  insn " + r.insn() + ", errno " + r.errno() + ", processed " + r.processed() + " insns"
                        + (r.errorLines().size() > 1 ? "; all lines: " + String.join(" | ", r.errorLines()) : ""));
            }
        }
        out.flush();
        return r.accepted() ? Main.OK : Main.FAILED;
    }

    private static ObjectNode answer(Result r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("verdict", r.accepted() ? "accept" : "reject");
        if (!r.accepted()) {
            o.put("errno", r.errno().name());
            o.put("error_line", r.errorLine());
            ArrayNode lines = o.putArray("error_lines");
            r.errorLines().forEach(lines::add);
            o.put("insn", r.insn());
        }
        o.put("processed", r.processed());
        return o;
    }

    private int runCorpus() {
        PrintWriter out = spec.commandLine().getOut();
        BufferedReader in;
        try {
            in = Files.newBufferedReader(corpus, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw CliFailure.badInput(corpus + ": no such file");
        } catch (IOException e) {
            throw CliFailure.badInput(corpus + ": cannot read: " + e.getMessage());
        }
        try (in) {
            String line;
            int no = 0;
            while ((line = in.readLine()) != null) {
                no++;
                if (line.isBlank()) continue;
                ObjectNode o = JSON.createObjectNode();
                CorpusEntry e;
                try {
                    e = Corpus.parseLine(line);
                } catch (RuntimeException ex) {
                    o.put("line", no);
                    o.put("verdict", "error");
                    o.put("message", "line " + no + ": " + ex.getMessage());
                    out.println(o.toString());
                    continue;
                }
                if (e.id() != null) o.put("id", e.id());
                if (e.program() == null) {
                    o.put("verdict", "error");
                    o.put("message", "line " + no + ": no insns_hex");
                    out.println(o.toString());
                    continue;
                }
                long t0 = System.nanoTime();
                Result r = Verifier.verify(e.program(), CorpusOptions.of(e, logLevel));
                long micros = (System.nanoTime() - t0) / 1000;
                o.setAll(answer(r));
                o.put("micros", micros);
                // with --log-level, each answer carries the log, as kernel-verify's does with --log
                if (logLevel > 0) o.put("log", r.log());
                out.println(o.toString());
            }
        } catch (IOException ex) {
            throw CliFailure.badInput(corpus + ": cannot read: " + ex.getMessage());
        }
        out.flush();
        return Main.OK;
    }

    /** Raw bytes, or assembler text when the file reads as text. */
    private ProgramUnit load(Path f) {
        byte[] bytes;
        try {
            if (Files.isDirectory(f)) throw CliFailure.badInput(f + ": is a directory, not a program file");
            bytes = Files.readAllBytes(f);
        } catch (NoSuchFileException e) {
            throw CliFailure.badInput(f + ": no such file");
        } catch (IOException e) {
            throw CliFailure.badInput(f + ": cannot read: " + e.getMessage());
        }
        if (bytes.length == 0) throw CliFailure.badInput(f + ": empty program (0 bytes)");
        if (looksLikeText(bytes)) {
            try {
                return bind(TextAssembler.assemble(new String(bytes, StandardCharsets.UTF_8)), f);
            } catch (AsmSyntaxException e) {
                throw CliFailure.badInput(f + ": " + e.getMessage());
            }
        }
        Program p;
        try {
            p = Program.fromBytes(bytes);
        } catch (DecodeException e) {
            throw CliFailure.badInput(f + ": " + e.getMessage());
        }
        return bind(ProgramUnit.of(p), f);
    }

    private static boolean looksLikeText(byte[] b) {
        for (byte x : b) {
            int c = x & 0xff;
            if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t')) return false;
        }
        return true;
    }

    private ProgramUnit bind(ProgramUnit unit, Path f) {
        List<MapSpec> specs = new ArrayList<>();
        for (String m : maps) specs.add(MapOption.parse(m));
        return MapOption.bind(unit, specs, f.toString());
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
