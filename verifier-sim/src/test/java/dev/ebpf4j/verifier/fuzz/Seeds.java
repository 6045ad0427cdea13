package dev.ebpf4j.verifier.fuzz;

/**
 * The seed of the generated inputs: fixed by default so a CI run is reproducible, {@code -Debpf4j.fuzz.seed=N}
 * for other inputs, {@code =random} for a new seed per run (printed by the tests, so a finding can be replayed).
 */
final class Seeds {
    private Seeds() {}

    static final long DEFAULT = 0x6562_7066_346aL;
    private static final long SEED = parse(System.getProperty("ebpf4j.fuzz.seed"));

    static long seed() {
        return SEED;
    }

    private static long parse(String s) {
        if (s == null || s.isBlank()) return DEFAULT;
        if (s.equals("random")) return System.nanoTime();
        return Long.decode(s);
    }
}
