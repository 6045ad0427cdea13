package dev.ebpf4j.asm.text;

import dev.ebpf4j.asm.Insn;
import dev.ebpf4j.asm.Instruction;
import dev.ebpf4j.asm.Opcodes;
import dev.ebpf4j.asm.Program;

import java.util.Objects;

/**
 * Turns raw instruction slots into text in one of the three {@link Syntax syntaxes}.
 *
 * <p>Any bits at all can be printed: unknown opcodes, register fields 11-15, reserved fields set and an
 * LD_IMM64 whose second slot is missing all get a spelling (for {@link Syntax#KERNEL} the one
 * {@code kernel/bpf/disasm.c} would print), and no method throws for bad bits. Indices are slot indices, as
 * in the kernel: an LD_IMM64 at {@code i} is followed by the instruction at {@code i + 2}.
 *
 * <p>Instances are immutable and thread-safe; {@link #withImm64Printer} and {@link #withKfuncNamer} return
 * configured copies.
 */
public abstract sealed class Disassembler permits DisassemblerKernel, DisassemblerLlvm, DisassemblerUbpf {

    /**
     * Chooses how the 64-bit immediate of an LD_IMM64 is printed. The kernel's verifier log shows the kernel
     * address a map load was resolved to ({@code r1 = 0xffff888117deb000}); offline the raw immediate is all
     * there is. The live kernel shows addresses for pseudo sources 1, 2, 3, 5 and 6 (maps, map values, BTF
     * variables) and the raw immediate for 0 (constants) and 4 (functions).
     */
    @FunctionalInterface
    public interface Imm64Printer {
        /**
         * The operand text (for example {@code 0xffff888117deb000} or {@code map[id:4]}), or null for the
         * syntax's default spelling of {@code imm64}.
         *
         * @param slotIndex the index of the LD_IMM64's first slot
         * @param first     its first slot (the pseudo source is {@code first.src()})
         * @param imm64     {@code next.imm << 32 | (u32) first.imm}
         */
        String print(int slotIndex, Insn first, long imm64);
    }

    /** Names the kernel function a kfunc call ({@code call} with src 2) refers to, as the verifier does from BTF. */
    @FunctionalInterface
    public interface KfuncNamer {
        /** The function's name, or null for the default ({@code kernel-function} in the kernel syntax). */
        String name(int btfId, int btfFdIndex);
    }

    private static final Imm64Printer RAW = (i, first, imm) -> null;
    private static final KfuncNamer NO_NAMES = (id, fd) -> null;

    final Imm64Printer imm64Printer;
    final KfuncNamer kfuncNamer;

    Disassembler(Imm64Printer imm64Printer, KfuncNamer kfuncNamer) {
        this.imm64Printer = Objects.requireNonNull(imm64Printer, "imm64Printer");
        this.kfuncNamer = Objects.requireNonNull(kfuncNamer, "kfuncNamer");
    }

    /** A disassembler for this syntax that prints LD_IMM64 immediates raw and kfuncs without names. */
    public static Disassembler of(Syntax syntax) {
        switch (syntax) {
            case KERNEL: return new DisassemblerKernel(RAW, NO_NAMES);
            case LLVM: return new DisassemblerLlvm(RAW, NO_NAMES);
            case UBPF: return new DisassemblerUbpf(RAW, NO_NAMES);
            default: throw new AssertionError(syntax);
        }
    }

    /** The kernel syntax (the most common use). */
    public static Disassembler kernel() {
        return of(Syntax.KERNEL);
    }

    public abstract Syntax syntax();

    /** A copy that asks {@code printer} how to show LD_IMM64 immediates (null answers fall back to the default). */
    public Disassembler withImm64Printer(Imm64Printer printer) {
        return copy(printer, kfuncNamer);
    }

    /** A copy that asks {@code namer} for kfunc names (null answers fall back to the default). */
    public Disassembler withKfuncNamer(KfuncNamer namer) {
        return copy(imm64Printer, namer);
    }

    /** The same syntax with these hooks. */
    abstract Disassembler copy(Imm64Printer printer, KfuncNamer namer);

