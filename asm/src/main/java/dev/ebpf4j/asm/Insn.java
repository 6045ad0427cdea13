package dev.ebpf4j.asm;

/**
 * One raw 8-byte instruction slot, {@code struct bpf_insn}: {@code code u8 | src:4 dst:4 | off s16 | imm s32}.
 *
 * <p>Any bits are allowed, including unknown opcodes, register numbers 11-15 and reserved fields set: a
 * program the verifier must reject has to be representable. The typed accessors ({@link #aluOp()},
 * {@link #size()}, ...) return null where the bits name nothing.
 *
 * <p>As a {@code long}, a slot is the 8 bytes read little-endian (the wire order on every host the kernel
 * runs eBPF on): {@code code | regs << 8 | (off & 0xffff) << 16 | (imm & 0xffffffff) << 32}. That is also
 * the bpf_conformance suite's {@code -- raw} notation.
 */
public record Insn(int opcode, int dst, int src, short offset, int imm) {

    public Insn {
        if ((opcode & ~0xff) != 0) throw new IllegalArgumentException("opcode " + opcode + " is not a byte");
        if ((dst & ~0xf) != 0) throw new IllegalArgumentException("dst register field " + dst + " is not 4 bits");
        if ((src & ~0xf) != 0) throw new IllegalArgumentException("src register field " + src + " is not 4 bits");
    }

    /** Convenience for values that must fit the 16-bit offset. */
    public static Insn of(int opcode, int dst, int src, int offset, int imm) {
        if (offset < Short.MIN_VALUE || offset > Short.MAX_VALUE) {
            throw new IllegalArgumentException("offset " + offset + " does not fit 16 bits");
        }
        return new Insn(opcode, dst, src, (short) offset, imm);
    }

    public static Insn ofSlot(long slot) {
        return new Insn(Slots.opcode(slot), Slots.dst(slot), Slots.src(slot), Slots.offset(slot), Slots.imm(slot));
    }

    public long toSlot() {
        return Slots.encode(opcode, dst, src, offset, imm);
    }

    public InsnClass insnClass() { return InsnClass.of(opcode); }

    /** Whether this is the first slot of a two-slot LD_IMM64 (opcode 0x18). */
    public boolean isLdImm64() { return opcode == Opcodes.LD_IMM64; }

    /** The ALU operation for classes ALU/ALU64 (selected with the offset), else null. */
    public AluOp aluOp() {
        return insnClass().isAlu() ? AluOp.of(opcode, offset) : null;
    }

    /** The jump operation for classes JMP/JMP32, else null. */
    public JmpOp jmpOp() {
        return insnClass().isJump() ? JmpOp.of(opcode) : null;
    }

    /** The access size for load/store classes, else null. */
    public Size size() {
        return insnClass().isLoadStore() ? Size.of(opcode) : null;
    }

    /** The mode for load/store classes (null also for the unassigned modes). */
    public Mode mode() {
        return insnClass().isLoadStore() ? Mode.of(opcode) : null;
    }

    /** Whether ALU/JMP operations take their second operand from src (BPF_X) rather than imm (BPF_K). */
    public boolean usesSrcReg() {
        return (opcode & Opcodes.SRC_X) != 0;
    }

    /** The destination register, or null when the field holds 11-15. */
    public Register dstReg() {
        return Register.isValid(dst) ? Register.of(dst) : null;
    }

    /** The source register, or null when the field holds 11-15. */
    public Register srcReg() {
        return Register.isValid(src) ? Register.of(src) : null;
    }

    @Override
    public String toString() {
        return String.format("Insn[code=%02x dst=%d src=%d off=%d imm=%d]", opcode, dst, src, offset, imm);
    }
}
