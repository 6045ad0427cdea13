package dev.ebpf4j.cli.fuzz;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Counts of named classes, each with its smallest example, printed most frequent first. */
final class Tally<E> {
    private final Map<String, Integer> counts = new HashMap<>();
    private final Map<String, E> smallest = new HashMap<>();
    private final java.util.function.ToIntFunction<E> size;

    Tally(java.util.function.ToIntFunction<E> size) {
        this.size = size;
    }

    void add(String key, E example) {
        counts.merge(key, 1, Integer::sum);
        E old = smallest.get(key);
        if (old == null || size.applyAsInt(example) < size.applyAsInt(old)) smallest.put(key, example);
    }

    int total() {
        return counts.values().stream().mapToInt(Integer::intValue).sum();
    }

    List<Map.Entry<String, Integer>> top(int n) {
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(n).collect(Collectors.toList());
    }

    E example(String key) {
        return smallest.get(key);
    }

    String table(int n) {
        return top(n).stream().map(e -> String.format("%6d  %s", e.getValue(), e.getKey())).collect(Collectors.joining("\n"));
    }

}