    /**
     * The instruction starting at slot {@code slotIndex}, without any prefix: {@code r6 = r1}. An LD_IMM64 there
     * takes its immediate's upper half from the next slot. The second slot of an LD_IMM64 is never printed by
     * the kernel; asked for directly, it is shown as the instruction its bits spell.
     *
     * @throws IndexOutOfBoundsException if there is no such slot
     */
    public String text(Program program, int slotIndex) {
        Objects.checkIndex(slotIndex, program.size());
        Insn insn = program.insn(slotIndex);
        Insn next = insn.opcode() == Opcodes.LD_IMM64 && slotIndex + 1 < program.size()
                ? program.insn(slotIndex + 1) : null;
        return body(slotIndex, insn, next);
    }

    /** The text of a decoded instruction; see {@link #text(Program, int)}. */
    public String text(Instruction instruction) {
        return body(instruction.index(), instruction.insn(), instruction.next());
    }

    /**
     * The instruction at {@code slotIndex} as one line: for the kernel syntax with its opcode in front,
     * {@code (bf) r6 = r1}, exactly as the verifier log prints it after {@code N: }; for the other syntaxes the
     * same as {@link #text(Program, int)}.
     */
    public String line(Program program, int slotIndex) {
        Objects.checkIndex(slotIndex, program.size());
        return decorate(program.insn(slotIndex).opcode(), text(program, slotIndex));
    }

    /** The line of a decoded instruction; see {@link #line(Program, int)}. */
    public String line(Instruction instruction) {
        return decorate(instruction.insn().opcode(), text(instruction));
    }

    /**
     * Every instruction, one per line, each line ending in a newline; the second slot of an LD_IMM64 is
     * skipped. The kernel syntax numbers lines with slot indices ({@code 5: (85) call bpf_map_lookup_elem#1});
     * the others print what their assemblers read back, with relative jump offsets.
     */
    public String listing(Program program) {
        StringBuilder out = new StringBuilder(program.size() * 24);
        for (int i = 0; i < program.size(); i++) {
            boolean wide = program.insn(i).opcode() == Opcodes.LD_IMM64 && i + 1 < program.size();
            out.append(listingLine(i, line(program, i))).append('\n');
            if (wide) i++;
        }
        return out.toString();
    }

    /** How {@link #listing} frames one line. */
    String listingLine(int slotIndex, String line) {
        return line;
    }

    /** How {@link #line} frames the text; only the kernel syntax adds anything. */
    String decorate(int opcode, String text) {
        return text;
    }

    /**
     * The body of one instruction. {@code next} is the LD_IMM64's second slot; for an LD_IMM64 it is null only
     * when the program ends after the first slot.
     */
    abstract String body(int slotIndex, Insn insn, Insn next);

    /** The LD_IMM64 operand: the printer's answer or the syntax's default. */
    String imm64(int slotIndex, Insn first, long value, String fallback) {
        String s = imm64Printer.print(slotIndex, first, value);
        return s != null ? s : fallback;
    }

    /**
     * An exact-bits fallback: the slot(s) as little-endian 64-bit words (the bpf_conformance {@code -- raw}
     * notation) after {@code directive}, {@code .8byte} for LLVM (which {@code llvm-mc -triple bpfel} turns back
     * into the same bytes) or {@code .raw} for ubpf (which {@link TextAssembler} reads).
     */
    static String raw(String directive, String separator, Insn insn, Insn next) {
        String s = directive + " 0x" + String.format("%016x", insn.toSlot());
        return next == null ? s : s + separator + "0x" + String.format("%016x", next.toSlot());
    }

    static long imm64Of(Insn first, Insn next) {
        return ((long) next.imm() << 32) | (first.imm() & 0xffffffffL);
    }

    static String hex2(int opcode) {
        char[] c = {Character.forDigit(opcode >> 4 & 0xf, 16), Character.forDigit(opcode & 0xf, 16)};
        return new String(c);
    }

    /** C's {@code %+d}. */
    static String signed(int v) {
        return v < 0 ? Integer.toString(v) : "+" + v;
    }
}
