package dev.ebpf4j.cli.fuzz;

/**
 * The seed of the generated programs. Fixed by default so a CI run is reproducible and a pinned figure means the
 * same programs every time; {@code -Debpf4j.fuzz.seed=N} explores other programs, {@code =random} a new seed per run
 * (printed, so a finding can be replayed).
 */
final class FuzzSeeds {
    private FuzzSeeds() {}

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
