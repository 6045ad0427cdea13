package dev.ebpf4j.bench.loader;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The C side of the comparison: {@code bpf_bench.c} from this jar's resources, compiled with gcc into a
 * temporary directory and started once; each request asks it to make one bpf(2) call {@code n} times and
 * waits for the answer, so that JMH times a batch of C calls the way it times the Java calls.
 */
final class CProgram implements AutoCloseable {
    static final String SOURCE = "c/bpf_bench.c";

    private final Path dir;
    private final Process process;
    private final BufferedReader in;
    private final Writer out;
    /** The program the C side loaded, with map fd 0, as hex: the benchmark checks it is the Java one. */
    final String programHex;

    private CProgram(Path dir, Process process, BufferedReader in, Writer out, String programHex) {
        this.dir = dir;
        this.process = process;
        this.in = in;
        this.out = out;
        this.programHex = programHex;
    }

    /** Compiles and starts the C program; fails with gcc's or the program's own message. */
    static CProgram start() {
        try {
            Path dir = Files.createTempDirectory("ebpf4j-bench-c");
            Path src = dir.resolve("bpf_bench.c");
            try (InputStream s = CProgram.class.getClassLoader().getResourceAsStream(SOURCE)) {
                if (s == null) throw new IllegalStateException(SOURCE + " is not in the benchmark jar's resources");
                Files.copy(s, src);
            }
            Path exe = dir.resolve("bpf_bench");
            Process gcc = new ProcessBuilder("gcc", "-O2", "-Wall", "-o", exe.toString(), src.toString())
                    .redirectErrorStream(true).start();
            String gccOut = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
                throw new IllegalStateException("gcc could not compile " + SOURCE + ": " + gccOut);
            }
            Process p = new ProcessBuilder(exe.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
            Writer out = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.US_ASCII);
            String ready = in.readLine();
            if (ready == null || !ready.startsWith("ready ")) {
                p.destroy();
                throw new IllegalStateException("the C benchmark did not start (see its error above): " + ready);
            }
            return new CProgram(dir, p, in, out, ready.substring(6));
        } catch (IOException e) {
            throw new UncheckedIOException("starting the C benchmark", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What the C side measured for one batch: wall-clock and thread CPU nanoseconds (user and system). */
    record Times(long wallNs, long cpuNs) {}

    /** Makes the C side perform {@code op} {@code n} times; returns its own measure of the time they took. */
    Times run(String op, int n) {
        try {
            out.write(op + " " + n + "\n");
            out.flush();
            String line = in.readLine();
            String[] f = line == null ? new String[0] : line.trim().split(" ");
            Times t = f.length == 2 ? new Times(Long.parseLong(f[0]), Long.parseLong(f[1])) : new Times(0, 0);
            if (t.wallNs() <= 0) throw new IllegalStateException("the C benchmark failed on '" + op + "' (see its error above)");
            return t;
        } catch (IOException e) {
            throw new UncheckedIOException("talking to the C benchmark", e);
        }
    }

    @Override
    public void close() {
        try {
            out.close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroy();
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
