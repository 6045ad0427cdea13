package dev.ebpf4j.vm;

import dev.ebpf4j.asm.text.ConformanceFile;
import dev.ebpf4j.corpus.Corpus;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** All 313 tests of the bpf_conformance suite run in the interpreter and pass. */
class ConformanceSuiteTest {
    @Test
    void everyConformanceTestPasses() throws IOException {
        Path dir = Corpus.sharedDir().resolve("corpus/bpf-conformance");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".data")).sorted().toList();
        }
        assertEquals(313, files.size(), "the suite has 313 tests");
        List<String> failures = new ArrayList<>();
        int passed = 0;
        for (Path f : files) {
            Conformance.Outcome o = Conformance.run(ConformanceFile.read(f));
            if (o.passed()) passed++;
            else failures.add(o.line());
        }
        assertTrue(failures.isEmpty(), passed + " passed, " + failures.size() + " failed:\n" + String.join("\n", failures));
        assertEquals(313, passed);
    }
}
