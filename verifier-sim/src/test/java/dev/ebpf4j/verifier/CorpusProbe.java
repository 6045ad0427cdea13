package dev.ebpf4j.verifier;

import dev.ebpf4j.corpus.Corpus;
import dev.ebpf4j.corpus.CorpusEntry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A developer's probe, not a check: {@code -Dprobe=id1,id2} prints the simulator's answer and log next to the
 * kernel's for those corpus tests; {@code -Dprobe=slow} lists the programs that take longest.
 */
class CorpusProbe {
    static String norm(String log) {
        return log.replaceAll("0x[0-9a-f]{12,16}", "0xADDR").trim();
    }

    @Test
    void probe() {
        String ids = System.getProperty("probe");
        Assumptions.assumeTrue(ids != null && !ids.isBlank(), "no -Dprobe given");
        List<CorpusEntry> all = Corpus.read(Corpus.selftests());
        if (ids.equals("slow")) {
            for (CorpusEntry e : all) {
                if (!e.wasRun() || e.program() == null) continue;
                long t = System.nanoTime();
                Result r = Verifier.verify(e.program(), CorpusOptions.of(e, 0));
                long ms = (System.nanoTime() - t) / 1_000_000;
                if (ms > 200) System.out.println("SLOW " + ms + " ms " + e.id() + " processed=" + r.processed() + " live=" + e.live().insnsProcessed() + " " + r.errorLine());
            }
            return;
        }
        if (ids.equals("logs") || ids.equals("alllogs")) {
            boolean allTypes = ids.equals("alllogs");
            int same = 0, total = 0;
            java.util.Map<String, Integer> firstDiff = new java.util.TreeMap<>();
            for (CorpusEntry e : all) {
                if (!e.wasRun() || e.program() == null) continue;
                if (!allTypes && !CorpusFigures.CORE.contains(e.progType())) continue;
                if (e.live().log() == null || e.live().log().contains("bytes omitted")) continue;
                Result r = Verifier.verify(e.program(), CorpusOptions.of(e, 1));
                if (r.accepted() != "accept".equals(e.live().verdict())) continue;
                total++;
                String a = norm(e.live().log());
                String b = norm(r.log());
                if (a.equals(b)) { same++; continue; }
                String[] x = a.split("\n"), y = b.split("\n");
                int i = 0;
                while (i < Math.min(x.length, y.length) && x[i].equals(y[i])) i++;
                String k = (i < x.length ? x[i] : "<end>") + "  VS  " + (i < y.length ? y[i] : "<end>");
                firstDiff.put(e.id() + ": " + k, 1);
            }
            System.out.println("LOGS identical " + same + " of " + total);
            firstDiff.keySet().stream().limit(Integer.getInteger("probeLimit", 60)).forEach(k -> System.out.println("  " + k));
            return;
        }
        Set<String> want = Arrays.stream(ids.split(",")).map(String::trim).collect(Collectors.toSet());
        for (CorpusEntry e : all) {
            if (!want.contains(e.id())) continue;
            int level = Integer.getInteger("probeLevel", 1);
            Result r = Verifier.verify(e.program(), CorpusOptions.of(e, level));
            System.out.println("=== " + e.id() + " " + e.progType() + " flags=" + e.progFlags() + " maps=" + e.maps());
            System.out.println("--- kernel: " + e.live().verdict() + " " + e.live().errnoName() + " " + e.live().errorLines()
                    + " processed=" + e.live().insnsProcessed());
            System.out.println(e.live().log());
            System.out.println("--- ebpf4j: " + (r.accepted() ? "accept" : "reject") + " " + r.errno() + " " + r.errorLines()
                    + " processed=" + r.processed());
            System.out.println(r.log());
        }
    }
}
