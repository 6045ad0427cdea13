package dev.ebpf4j.verifier.domain;

import dev.ebpf4j.corpus.Corpus;
import dev.ebpf4j.corpus.CorpusEntry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScalarTextTest {
    /** A register or spilled slot holding a scalar in a live log: {@code R1=...} or {@code fp-8=...}. */
    private static final Pattern PRINTED = Pattern.compile("(?:R\\d+|fp-\\d+)=(P?(?:scalar\\([^ ]*?\\)(?= |$)|-?(?:0x)?[0-9a-f]+(?= |$)))");

    @Test
    void everyScalarPrintedByTheLiveKernelReadsBackAndPrintsIdentically() {
        Set<String> printed = new LinkedHashSet<>();
        for (CorpusEntry e : Corpus.read(Corpus.selftests())) {
            if (!e.wasRun() || e.live().log() == null) continue;
            for (String line : e.live().log().split("\n")) {
                Matcher m = PRINTED.matcher(line);
                while (m.find()) printed.add(m.group(1));
            }
        }
        assertTrue(printed.size() >= 136, "distinct printed scalars: " + printed.size());
        List<String> wrong = new ArrayList<>();
        for (String p : printed) {
            boolean precise = p.startsWith("P");
            String id = null;
            Matcher idm = Pattern.compile("^P?scalar\\(id=([0-9]+(?:[+-][0-9]+)?)").matcher(p);
            if (idm.find()) id = idm.group(1);
            String again = ScalarText.format(Scalar.parse(p), id, precise);
            if (!again.equals(p)) wrong.add(p + " -> " + again);
        }
        assertEquals(List.of(), wrong.subList(0, Math.min(20, wrong.size())), wrong.size() + " of " + printed.size());
    }

    @Test
    void printsTheKernelsExamples() {
        Scalar byteValue = Scalar.unknownOfSize(1);
        assertEquals("scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))", byteValue.format());
        assertEquals("5", Scalar.constant(5).format());
        assertEquals("0x70081", Scalar.constant(0x70081).format());
        assertEquals("-1", Scalar.constant(-1).format());
        assertEquals("0xffff", Scalar.constant(0xffff).format());
        assertEquals("-32768", Scalar.constant(-32768).format());
        assertEquals("0xffffffffffff7fff", Scalar.constant(-32769).format());
        assertEquals("scalar()", Scalar.unknown().format());
        assertEquals("scalar(id=3)", Scalar.unknown().format(3, false));
        assertEquals("P7", Scalar.constant(7).format(3, true));
        assertEquals("scalar(smin=smin32=-128,smax=smax32=127)", Scalar.unknownSignExtended(1).format());
    }

    @Test
    void badTextIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Scalar.parse("scalar(smin=zz)"));
        assertTrue(e.getMessage().contains("\"zz\""), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Scalar.parse("scalar(foo=1)"));
        assertTrue(e.getMessage().contains("foo"), e.getMessage());
    }
}
