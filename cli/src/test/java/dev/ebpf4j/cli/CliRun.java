package dev.ebpf4j.cli;

import dev.ebpf4j.loader.BpfAccess;
import org.junit.jupiter.api.Assumptions;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the command line in-process, capturing its output; and the kernel-test probe for the cli's tests. */
final class CliRun {
    private CliRun() {}

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private static final String BPF_UNAVAILABLE = BpfAccess.unavailableReason().map(r -> "bpf(2) not allowed here: " + r).orElse(null);

    static void assumeBpf() {
        if (BPF_UNAVAILABLE != null) System.out.println("skipped: " + BPF_UNAVAILABLE);
        Assumptions.assumeTrue(BPF_UNAVAILABLE == null, BPF_UNAVAILABLE);
    }
}
