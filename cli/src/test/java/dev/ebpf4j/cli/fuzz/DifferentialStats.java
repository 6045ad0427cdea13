package dev.ebpf4j.cli.fuzz;

import dev.ebpf4j.asm.uapi.ProgType;

import java.util.EnumMap;
import java.util.Map;

/** What a differential run saw: agreement per program type, and the classes of disagreement with an example each. */
final class DifferentialStats {
    private final Map<ProgType, int[]> perType = new EnumMap<>(ProgType.class);   // programs, verdicts agree, unsafe
    final Tally<Case> disagreements = new Tally<>(c -> c.program().unit().program().size());
    final Tally<Case> lineMismatches = new Tally<>(c -> c.program().unit().program().size());
    int programs;
    int agree;
    int bothReject;
    int sameLine;
    int unsafe;
    int kernelAccepts;

    record Case(FuzzProgram program, Answer kernel, Answer simulator) {
        @Override
        public String toString() {
            return "kernel:    " + kernel + "\nsimulator: " + simulator + "\n" + program;
        }
    }

    long kernelNanos;
    long simulatorNanos;
    long slowestSimulator;
    FuzzProgram slowestSimulatorProgram;

    /** Asks both and records the answers with the time each took. */
    void record(FuzzProgram p, java.util.function.Supplier<Answer> kernel, java.util.function.Supplier<Answer> sim) {
        long t0 = System.nanoTime();
        Answer k = kernel.get();
        long t1 = System.nanoTime();
        Answer s = sim.get();
        long t2 = System.nanoTime();
        kernelNanos += t1 - t0;
        simulatorNanos += t2 - t1;
        if (t2 - t1 > slowestSimulator) {
            slowestSimulator = t2 - t1;
            slowestSimulatorProgram = p;
        }
        record(p, k, s);
    }

    void record(FuzzProgram p, Answer kernel, Answer sim) {
        programs++;
        int[] t = perType.computeIfAbsent(p.type(), k -> new int[3]);
        t[0]++;
        if (kernel.accepted()) kernelAccepts++;
        Case c = new Case(p, kernel, sim);
        if (kernel.accepted() == sim.accepted()) {
            agree++;
            t[1]++;
            if (!kernel.accepted()) {
                bothReject++;
                if (kernel.errorLine() == null || kernel.errorLine().equals(sim.errorLine())) sameLine++;
                else lineMismatches.add("kernel: " + kernel.masked() + "  |  simulator: " + sim.masked(), c);
            }
        } else {
            if (sim.accepted()) {
                unsafe++;
                t[2]++;
            }
            disagreements.add("kernel: " + kernel.masked() + "  |  simulator: " + sim.masked(), c);
        }
    }

    double agreement() {
        return programs == 0 ? 0 : agree / (double) programs;
    }

    String report(int examples) {
        StringBuilder s = new StringBuilder();
        s.append(String.format("verdict agreement %d/%d = %.2f%% (kernel accepted %d), unsafe accepts %d, "
                        + "error line equal for %d/%d programs both reject%n",
                agree, programs, 100 * agreement(), kernelAccepts, unsafe, sameLine, bothReject));
        s.append(String.format("time: kernel %d ms, simulator %d ms (slowest %d ms: %s)%n", kernelNanos / 1_000_000,
                simulatorNanos / 1_000_000, slowestSimulator / 1_000_000,
                slowestSimulatorProgram == null ? "-" : String.join("; ", slowestSimulatorProgram.recipe())));
        s.append(String.format("  %-28s %8s %8s %8s%n", "program type", "programs", "agree", "unsafe"));
        perType.forEach((t, c) -> s.append(String.format("  %-28s %8d %8d %8d%n", t.kernelName(), c[0], c[1], c[2])));
        s.append("verdict disagreements by class (masked messages):\n").append(disagreements.table(20)).append('\n');
        for (var e : disagreements.top(examples)) {
            s.append("---- smallest example of ").append(e.getKey()).append('\n').append(disagreements.example(e.getKey()));
        }
        s.append("error line mismatches where both reject:\n").append(lineMismatches.table(15)).append('\n');
        return s.toString();
    }
}
