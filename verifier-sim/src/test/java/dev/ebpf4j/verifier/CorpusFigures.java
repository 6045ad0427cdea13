package dev.ebpf4j.verifier;

import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.corpus.Corpus;
import dev.ebpf4j.corpus.CorpusEntry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs the simulator over the recorded kernel self-tests and measures how often it answers as the live 6.18
 * kernel did: per program type, verdict agreement, error-line agreement on rejects, and unsafe accepts (the
 * simulator accepting what the kernel rejected). Disagreements are grouped by the kernel's message with numbers
 * masked, largest group first.
 */
public final class CorpusFigures {
    /** The program types of the first goal. */
    public static final Set<ProgType> CORE = EnumSet.of(ProgType.SOCKET_FILTER, ProgType.XDP, ProgType.SCHED_CLS);

    /** Figures for one group of tests. */
    public static final class Row {
        public int tests;
        public int verdictAgree;
        public int rejects;
        public int errorLineAgree;
        public int unsafeAccepts;

        public double verdictRate() { return tests == 0 ? 1 : (double) verdictAgree / tests; }

        public double errorLineRate() { return rejects == 0 ? 1 : (double) errorLineAgree / rejects; }

        void add(Row r) {
            tests += r.tests;
            verdictAgree += r.verdictAgree;
            rejects += r.rejects;
            errorLineAgree += r.errorLineAgree;
            unsafeAccepts += r.unsafeAccepts;
        }
    }

    public final Map<ProgType, Row> byType = new TreeMap<>();
    public final Row core = new Row();
    public final Row all = new Row();
    /** masked kernel message (prefixed with the program type outside the core types) -> ids. */
    public final Map<String, List<String>> groups = new LinkedHashMap<>();
    public final List<String> unsafe = new ArrayList<>();
    public long nanos;
    /** Programs both the kernel and the simulator accept (with a recorded processed line). */
    public int acceptedBoth;
    /** Of those, how many print the kernel's exact final {@code processed ...} line. */
    public int statsLineAgree;
    /** Of those, how many have the kernel's processed-instruction count. */
    public int processedAgree;
    /** Programs both reject with a recorded processed line, and how many of those lines are the kernel's. */
    public int rejectedBoth;
    public int rejectStatsLineAgree;
    /** Accepted programs whose stats line differs: id, kernel line, ours. */
    public final List<String> statsDiffs = new ArrayList<>();
    /** The slowest programs (id and milliseconds), slowest first. */
    public final List<Map.Entry<String, Long>> slowest = new ArrayList<>();

    public static CorpusFigures measure() {
        CorpusFigures f = new CorpusFigures();
        List<CorpusEntry> entries = Corpus.read(Corpus.selftests());
        Map<String, List<String>> g = new TreeMap<>();
        long t0 = System.nanoTime();
        for (CorpusEntry e : entries) {
            if (!e.wasRun() || e.program() == null) continue;
            Options o = CorpusOptions.of(e, 0);
            long s0 = System.nanoTime();
            Result r = Verifier.verify(e.program(), o);
            long ms = (System.nanoTime() - s0) / 1_000_000;
            if (ms > 100) f.slowest.add(Map.entry(e.id() + " processed=" + r.processed() + " " + r.errorLine(), ms));
            boolean kernelAccepts = "accept".equals(e.live().verdict());
            Row row = new Row();
            row.tests = 1;
            if (r.accepted() == kernelAccepts) row.verdictAgree = 1;
            if (!kernelAccepts) {
                row.rejects = 1;
                // the message and the errno both: a load's caller sees the errno first
                if (!r.accepted() && e.live().errorLine().equals(r.errorLine())
                        && e.live().errnoName().equals(r.errno().name())) row.errorLineAgree = 1;
                if (r.accepted()) row.unsafeAccepts = 1;
            }
            f.byType.computeIfAbsent(e.progType(), k -> new Row()).add(row);
            f.all.add(row);
            boolean core = CORE.contains(e.progType());
            if (core) f.core.add(row);
            if (row.unsafeAccepts == 1) f.unsafe.add(e.id());
            if (!kernelAccepts && !r.accepted()) {
                String kernelLine = lastLine(e.live().log());
                if (kernelLine != null && kernelLine.startsWith("processed ")) {
                    f.rejectedBoth++;
                    if (kernelLine.equals(r.statsLine())) f.rejectStatsLineAgree++;
                    else f.statsDiffs.add(e.id() + " (rejected)\n      kernel: " + kernelLine + "\n      ebpf4j: " + r.statsLine());
                }
            }
            if (kernelAccepts && r.accepted()) {
                String kernelLine = lastLine(e.live().log());
                if (kernelLine != null && kernelLine.startsWith("processed ")) {
                    f.acceptedBoth++;
                    if (kernelLine.equals(r.statsLine())) f.statsLineAgree++;
                    else f.statsDiffs.add(e.id() + "\n      kernel: " + kernelLine + "\n      ebpf4j: " + r.statsLine());
                    if (e.live().insnsProcessed() == r.processed()) f.processedAgree++;
                }
            }
            String key = null;
            if (kernelAccepts && !r.accepted()) key = "kernel ACCEPTS; we say: " + mask(r.errorLine());
            else if (!kernelAccepts && row.errorLineAgree == 0) {
                key = e.live().errnoName() + " " + mask(e.live().errorLine()) + (r.accepted() ? "   <== UNSAFE ACCEPT"
                        : "   ; we say: " + r.errno().name() + " " + mask(r.errorLine()));
            }
            // Other program types are grouped too, their type named, so one file shows every disagreement.
            if (key != null && !core) key = "[" + e.progType().kernelName().replace("BPF_PROG_TYPE_", "") + "] " + key;
            if (key != null) g.computeIfAbsent(key, k -> new ArrayList<>()).add(e.id());
        }
        f.nanos = System.nanoTime() - t0;
        g.entrySet().stream().sorted((a, b) -> b.getValue().size() - a.getValue().size())
                .forEach(en -> f.groups.put(en.getKey(), en.getValue()));
        return f;
    }

