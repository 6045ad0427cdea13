package dev.ebpf4j.asm;

import java.util.List;

/**
 * Where a program refers to a map: the slot indices of the LD_IMM64 instructions (pseudo source MAP_FD or
 * MAP_VALUE) whose imm must hold the map's fd when the program is loaded.
 */
public record MapBinding(MapSpec map, List<Integer> insnIndices) {
    public MapBinding {
        insnIndices = List.copyOf(insnIndices);
    }
}
