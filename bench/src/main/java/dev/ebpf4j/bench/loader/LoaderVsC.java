package dev.ebpf4j.bench.loader;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs {@link LoaderBenchmark} and {@link PairedLoaderBenchmark} (JMH options pass through, e.g.
 * {@code -wi 2 -i 3 -w 1s -r 1s}) and prints, per operation, the loader's time per call and C's from the separate
 * benchmarks, their ratio, and the ratio of the paired benchmark (both sides in turn within each invocation, so
 * robust to load), against the goal of 1.3x for map operations and test runs; the goal is judged on the paired
 * ratio where there is one.
 *
 * <pre>java -cp bench/target/benchmarks.jar dev.ebpf4j.bench.loader.LoaderVsC -wi 2 -i 3 -w 1s -r 1s</pre>
 */
public final class LoaderVsC {
    private LoaderVsC() {}

    private static final Map<String, Double> GOALS = new LinkedHashMap<>();

    static {
        GOALS.put("MapLookup", 1.3);
        GOALS.put("MapUpdate", 1.3);
        GOALS.put("TestRun", 1.3);
        GOALS.put("ProgLoad", Double.NaN);
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        CommandLineOptions cli = new CommandLineOptions(args);
        Options options = new OptionsBuilder().parent(cli)
                .include(LoaderBenchmark.class.getName() + "\\..*")
                .include(PairedLoaderBenchmark.class.getName() + "\\..*").build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, Result<?>> byName = new LinkedHashMap<>();
        Map<String, Double> paired = new LinkedHashMap<>();
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark();
            String name = label.substring(label.lastIndexOf('.') + 1);
            if (label.contains(PairedLoaderBenchmark.class.getSimpleName())) {
                Result<?> j = r.getSecondaryResults().get("javaNs"), c = r.getSecondaryResults().get("cNs");
                if (j != null && c != null) paired.put(name, j.getScore() / c.getScore());
            } else {
                byName.put(name, r.getPrimaryResult());
            }
        }
        System.out.println();
        System.out.printf("%-10s %14s %14s %10s %11s %8s%n", "operation", "loader ns/op", "C ns/op", "loader/C", "paired CPU", "goal");
        boolean met = true;
        for (var g : GOALS.entrySet()) {
            String op = Character.toLowerCase(g.getKey().charAt(0)) + g.getKey().substring(1);
            Result<?> java = byName.get(op + "Java");
            Result<?> c = byName.get(op + "C");
            if (java == null || c == null) continue;
            double ratio = java.getScore() / c.getScore();
            Double pair = paired.get(op);
            double judged = pair != null ? pair : ratio;
            boolean hasGoal = !Double.isNaN(g.getValue());
            if (hasGoal && judged > g.getValue()) met = false;
            System.out.printf("%-10s %8.0f ±%5.0f %8.0f ±%5.0f %9.2fx %11s %8s%n", g.getKey(), java.getScore(), err(java),
                    c.getScore(), err(c), ratio, pair == null ? "-" : String.format("%.2fx", pair),
                    hasGoal ? (judged <= g.getValue() ? "<= " : "> ") + g.getValue() + "x" : "-");
        }
        System.out.println(met ? "every goal met" : "some goal NOT met");
    }

    private static double err(Result<?> r) {
        double e = r.getScoreError();
        return Double.isNaN(e) ? 0 : e;
    }
}
