package dev.ebpf4j.vm;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns the interpreter's per-instruction callback into {@link TraceStep}s: remembers the registers before an
 * instruction and reports, when the next one starts (or the program exits), which of them changed.
 */
final class Tracing {
    private final Vm vm;
    private final Consumer<TraceStep> sink;
    private final long[] before = new long[11];
    private VmProgram prog;
    private int pc = -1;
    private int depth;

    Tracing(Vm vm, Consumer<TraceStep> sink) {
        this.vm = vm;
        this.sink = sink;
    }

    void at(VmProgram p, int nextPc, int nextDepth, long[] r) {
        flush(r);
        System.arraycopy(r, 0, before, 0, 11);
        prog = p;
        pc = nextPc;
        depth = nextDepth;
    }

    void end(long[] r) {
        flush(r);
        pc = -1;
    }

    private void flush(long[] r) {
        if (pc < 0) return;
        List<String> changes = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            if (r[i] != before[i]) changes.add("R" + i + "=" + vm.describe(r[i]));
        }
        long[] s = prog.decoded.slots;
        long next = pc + 1 < s.length && (s[pc] & 0xff) == 0x18 ? s[pc + 1] : 0;
        sink.accept(new TraceStep(pc, depth, s[pc], next, changes));
    }
}
