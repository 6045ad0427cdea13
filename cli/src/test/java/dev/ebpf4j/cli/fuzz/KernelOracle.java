package dev.ebpf4j.cli.fuzz;

import dev.ebpf4j.asm.MapBinding;
import dev.ebpf4j.asm.MapSpec;
import dev.ebpf4j.loader.BpfException;
import dev.ebpf4j.loader.BpfMap;
import dev.ebpf4j.loader.BpfProgram;
import dev.ebpf4j.loader.Errno;
import dev.ebpf4j.loader.LoadOptions;
import dev.ebpf4j.loader.ProgramLoadException;
import dev.ebpf4j.loader.VerifierLog;
import dev.ebpf4j.asm.uapi.MapType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The live kernel's answer for a generated program, through the loader: each map is created once and shared by
 * every program that names it, each program is loaded at log level 1 (for the error line and the processed
 * count) and closed at once.
 */
final class KernelOracle implements AutoCloseable {
    private final Map<MapSpec, BpfMap> maps = new HashMap<>();

    /** Null when bpf(2) may be used here, else why not. */
    static String unavailable() {
        try (BpfMap m = BpfMap.create("fz_probe", MapType.ARRAY, 4, 4, 1)) {
            return null;
        } catch (BpfException e) {
            return "bpf(2) not allowed here: " + e.getMessage();
        } catch (Throwable e) {
            return "bpf(2) not reachable: " + e;
        }
    }

    Answer answer(FuzzProgram p) {
        List<BpfMap> fds = new ArrayList<>();
        for (MapBinding b : p.unit().maps()) fds.add(maps.computeIfAbsent(b.map(), BpfMap::create));
        LoadOptions opts = LoadOptions.of(p.type()).withLogOnFailure(false);
        try (BpfProgram prog = BpfProgram.load(p.unit(), opts, fds)) {
            return Answer.accept(-1);
        } catch (ProgramLoadException e) {
            if (e.errno().value() == Errno.E2BIG) {
                // the kernel gave up after 1,000,000 instructions; their log at level 1 is tens of megabytes and
                // takes it half a minute to write, so the errno is all we ask for
                return Answer.reject(e.errno().name(), null, -1);
            }
        }
        try (BpfProgram prog = BpfProgram.load(p.unit(), opts.withLogLevel(1), fds)) {
            return Answer.accept(VerifierLog.insnsProcessed(prog.log()));   // accepted the second time: say so
        } catch (ProgramLoadException e) {
            return Answer.reject(e.errno().name(), e.errorLine(), e.insnsProcessed());
        }
    }

    @Override
    public void close() {
        maps.values().forEach(BpfMap::close);
        maps.clear();
    }
}
