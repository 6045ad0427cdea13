package dev.ebpf4j.verifier;

import dev.ebpf4j.asm.MapBinding;
import dev.ebpf4j.asm.uapi.AttachType;
import dev.ebpf4j.asm.uapi.ProgType;

import java.util.List;
import java.util.Objects;

/**
 * What the kernel would be told at {@code BPF_PROG_LOAD}: the program type, the expected attach type, the
 * {@code prog_flags}, the maps the program refers to and the log level (0, 1 or 2).
 */
public record Options(ProgType progType, AttachType expectedAttachType, int progFlags, List<MapBinding> maps,
                      int logLevel, java.util.Map<Integer, String> btfValueMaps) {

    public static final int F_STRICT_ALIGNMENT = 1;
    public static final int F_ANY_ALIGNMENT = 2;
    public static final int F_TEST_STATE_FREQ = 8;

    public Options {
        Objects.requireNonNull(progType, "progType");
        maps = List.copyOf(maps);
        btfValueMaps = java.util.Map.copyOf(btfValueMaps);
        if (logLevel < 0 || logLevel > 2) throw new IllegalArgumentException("log level must be 0, 1 or 2, not " + logLevel);
    }

    /**
     * The options without BTF information. {@code btfValueMaps} (the other constructor) maps the index of each map
     * whose value type is described by BTF with special fields (spin locks, timers, kptrs) to a description of that
     * type naming the fields ({@code "struct val { int cnt; struct bpf_spin_lock l; } (bpf_spin_lock at offset 4)"},
     * or kptr fields as {@code struct prog_test_ref_kfunc __kptr(...) *ptr} with their offsets): the simulator
     * models a spin lock, or kptrs to the kernel structs whose layout it has; other fields (timers, both kinds
     * together) make it reject programs that touch such values rather than guess.
     */
    public Options(ProgType progType, AttachType expectedAttachType, int progFlags, List<MapBinding> maps, int logLevel) {
        this(progType, expectedAttachType, progFlags, maps, logLevel, java.util.Map.of());
    }

    public static Options of(ProgType type) {
        return new Options(type, null, 0, List.of(), 0);
    }

    public Options withLogLevel(int level) {
        return new Options(progType, expectedAttachType, progFlags, maps, level, btfValueMaps);
    }

    public Options withMaps(List<MapBinding> newMaps) {
        return new Options(progType, expectedAttachType, progFlags, newMaps, logLevel, btfValueMaps);
    }

    public Options withFlags(int flags) {
        return new Options(progType, expectedAttachType, flags, maps, logLevel, btfValueMaps);
    }

    public Options withAttachType(AttachType t) {
        return new Options(progType, t, progFlags, maps, logLevel, btfValueMaps);
    }
}
