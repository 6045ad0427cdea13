package dev.ebpf4j.verifier;

import dev.ebpf4j.corpus.CorpusEntry;

import dev.ebpf4j.asm.MapBinding;
import dev.ebpf4j.asm.MapSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The simulator's options for a corpus line: what the kernel was told when the line was loaded. */
public final class CorpusOptions {
    private CorpusOptions() {}

    public static Options of(CorpusEntry e, int logLevel) {
        Set<Integer> btf = new HashSet<>();
        for (int i = 0; i < e.extras().size(); i++) {
            if (e.extras().get(i).btfValueType() != null) btf.add(i);
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
