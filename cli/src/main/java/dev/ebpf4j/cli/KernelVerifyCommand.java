package dev.ebpf4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ebpf4j.corpus.Corpus;
import dev.ebpf4j.corpus.CorpusEntry;
import dev.ebpf4j.corpus.CorpusFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ebpf4j kernel-verify --corpus FILE.jsonl}: loads every program of a corpus file into the live kernel
 * and prints one JSON line per input line, in order (DESIGN.md's output format); a line that cannot be read or
 * loaded gets {@code "verdict":"error"} with a message, and the run goes on.
 */
@Command(name = "kernel-verify", mixinStandardHelpOptions = true,
        description = {"Ask the live kernel's verifier about every program of a corpus file (needs root).",
            "Prints one JSON line per input line: id, verdict (accept/reject/error), errno, error_line, error_lines, insn, processed, micros."})
public final class KernelVerifyCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--corpus", required = true, paramLabel = "FILE.jsonl", description = "JSON Lines, one program per line.")
    Path corpus;

    @Option(names = "--log", description = "Also print the kernel's verifier log in each line (field \"log\").")
    boolean withLog;

    @Option(names = "--log-level", paramLabel = "1|2", defaultValue = "1",
            description = "Verifier log level of the loads (default 1, as the corpus was recorded).")
    int logLevel;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(corpus)) {
            throw CliFailure.badInput(corpus + (Files.exists(corpus) ? ": not a regular file" : ": no such file"));
        }
        if (logLevel != 1 && logLevel != 2) throw CliFailure.badInput("kernel-verify: --log-level must be 1 or 2, not " + logLevel);
        PrintWriter out = spec.commandLine().getOut();
        int lineNo = 0;
        try (BufferedReader r = Files.newBufferedReader(corpus); KernelVerifier kv = new KernelVerifier(logLevel)) {
            for (String line; (line = r.readLine()) != null; ) {
                lineNo++;
                if (line.isBlank()) continue;
                KernelVerifier.Outcome o;
                try {
                    CorpusEntry e = Corpus.parseLine(line);
                    o = kv.verify(e);
                } catch (CorpusFormatException e) {
                    o = KernelVerifier.Outcome.error(null, corpus + " line " + lineNo + ": " + e.getMessage());
                }
                out.println(JSON.writeValueAsString(toJson(o, lineNo)));
                out.flush();
            }
        } catch (NoSuchFileException e) {
            throw CliFailure.badInput(corpus + ": no such file");
        }
        return Main.OK;
    }

    private ObjectNode toJson(KernelVerifier.Outcome o, int lineNo) {
        ObjectNode n = JSON.createObjectNode();
        if (o.id() != null) n.put("id", o.id());
        else n.put("line", lineNo);
        n.put("verdict", o.verdict());
        if (o.message() != null) n.put("message", o.message());
        if ("reject".equals(o.verdict())) {
            n.put("errno", o.errno());
            if (o.errorLine() != null) n.put("error_line", o.errorLine());
            o.errorLines().forEach(n.putArray("error_lines")::add);
            if (o.insn() >= 0) n.put("insn", o.insn());
        }
        if (!"error".equals(o.verdict())) {
            if (o.processed() >= 0) n.put("processed", o.processed());
            n.put("micros", o.micros());
        }
        if (withLog && o.log() != null) n.put("log", o.log());
        return n;
    }
}
