package dev.ebpf4j.corpus;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorpusTest {
    @Test
    void readsTheWholeSelftestCorpus() {
        List<CorpusEntry> all = Corpus.read(Corpus.selftests());
        assertEquals(1373, all.size());
        assertEquals(1360, all.stream().filter(e -> e.program() != null).count());
        assertEquals(715, all.stream().filter(e -> e.wasRun() && e.live().verdict().equals("accept")).count());
        assertEquals(613, all.stream().filter(e -> e.wasRun() && e.live().verdict().equals("reject")).count());
        assertEquals(401, all.stream().filter(e -> !e.maps().isEmpty()).count());
    }

    @Test
    void badLinesSayWhatIsWrong() {
        CorpusFormatException e = assertThrows(CorpusFormatException.class,
                () -> Corpus.parseLine("{\"id\":\"x\",\"prog_type\":\"nope\",\"insns_hex\":\"\"}"));
        assertTrue(e.getMessage().contains("unknown prog_type \"nope\""), e.getMessage());
        e = assertThrows(CorpusFormatException.class, () -> Corpus.parseLine("{\"id\":\"x\",\"insns_hex\":\"b70000\"}"));
        assertTrue(e.getMessage().contains("not a multiple of 8"), e.getMessage());
        e = assertThrows(CorpusFormatException.class, () -> Corpus.parseLine("[1,2"));
        assertTrue(e.getMessage().startsWith("not JSON"), e.getMessage());
    }
}
