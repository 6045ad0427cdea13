package dev.ebpf4j.bench.loader;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;

/**
 * The ratio measured so that load on the machine cancels out: each invocation makes a batch of calls through
 * the loader, then has the C program make the same batch, and adds each side's <em>thread CPU time</em> (user
 * and system, as {@code CLOCK_THREAD_CPUTIME_ID} counts it on both sides) to its own counter. Both sides thus
 * see the same machine within milliseconds, where the separate benchmarks of {@link LoaderBenchmark} may be
 * seconds apart, and neither side is charged for the time it waited for a CPU, nor the C side for the pipe and
 * the wake-up of its process (which, on a loaded machine, can take longer than the batch itself). JMH reports
 * the counters {@code javaNs} and {@code cNs} (summed over the measurement iterations) next to each benchmark;
 * {@link LoaderVsC} divides them. The primary score mixes both sides and means little by itself.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class PairedLoaderBenchmark {
    static final int PAIR = 2_000;
    static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    /** Nanoseconds spent on each side during one iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Split {
        public long javaNs;
        public long cNs;

        @Setup(Level.Iteration)
        public void reset() {
            javaNs = 0;
            cNs = 0;
        }
    }

    @Benchmark
    @OperationsPerInvocation(2 * PAIR)
    public long mapLookup(LoaderBenchmark b, Split s) {
        long t0 = CPU.getCurrentThreadCpuTime();
        for (int i = 0; i < PAIR; i++) b.mapLookupJava();
        long t1 = CPU.getCurrentThreadCpuTime();
        CProgram.Times c = b.c.run("lookup", PAIR);
        s.javaNs += t1 - t0;
        s.cNs += c.cpuNs();
        return c.cpuNs();
    }

    @Benchmark
    @OperationsPerInvocation(2 * PAIR)
    public long mapUpdate(LoaderBenchmark b, Split s) {
        long t0 = CPU.getCurrentThreadCpuTime();
        for (int i = 0; i < PAIR; i++) b.mapUpdateJava();
        long t1 = CPU.getCurrentThreadCpuTime();
        CProgram.Times c = b.c.run("update", PAIR);
        s.javaNs += t1 - t0;
        s.cNs += c.cpuNs();
        return c.cpuNs();
    }

    @Benchmark
    @OperationsPerInvocation(2 * PAIR)
    public long testRun(LoaderBenchmark b, Split s) {
        long t0 = CPU.getCurrentThreadCpuTime();
        int sum = 0;
        for (int i = 0; i < PAIR; i++) sum += b.testRunJava();
        long t1 = CPU.getCurrentThreadCpuTime();
        CProgram.Times c = b.c.run("testrun", PAIR);
        s.javaNs += t1 - t0;
        s.cNs += c.cpuNs();
        return c.cpuNs() + sum;
    }
}
