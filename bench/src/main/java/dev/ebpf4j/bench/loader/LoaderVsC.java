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
 * Runs {@link LoaderBenchmark} (JMH options pass through, e.g. {@code -wi 2 -i 3 -w 1s -r 1s}) and prints, per
 * operation, the loader's time per call, C's, and their ratio, against the goal of 1.3x for map operations and
 * test runs.
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
        Options options = new OptionsBuilder().parent(cli).include(LoaderBenchmark.class.getName() + "\\..*").build();
        Collection<RunResult> results = new Runner(options).run();
        Map<String, Result<?>> byName = new LinkedHashMap<>();
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark();
            byName.put(label.substring(label.lastIndexOf('.') + 1), r.getPrimaryResult());
        }
        System.out.println();
        System.out.printf("%-10s %14s %14s %10s %8s%n", "operation", "loader ns/op", "C ns/op", "loader/C", "goal");
        boolean met = true;
        for (var g : GOALS.entrySet()) {
            Result<?> java = byName.get("java" + g.getKey());
            Result<?> c = byName.get("c" + g.getKey());
            if (java == null || c == null) continue;
            double ratio = java.getScore() / c.getScore();
            boolean hasGoal = !Double.isNaN(g.getValue());
            if (hasGoal && ratio > g.getValue()) met = false;
            System.out.printf("%-10s %9.0f ±%3.0f %9.0f ±%3.0f %9.2fx %8s%n", g.getKey(), java.getScore(), err(java),
                    c.getScore(), err(c), ratio, hasGoal ? (ratio <= g.getValue() ? "<= " : "> ") + g.getValue() + "x" : "-");
        }
        System.out.println(met ? "every goal met" : "some goal NOT met");
    }

    private static double err(Result<?> r) {
        double e = r.getScoreError();
        return Double.isNaN(e) ? 0 : e;
    }
}
