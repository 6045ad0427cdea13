package dev.ebpf4j.asm;

import java.util.List;

/**
 * A program together with the maps it refers to: what the text assembler produces, what a corpus line holds
 * and what the loader and the verifier simulator take.
 */
public record ProgramUnit(Program program, List<MapBinding> maps) {
    public ProgramUnit {
        maps = List.copyOf(maps);
    }

    public static ProgramUnit of(Program program) {
        return new ProgramUnit(program, List.of());
    }

    /** The program with each map's LD_IMM64 imm set to {@code fds[i]} for the i-th binding. */
    public Program withMapFds(int... fds) {
        if (fds.length != maps.size()) {
            throw new IllegalArgumentException(maps.size() + " maps but " + fds.length + " fds");
        }
        Program p = program;
        for (int m = 0; m < fds.length; m++) {
            for (int idx : maps.get(m).insnIndices()) p = p.withImm(idx, fds[m]);
        }
        return p;
    }
}
