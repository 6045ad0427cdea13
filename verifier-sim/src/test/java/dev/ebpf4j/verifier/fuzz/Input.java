package dev.ebpf4j.verifier.fuzz;

import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.text.Disassembler;
import dev.ebpf4j.verifier.Options;

/**
 * One input for the simulator: a program (any bits at all), the options it is verified with, and where it came
 * from. Printed with its hex (to replay it) and in kernel syntax (to read it).
 */
record Input(String origin, Program program, Options options) {
    @Override
    public String toString() {
        String listing;
        try {
            listing = Disassembler.kernel().listing(program);
        } catch (RuntimeException e) {
            listing = "(no listing: " + e + ")\n";
        }
        return origin + ", " + options.progType().kernelName() + ", flags " + options.progFlags() + ", "
                + program.size() + " slots, maps " + options.maps().stream().map(m -> m.insnIndices().toString()).toList()
                + "\nhex " + program.toHex() + "\n" + listing;
    }
}
