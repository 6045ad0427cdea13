package dev.ebpf4j.cli.fuzz;

import dev.ebpf4j.asm.uapi.ProgType;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

/**
 * The generators against the live kernel alone: a differential test learns most when the kernel accepts about
 * half of what it is given and rejects the rest for many different reasons. Pins that mix so a change to the
 * generators cannot quietly turn them into a stream of one kind of answer.
 */
class GeneratorMixTest {
    static final int PROGRAMS = 1000;
    static final String DEBUG_CLASS = System.getProperty("ebpf4j.fuzz.debugClass", "");

    @Test
    void kernelAcceptsAboutHalfAndRejectsForManyReasons() {
        String why = KernelOracle.unavailable();
        Assumptions.assumeTrue(why == null, why);
        Map<ProgType, int[]> perType = new EnumMap<>(ProgType.class);
        Tally<FuzzProgram> rejects = new Tally<>(p -> p.unit().program().size());
        int[] accepted = {0};
        java.util.List<Object[]> slow = new java.util.ArrayList<>();
        java.util.List<Long> times = new java.util.ArrayList<>();
        try (KernelOracle kernel = new KernelOracle()) {
            qt().withFixedSeed(FuzzSeeds.seed()).withExamples(PROGRAMS).forAll(ProgramGen.programs()).checkAssert(p -> {
                long t0 = System.nanoTime();
                Answer a = kernel.answer(p);
                slow.add(new Object[] {(System.nanoTime() - t0) / 1000, p, a});
                times.add((System.nanoTime() - t0) / 1000);
                slow.sort((x, y) -> Long.compare((Long) y[0], (Long) x[0]));
                if (slow.size() > 5) slow.remove(5);
                int[] t = perType.computeIfAbsent(p.type(), k -> new int[2]);
                t[0]++;
                if (a.accepted()) {
                    accepted[0]++;
                    t[1]++;
                } else {
                    rejects.add(a.masked(), p);
                    if (DEBUG_CLASS.equals(a.masked())) System.out.println("DBG " + a.errorLine() + " | " + p.recipe());
                }
            });
        }
        double rate = accepted[0] / (double) PROGRAMS;
        System.out.printf("generator mix, seed %d: %d of %d accepted (%.1f%%)%n", FuzzSeeds.seed(), accepted[0], PROGRAMS, 100 * rate);
        perType.forEach((t, c) -> System.out.printf("  %-28s %4d programs, %4d accepted%n", t.kernelName(), c[0], c[1]));
        System.out.println("kernel reject classes (" + rejects.top(1000).size() + " distinct):\n" + rejects.table(25));
        long[] t = times.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("kernel load time: median %d us, 90th %d us, 99th %d us, total %d ms%n",
                t[t.length / 2], t[t.length * 9 / 10], t[t.length * 99 / 100], java.util.Arrays.stream(t).sum() / 1000);
        slow.forEach(x -> System.out.println("slow: " + x[0] + " us, " + x[2] + "\n" + x[1]));
        for (var e : rejects.top(Boolean.getBoolean("ebpf4j.fuzz.verbose") ? 1000 : 4)) System.out.println("example of " + e.getKey() + ":\n" + rejects.example(e.getKey()));
        assertTrue(rate >= 0.40 && rate <= 0.60, "accept rate " + rate + " outside 40%..60%");
        assertTrue(rejects.top(1000).size() >= 25, "only " + rejects.top(1000).size() + " distinct reject messages");
    }
}
