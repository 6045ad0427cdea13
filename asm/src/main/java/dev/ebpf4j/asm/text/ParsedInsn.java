package dev.ebpf4j.asm.text;

import dev.ebpf4j.asm.ProgramBuilder;

/**
 * One parsed instruction, waiting for its jump target (a label or a relative offset) or its map to be
 * resolved. The assembler resolves those once every label's slot is known and then lets {@link #emitter()}
 * append the instruction with the builder.
 *
 * @param line     1-based source line
 * @param column   1-based column of the instruction's first token
 * @param width    slots it takes (2 for LD_IMM64)
 * @param target   the jump or call target, or null
 * @param map      the map it loads, or null
 * @param emitter  appends the instruction, given the resolved target offset (0 when there is no target)
 */
record ParsedInsn(int line, int column, int width, Target target, MapRef map, Emitter emitter) {

    /** Appends the instruction; {@code target} is the resolved relative offset in slots. */
    @FunctionalInterface
    interface Emitter {
        void emit(ProgramBuilder b, int target);
    }

    /** Which field receives a resolved target, and so its range. */
    enum Field {
        /** The 16-bit offset of jumps. */
        OFF16,
        /** The 32-bit imm of {@code gotol}, local calls and LD_IMM64 function pointers. */
        IMM32
    }

    /**
     * A jump or call target: a label, or a number of slots relative to the next instruction.
     *
     * @param label    the label name, or null for a relative offset
     * @param relative the relative offset when {@code label} is null
     */
    record Target(String label, long relative, Field field, int line, int column) {}

    /**
     * A reference to a declared map from an LD_IMM64.
     *
     * @param value       whether it is the map's value (BPF_PSEUDO_MAP_VALUE) rather than the map itself
     * @param valueOffset the offset into the value
     */
    record MapRef(String name, boolean value, int valueOffset, int line, int column) {}

    static ParsedInsn simple(Cursor c, Token first, Emitter e) {
        return new ParsedInsn(c.line(), first.column(), 1, null, null, e);
    }

    static ParsedInsn wide(Cursor c, Token first, Emitter e) {
        return new ParsedInsn(c.line(), first.column(), 2, null, null, e);
    }

    static ParsedInsn jump(Cursor c, Token first, Target t, Emitter e) {
        return new ParsedInsn(c.line(), first.column(), 1, t, null, e);
    }
}
