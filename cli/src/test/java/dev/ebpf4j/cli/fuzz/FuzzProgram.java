package dev.ebpf4j.cli.fuzz;

import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.text.Disassembler;
import dev.ebpf4j.asm.uapi.ProgType;

import java.util.List;

/**
 * One generated program: its type, instructions and maps, and the recipe of fragments it was built from (what a
 * reader of a failure wants to know first). Printed in the kernel's own syntax so a failure reads like a log.
 */
record FuzzProgram(ProgType type, ProgramUnit unit, List<String> recipe) {
    FuzzProgram {
        recipe = List.copyOf(recipe);
    }

    String listing() {
        return Disassembler.kernel().listing(unit.program());
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        s.append(type.kernelName()).append(", ").append(unit.program().size()).append(" insns");
        unit.maps().forEach(m -> s.append(", map ").append(m.map().name()).append(" at ").append(m.insnIndices()));
        s.append("\nrecipe: ").append(String.join("; ", recipe)).append('\n');
        s.append(listing());
        return s.toString();
    }
}
