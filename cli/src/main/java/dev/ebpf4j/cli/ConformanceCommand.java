package dev.ebpf4j.cli;

import dev.ebpf4j.asm.text.AsmSyntaxException;
import dev.ebpf4j.asm.text.ConformanceFile;
import dev.ebpf4j.vm.Conformance;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code ebpf4j conformance PATH...}: runs bpf_conformance {@code .data} tests in the interpreter. */
@Command(name = "conformance", mixinStandardHelpOptions = true,
        description = {"Run bpf_conformance .data tests (program, memory, expected r0) in the interpreter.",
            "A directory stands for the .data files in it. Prints one line per test and 'N passed, M failed'."})
public final class ConformanceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = ".data files or directories of them.")
    List<Path> paths;

    @Override
    public Integer call() {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(f -> f.toString().endsWith(".data")).sorted().forEach(files::add);
                } catch (IOException e) {
                    throw CliFailure.badInput(p + ": cannot list: " + e.getMessage());
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                throw CliFailure.badInput(p + ": no such file or directory");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        int passed = 0, failed = 0;
        for (Path f : files) {
            Conformance.Outcome o;
            try {
                o = Conformance.run(ConformanceFile.read(f));
            } catch (AsmSyntaxException e) {
                o = new Conformance.Outcome(f.getFileName().toString(), false, f + ": " + e.getMessage());
            } catch (UncheckedIOException e) {
                o = new Conformance.Outcome(f.getFileName().toString(), false, "cannot read: " + e.getCause().getMessage());
            }
            out.println(o.line());
            if (o.passed()) passed++;
            else failed++;
        }
        out.println(passed + " passed, " + failed + " failed");
        out.flush();
        return failed == 0 ? Main.OK : Main.FAILED;
    }
}
