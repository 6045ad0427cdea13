package dev.ebpf4j.bench.verifier;

import dev.ebpf4j.asm.MapBinding;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.uapi.AttachType;
import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.loader.BpfMap;
import dev.ebpf4j.loader.BpfProgram;
import dev.ebpf4j.loader.LoadOptions;
import dev.ebpf4j.loader.ProgramLoadException;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel's own account of a verification: a load at log level 4 ({@code BPF_LOG_STATS}) ends its log with
 * {@code verification time N usec} and {@code processed N insns}, for accepted and rejected programs alike.
 */
record KernelStats(long micros, int processed, boolean accepted) {
    private static final Pattern TIME = Pattern.compile("(?m)^verification time (\\d+) usec");
    private static final Pattern PROCESSED = Pattern.compile("(?m)^processed (\\d+) insns");

    /** Loads the program once; null when the kernel refused it before its verifier ran (no statistics). */
    static KernelStats load(Program program, List<MapBinding> bindings, List<BpfMap> maps, ProgType type,
                            AttachType attach, int flags) {
        LoadOptions o = LoadOptions.of(type).withExpectedAttachType(attach).withFlags(flags).withLogLevel(4)
                .withLogOnFailure(false);
        String log;
        boolean accepted;
        try (BpfProgram p = BpfProgram.load(new ProgramUnit(program, bindings), o, maps)) {
            log = p.log();
            accepted = true;
        } catch (ProgramLoadException e) {
            log = e.log();
            accepted = false;
        }
        return parse(log, accepted);
    }

    static KernelStats parse(String log, boolean accepted) {
        if (log == null) return null;
        Matcher t = TIME.matcher(log);
        Matcher p = PROCESSED.matcher(log);
        if (!t.find() || !p.find()) return null;
        return new KernelStats(Long.parseLong(t.group(1)), Integer.parseInt(p.group(1)), accepted);
    }
}
