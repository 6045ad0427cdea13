package dev.ebpf4j.corpus;

import dev.ebpf4j.asm.MapBinding;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.uapi.AttachType;
import dev.ebpf4j.asm.uapi.ProgType;

import java.util.List;

/**
 * One program of a corpus file (DESIGN.md, "The corpus format"): what to load and, for recorded corpora,
 * what the live kernel answered.
 *
 * @param id                 {@code id}, or {@code name} when there is no id
 * @param name               the test's description, may be null
 * @param progType           program type
 * @param expectedAttachType expected attach type, or null
 * @param progFlags          {@code prog_flags} passed to the load
 * @param program            the instructions before map fds are patched in; null when the line has none
 *                           (the corpus's fill_helper tests)
 * @param maps               the maps and the LD_IMM64 slots that refer to them
 * @param extras             corpus-only map details (fixup name, BTF value type, prog array entries), one per map
 * @param live               the recorded kernel answer, or null when the line has none
 */
public record CorpusEntry(String id, String name, ProgType progType, AttachType expectedAttachType, int progFlags,
                          Program program, List<MapBinding> maps, List<MapExtras> extras, LiveResult live) {

    /** BPF_F_STRICT_ALIGNMENT. */
    public static final int F_STRICT_ALIGNMENT = 1;
    /** BPF_F_ANY_ALIGNMENT. */
    public static final int F_ANY_ALIGNMENT = 2;
    /** BPF_F_TEST_RND_HI32. */
    public static final int F_TEST_RND_HI32 = 4;
    /** BPF_F_TEST_STATE_FREQ. */
    public static final int F_TEST_STATE_FREQ = 8;

    public CorpusEntry {
        maps = List.copyOf(maps);
        extras = List.copyOf(extras);
    }

    public ProgramUnit unit() {
        return new ProgramUnit(program, maps);
    }

    /** Whether the live kernel ran this test (it has a recorded accept or reject). */
    public boolean wasRun() {
        return live != null && !"skipped".equals(live.verdict());
    }

    /** Corpus-only details of one map. */
    public record MapExtras(String fixup, String btfValueType, java.util.Map<String, String> progArrayEntries) {}

    /**
     * The kernel's recorded answer.
     *
     * @param verdict      {@code accept}, {@code reject} or {@code skipped}
     * @param errnoName    {@code EACCES}, {@code EINVAL}, ... for rejects, else null
     * @param errorLine    the last message line of a reject, else null
     * @param errorLines   every message line after the last instruction line
     * @param insnsProcessed the {@code processed N insns} figure, or -1
     * @param log          the verifier log at level 1 (long logs have their middle cut), or null
     * @param skippedReason why the test was not run, or null
     */
    public record LiveResult(String verdict, String errnoName, String errorLine, List<String> errorLines,
                             int insnsProcessed, String log, String skippedReason) {
        public LiveResult {
            errorLines = errorLines == null ? List.of() : List.copyOf(errorLines);
        }
    }
}
