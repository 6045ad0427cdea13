package dev.ebpf4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ebpf4j.corpus.Corpus;
import dev.ebpf4j.corpus.CorpusEntry;
import dev.ebpf4j.loader.VerifierLog;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class KernelVerifyCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The differential check: kernel-verify over the whole self-test corpus reproduces the recorded live_verdict,
     * errno and live_error_line of every test the recording ran (1328 of 1373; the 45 it skipped need kfunc BTF
     * ids, attach targets, program BTF or run-time generated instructions).
     */
    @Test
    @Tag("kernel")
    void reproducesTheRecordedKernelAnswersOfTheWholeCorpus() throws Exception {
        CliRun.assumeBpf();
        List<CorpusEntry> entries = Corpus.read(Corpus.selftests());
        CliRun.Result r = CliRun.run("kernel-verify", "--corpus", Corpus.selftests().toString());
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(entries.size(), lines.length, "one output line per input line");
        int ran = 0, verdicts = 0, errorLines = 0;
        List<String> mismatches = new ArrayList<>();
        int knownDifferences = 0;
        for (int i = 0; i < lines.length; i++) {
            JsonNode got = JSON.readTree(lines[i]);
            CorpusEntry e = entries.get(i);
            assertEquals(e.id(), got.path("id").asText(), "same order as the input");
            if (!e.wasRun()) continue;
            ran++;
            if (KernelBuilds.answersOtherwise(e.id())) {
                knownDifferences++;
                continue;
            }
            String verdict = got.path("verdict").asText();
            if (verdict.equals(e.live().verdict())) verdicts++;
            else mismatches.add(e.id() + ": " + verdict + " " + got.path("message").asText(got.path("error_line").asText())
                    + " (recorded " + e.live().verdict() + ")");
            if ("reject".equals(e.live().verdict()) && "reject".equals(verdict)) {
                if (e.live().errorLine().equals(got.path("error_line").asText(null))
                        && e.live().errnoName().equals(got.path("errno").asText(null))) {
                    errorLines++;
                } else {
                    mismatches.add(e.id() + ": " + got.path("errno").asText() + " '" + got.path("error_line").asText()
                            + "' (recorded " + e.live().errnoName() + " '" + e.live().errorLine() + "')");
                }
            }
        }
        long rejects = entries.stream().filter(CorpusEntry::wasRun).filter(e -> "reject".equals(e.live().verdict())).count();
        System.out.println("kernel-verify: " + ran + " tests run, verdict agrees on " + verdicts + ", errno and error line on "
                + errorLines + " of " + rejects + " rejects"
                + (knownDifferences == 0 ? "" : " (" + knownDifferences + " left out: known to differ on kernel "
                        + KernelBuilds.release() + ")"));
        assertEquals(List.of(), mismatches);
        assertEquals(1328, ran);
    }

    /** The error-line rule of the loader against every recorded reject (offline: the recorded logs). */
    @Test
    void theErrorLineRuleMatchesEveryRecordedReject() {
        int checked = 0;
        for (CorpusEntry e : Corpus.read(Corpus.selftests())) {
            if (e.live() == null || !"reject".equals(e.live().verdict())) continue;
            assertEquals(e.live().errorLines(), VerifierLog.errorLines(e.live().log()), e.id());
            assertEquals(e.live().errorLine(), VerifierLog.errorLine(e.live().log()), e.id());
            checked++;
        }
        assertEquals(613, checked);
    }

    @Test
    @Tag("kernel")
    void badLinesGetAnErrorAndTheRunGoesOn(@TempDir Path tmp) throws Exception {
        CliRun.assumeBpf();
        Path f = tmp.resolve("mixed.jsonl");
        Files.writeString(f, String.join("\n",
                "{\"id\":\"ok\",\"prog_type\":\"socket_filter\",\"insns_hex\":\"b7000000000000009500000000000000\"}",
                "{not json",
                "{\"id\":\"badtype\",\"prog_type\":\"nonsense\",\"insns_hex\":\"9500000000000000\"}",
                "{\"id\":\"odd\",\"insns_hex\":\"b70000\"}",
                "",
                "{\"name\":\"rejected\",\"prog_type\":\"BPF_PROG_TYPE_XDP\",\"insns_hex\":\"bf200000000000009500000000000000\"}",
                "{\"id\":\"mapped\",\"insns_hex\":\"18010000000000000000000000000000b7000000000000009500000000000000\","
                        + "\"maps\":[{\"type\":\"hash\",\"key_size\":4,\"value_size\":8,\"max_entries\":4,\"insn_indices\":[0]}]}",
                "{\"id\":\"badmap\",\"insns_hex\":\"9500000000000000\",\"maps\":[{\"type\":\"array\",\"key_size\":4,\"value_size\":0,\"max_entries\":1,\"insn_indices\":[]}]}"));
        CliRun.Result r = CliRun.run("kernel-verify", "--corpus", f.toString());
        assertEquals(0, r.code(), r.err());
        String[] out = r.out().split("\n");
        assertEquals(7, out.length, r.out());
        assertEquals("accept", JSON.readTree(out[0]).path("verdict").asText());
        JsonNode broken = JSON.readTree(out[1]);
        assertEquals("error", broken.path("verdict").asText());
        assertEquals(2, broken.path("line").asInt());
        assertTrue(broken.path("message").asText().contains("line 2: not JSON"), out[1]);
        assertTrue(JSON.readTree(out[2]).path("message").asText().contains("unknown prog_type \"nonsense\""), out[2]);
        assertTrue(JSON.readTree(out[3]).path("message").asText().contains("not a multiple of 8"), out[3]);
        JsonNode rejected = JSON.readTree(out[4]);
        assertEquals("rejected", rejected.path("id").asText());
        assertEquals("reject", rejected.path("verdict").asText());
        assertEquals("EACCES", rejected.path("errno").asText());
        assertEquals("R2 !read_ok", rejected.path("error_line").asText());
        assertEquals(0, rejected.path("insn").asInt());
        assertEquals("accept", JSON.readTree(out[5]).path("verdict").asText(), out[5]);
        JsonNode badmap = JSON.readTree(out[6]);
        assertEquals("error", badmap.path("verdict").asText());
        assertTrue(badmap.path("message").asText().startsWith("cannot create map 'map0': BPF_MAP_CREATE failed: EINVAL"), out[6]);
    }

    @Test
    void aMissingCorpusFileIsBadInput() {
        CliRun.Result r = CliRun.run("kernel-verify", "--corpus", "/nonexistent/x.jsonl");
        assertEquals(2, r.code());
        assertEquals("ebpf4j: /nonexistent/x.jsonl: no such file\n", r.err());
    }
}