    private static String lastLine(String log) {
        if (log == null) return null;
        String t = log.strip();
        return t.substring(t.lastIndexOf('\n') + 1).strip();
    }

    public double statsLineRate() { return acceptedBoth == 0 ? 1 : (double) statsLineAgree / acceptedBoth; }

    public double processedRate() { return acceptedBoth == 0 ? 1 : (double) processedAgree / acceptedBoth; }

    static String mask(String s) {
        return s == null ? "(accepted)" : s.replaceAll("-?\\b(0x)?[0-9a-f]*[0-9][0-9a-f]*\\b", "N");
    }

    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-28s %6s %16s %20s %8s%n", "program type", "tests", "verdict agree", "line+errno agree",
                "unsafe"));
        for (Map.Entry<ProgType, Row> en : byType.entrySet()) line(sb, en.getKey().kernelName(), en.getValue());
        line(sb, "CORE (SF+XDP+SCHED_CLS)", core);
        line(sb, "ALL", all);
        sb.append(String.format("accepted by both: %d; exact processed line %d (%.1f%%); same processed count %d (%.1f%%)%n",
                acceptedBoth, statsLineAgree, 100 * statsLineRate(), processedAgree, 100 * processedRate()));
        sb.append(String.format("rejected by both: %d; exact processed line %d%n", rejectedBoth, rejectStatsLineAgree));
        sb.append(String.format("simulator time for all %d programs: %.1f ms%n", all.tests, nanos / 1e6));
        slowest.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        for (Map.Entry<String, Long> en : slowest.subList(0, Math.min(10, slowest.size()))) {
            sb.append(String.format("  slow: %6d ms  %s%n", en.getValue(), en.getKey()));
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String name, Row r) {
        sb.append(String.format("%-28s %6d %7d (%5.1f%%) %9d/%-4d (%5.1f%%) %8d%n", name.replace("BPF_PROG_TYPE_", ""),
                r.tests, r.verdictAgree, 100 * r.verdictRate(), r.errorLineAgree, r.rejects, 100 * r.errorLineRate(),
                r.unsafeAccepts));
    }

    public String groupsText() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, List<String>> en : groups.entrySet()) {
            sb.append(String.format("%4d  %s%n      %s%n", en.getValue().size(), en.getKey(),
                    String.join(" ", en.getValue().subList(0, Math.min(12, en.getValue().size())))));
        }
        return sb.toString();
    }

    public void write(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("verifier-corpus-table.txt"), table());
            Files.writeString(dir.resolve("verifier-disagreements.txt"), groupsText());
            Files.writeString(dir.resolve("verifier-stats-line-diffs.txt"), String.join("\n", statsDiffs) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
