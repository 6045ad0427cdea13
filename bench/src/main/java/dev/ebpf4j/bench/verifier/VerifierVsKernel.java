package dev.ebpf4j.bench.verifier;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;

/**
 * Runs both verifier benchmarks with short settings and prints the simulator-to-kernel ratios:
 * {@code java -cp bench/target/benchmarks.jar dev.ebpf4j.bench.verifier.VerifierVsKernel}.
 * For careful figures run the benchmarks themselves with JMH's defaults.
 */
public final class VerifierVsKernel {
    private VerifierVsKernel() {}

    public static void main(String[] args) throws Exception {
        Collection<RunResult> corpus = new Runner(new OptionsBuilder()
                .include(CorpusVerifyBenchmark.class.getName())
                .warmupIterations(1).measurementIterations(3).measurementTime(TimeValue.seconds(1)).forks(1).build()).run();
        Collection<RunResult> loop = new Runner(new OptionsBuilder()
                .include(LargeLoopBenchmark.class.getName())
                .warmupIterations(1).measurementIterations(3).measurementTime(TimeValue.seconds(1)).forks(1).build()).run();
        for (RunResult r : corpus) {
            double sim = r.getPrimaryResult().getScore();
            double kernel = secondary(r, "kernelMillis");
            System.out.printf("corpus pass: simulator %.1f ms, kernel verification time %.1f ms, simulator/kernel = %.2f%n",
                    sim, kernel, sim / kernel);
        }
        int processed = LargeLoopBenchmark.program() == null ? 0 : simulatorProcessed();
        for (RunResult r : loop) {
            double simMs = r.getPrimaryResult().getScore();
            double simRate = processed / (simMs / 1000);
            double kernelRate = secondary(r, "kernelInsnsPerSecond");
            System.out.printf("large loop: simulator %.1f ms for %d insns = %.0f insns/s, kernel %.0f insns/s (%.1f ms), "
                    + "simulator/kernel rate = %.2f%n", simMs, processed, simRate, kernelRate, secondary(r, "kernelMillis"),
                    simRate / kernelRate);
        }
    }

    private static int simulatorProcessed() {
        return dev.ebpf4j.verifier.Verifier.verify(LargeLoopBenchmark.program(),
                dev.ebpf4j.verifier.Options.of(dev.ebpf4j.asm.uapi.ProgType.SOCKET_FILTER)).processed();
    }

    /** The mean over measurement iterations of a counter (each iteration holds one kernel measurement). */
    private static double secondary(RunResult r, String name) {
        double sum = 0;
        int n = 0;
        for (var b : r.getBenchmarkResults()) {
            for (var it : b.getIterationResults()) {
                for (var e : it.getSecondaryResults().entrySet()) {
                    if (e.getKey().endsWith(name)) {
                        Result<?> v = e.getValue();
                        sum += v.getScore();
                        n++;
                    }
                }
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
