package dev.ebpf4j.asm;

/**
 * One logical instruction of the decoded view: its slot index, its first slot and, for LD_IMM64 only, its
 * second slot (whose imm holds the upper 32 bits).
 */
public record Instruction(int index, Insn insn, Insn next) {

    /** Whether this instruction takes two slots (LD_IMM64). */
    public boolean isWide() { return next != null; }

    /** How many slots it takes: 1, or 2 for LD_IMM64. */
    public int width() { return next == null ? 1 : 2; }

    /** The 64-bit immediate of an LD_IMM64: {@code next.imm << 32 | (u32) insn.imm}; the imm otherwise. */
    public long imm64() {
        if (next == null) return insn.imm();
        return ((long) next.imm() << 32) | (insn.imm() & 0xffffffffL);
    }
}
