package dev.ebpf4j.bench.verifier;

import dev.ebpf4j.asm.MapBinding;
import dev.ebpf4j.corpus.Corpus;
import dev.ebpf4j.corpus.CorpusEntry;
import dev.ebpf4j.loader.BpfMap;
import dev.ebpf4j.verifier.Options;
import dev.ebpf4j.verifier.Result;
import dev.ebpf4j.verifier.Verifier;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The simulator against the kernel on the corpus (issue 4, DESIGN.md "Performance"): one operation verifies every
 * corpus program the kernel ran, with the simulator; before each iteration the same programs are loaded into the
 * live kernel at log level 4 and the {@code verification time N usec} of each is summed into the
 * {@code kernelMillis} counter, so both figures come from one run on one machine. Goal: the score (simulator
 * milliseconds per pass) below {@code kernelMillis}.
 *
 * <p>Programs the kernel refuses before its verifier runs (maps it cannot create, BTF it needs) are left out of
 * both sides, and so are programs the simulator cannot answer within {@link #SIMULATOR_LIMIT_MS}: setup prints
 * how many and what the kernel needed for them, so the figure never hides them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CorpusVerifyBenchmark {
    static final long SIMULATOR_LIMIT_MS = 2_000;

    record Case(CorpusEntry entry, Options options, List<BpfMap> maps) {}

    List<Case> cases;
    final List<BpfMap> allMaps = new ArrayList<>();

    @Setup(Level.Trial)
    public void setup() throws Exception {
        cases = new ArrayList<>();
        int noStats = 0;
        List<String> slow = new ArrayList<>();
        long slowKernelMicros = 0;
        for (CorpusEntry e : Corpus.read(Corpus.selftests())) {
            if (!e.wasRun() || e.program() == null) continue;
            List<BpfMap> maps = new ArrayList<>();
            try {
                for (MapBinding b : e.maps()) maps.add(BpfMap.create(b.map()));
            } catch (RuntimeException ex) {
                maps.forEach(BpfMap::close);
                noStats++;
                continue;
            }
            KernelStats k = KernelStats.load(e.program(), e.maps(), maps, e.progType(), e.expectedAttachType(), e.progFlags());
            if (k == null) {
                maps.forEach(BpfMap::close);
                noStats++;
                continue;
            }
            Options o = new Options(e.progType(), e.expectedAttachType(), e.progFlags(), e.maps(), 0);
            Result r = Deadline.within(SIMULATOR_LIMIT_MS, () -> Verifier.verify(e.program(), o));
            if (r == null) {
                slow.add(e.id() + " (kernel: " + k.processed() + " insns, " + k.micros() + " us)");
                slowKernelMicros += k.micros();
                maps.forEach(BpfMap::close);
                continue;
            }
            cases.add(new Case(e, o, maps));
            allMaps.addAll(maps);
        }
        System.out.printf("%n%d corpus programs on both sides; %d left out because the kernel refused them before "
                + "verifying; %d left out because the simulator gave no answer within %d ms (the kernel needed %d ms "
                + "for them in all): %s%n", cases.size(), noStats, slow.size(), SIMULATOR_LIMIT_MS,
                slowKernelMicros / 1000, slow);
    }

    /** One pass of the kernel over the programs: the sum of its own verification times, in microseconds. */
    long kernelPass() {
        long sum = 0;
        for (Case c : cases) {
            CorpusEntry e = c.entry();
            KernelStats k = KernelStats.load(e.program(), e.maps(), c.maps(), e.progType(), e.expectedAttachType(), e.progFlags());
            if (k != null) sum += k.micros();
        }
        return sum;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        allMaps.forEach(BpfMap::close);
    }

    /** The kernel's side, measured before each iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Kernel {
        /** The kernel's verification time for one pass over the same programs, milliseconds. */
        public double kernelMillis;
        double measured;

        @Setup(Level.Iteration)
        public void pass(CorpusVerifyBenchmark b) {
            // JMH zeroes the counters after setup; the benchmark method copies this back in
            measured = b.kernelPass() / 1000.0;
        }
    }

    /** One pass of the simulator over every program; returns the accepts so the work cannot be optimised away. */
    @Benchmark
    public int simulator(Kernel kernel) {
        kernel.kernelMillis = kernel.measured;
        int accepted = 0;
        for (Case c : cases) if (Verifier.verify(c.entry().program(), c.options()).accepted()) accepted++;
        return accepted;
    }
}
