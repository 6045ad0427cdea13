package dev.ebpf4j.verifier;

import dev.ebpf4j.corpus.CorpusEntry;

import dev.ebpf4j.asm.MapBinding;
import dev.ebpf4j.asm.MapSpec;

import java.util.ArrayList;
import java.util.List;

/** The simulator's options for a corpus line: what the kernel was told when the line was loaded. */
public final class CorpusOptions {
    private CorpusOptions() {}

    public static Options of(CorpusEntry e, int logLevel) {
        java.util.Map<Integer, String> btf = new java.util.HashMap<>();
        for (int i = 0; i < e.extras().size(); i++) {
            if (e.extras().get(i).btfValueType() != null) btf.put(i, e.extras().get(i).btfValueType());
        }
        // the recorded loads created their maps without names (the log shows none)
        List<MapBinding> maps = new ArrayList<>();
        for (MapBinding b : e.maps()) maps.add(new MapBinding(unnamed(b.map()), b.insnIndices()));
        return new Options(e.progType(), e.expectedAttachType(), e.progFlags(), maps, logLevel, btf);
    }

    private static MapSpec unnamed(MapSpec m) {
        return new MapSpec("", m.type(), m.keySize(), m.valueSize(), m.maxEntries(), m.flags(), m.frozen(),
                m.initialValue(), m.innerMap() == null ? null : unnamed(m.innerMap()));
    }
}
