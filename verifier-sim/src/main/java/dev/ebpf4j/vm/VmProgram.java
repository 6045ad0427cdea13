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
