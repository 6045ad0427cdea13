package dev.ebpf4j.vm;

import java.util.List;

/**
 * One executed instruction, for {@code --trace}: where it is, its raw slot(s), and the registers it changed
 * with their new values in the verifier log's spelling ({@code R0=42}, {@code R2=fp-4}, {@code R0=map_value(counts)+0}).
 *
 * @param insn     slot index
 * @param frame    call depth (0 = the main program)
 * @param slot     the raw instruction
 * @param nextSlot the second slot of an LD_IMM64, else 0
 * @param changes  e.g. {@code ["R0=1", "R1=ctx+0"]}
 */
public record TraceStep(int insn, int frame, long slot, long nextSlot, List<String> changes) {
    /** {@code 4: (b7) ... ; R0=0} with a caller-supplied instruction text. */
    public String format(String insnText) {
        StringBuilder b = new StringBuilder();
        if (frame > 0) b.append("  ".repeat(frame));
        b.append(insn).append(": (").append(String.format("%02x", slot & 0xff)).append(") ").append(insnText);
        if (!changes.isEmpty()) b.append(" ; ").append(String.join(" ", changes));
        return b.toString();
    }
}
