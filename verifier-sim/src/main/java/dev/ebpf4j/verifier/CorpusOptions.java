package dev.ebpf4j.verifier;

import dev.ebpf4j.corpus.CorpusEntry;

/** The simulator's options for a corpus line: what the kernel was told when the line was loaded. */
public final class CorpusOptions {
    private CorpusOptions() {}

    public static Options of(CorpusEntry e, int logLevel) {
        java.util.Map<Integer, String> btf = new java.util.HashMap<>();
        for (int i = 0; i < e.extras().size(); i++) {
            if (e.extras().get(i).btfValueType() != null) btf.put(i, e.extras().get(i).btfValueType());
        }
        // maps carry the names their lines give them (none in the recorded corpus, whose logs show none)
        return new Options(e.progType(), e.expectedAttachType(), e.progFlags(), e.maps(), logLevel, btf);
    }
}
