package dev.ebpf4j.verifier;

import dev.ebpf4j.corpus.CorpusEntry;

import java.util.HashSet;
import java.util.Set;

/** The simulator's options for a corpus line: what the kernel was told when the line was loaded. */
public final class CorpusOptions {
    private CorpusOptions() {}

    public static Options of(CorpusEntry e, int logLevel) {
        Set<Integer> btf = new HashSet<>();
        for (int i = 0; i < e.extras().size(); i++) {
            if (e.extras().get(i).btfValueType() != null) btf.add(i);
        }
        return new Options(e.progType(), e.expectedAttachType(), e.progFlags(), e.maps(), logLevel, btf);
    }
}
