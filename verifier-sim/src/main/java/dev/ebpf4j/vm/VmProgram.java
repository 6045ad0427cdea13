package dev.ebpf4j.vm;

import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.uapi.ProgType;

import java.util.List;

/** A program loaded into a {@link Vm}: predecoded, its maps resolved, ready to run many times. */
public final class VmProgram {
    final Vm vm;
    final int id;
    final ProgType type;
    final Program program;
    final List<BpfMap> maps;
    final int codeRegion;
    final Decoded decoded;
    /** The program compiled to JVM bytecode ({@link Jit}) once it has run often enough, or null. */
    Jit.Compiled compiled;
    private int runs;
    private boolean compileTried;

    VmProgram(Vm vm, int id, ProgType type, Program program, List<BpfMap> maps) {
        this.vm = vm;
        this.id = id;
        this.type = type;
        this.program = program;
        this.maps = List.copyOf(maps);
        Region code = new Region(RegionKind.CODE, "code of program " + id, new byte[0], 0, 0, 0, false);
        this.codeRegion = vm.memory.add(code);
        this.decoded = new Decoded(program, vm, this.maps, codeRegion);
    }

    public int id() { return id; }

    /** Whether to run compiled code: compiles once the program has run {@code threshold} times (never if < 0). */
    boolean useJit(int threshold) {
        if (compiled != null) return true;
        if (threshold < 0 || compileTried) return false;
        if (runs++ < threshold) return false;
        compileTried = true;
        compiled = Jit.compile(decoded);
        return compiled != null;
    }

    /** Whether the program runs as compiled code (after enough runs; see {@link VmOptions#jitThreshold}). */
    public boolean isCompiled() { return compiled != null; }

    public ProgType type() { return type; }

    /** The program as loaded (map references patched to this VM's map fds). */
    public Program program() { return program; }

    /** The maps the program refers to, in binding order. */
    public List<BpfMap> maps() { return maps; }

    /** The insn a code pointer (LD_IMM64 pseudo func) names, or -1 when {@code v} is not one of ours. */
    int codeTarget(long v) {
        long rel = v - vm.memory.base(codeRegion);
        return rel >= 0 && rel < decoded.n ? (int) rel : -1;
    }
}
