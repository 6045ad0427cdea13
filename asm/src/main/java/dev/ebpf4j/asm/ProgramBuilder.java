package dev.ebpf4j.asm;

import dev.ebpf4j.asm.uapi.Helper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.ebpf4j.asm.InsnClass.ALU;
import static dev.ebpf4j.asm.InsnClass.ALU64;
import static dev.ebpf4j.asm.InsnClass.JMP;
import static dev.ebpf4j.asm.InsnClass.JMP32;

/**
 * Builds a {@link Program} one instruction at a time. The method names are those of the kernel's
 * {@code filter.h} macros ({@code BPF_MOV64_REG} is {@link #mov64Reg}, {@code BPF_JMP_IMM} is
 * {@link #jmpImm}, ...) plus short forms ({@link #mov}, {@link #add}, {@link #jeq}, ...). Every method appends
 * one whole instruction and returns the builder.
 *
 * <p>The builder refuses only what cannot be encoded: an unbound or foreign label, an offset or immediate that
 * does not fit its field. Programs the verifier rejects are easy to build on purpose; {@link #raw} writes any
 * bits at all. A jump never silently becomes {@code gotol}: a label out of the 16-bit range is an error that
 * says to use {@link #gotol(Label)}.
 *
 * <p>A builder is single-use: after {@link #build()} it refuses further calls.
 */
public final class ProgramBuilder {
    private long[] slots = new long[16];
    private int size;
    private final List<Fixup> fixups = new ArrayList<>();
    private int labelCount;
    private boolean built;

    /** How a label's position is written into the instruction that refers to it. */
    private enum FixKind { OFF16, IMM32 }

    private record Fixup(int at, Label label, FixKind kind) {}

    ProgramBuilder() {}

    // ---------------------------------------------------------------- labels and raw slots

    /** A new, unbound label named {@code L<n>}. */
    public Label newLabel() {
        return new Label(this, "L" + labelCount++);
    }

    /** A new, unbound label with a name used in error messages. */
    public Label newLabel(String name) {
        labelCount++;
        return new Label(this, name);
    }

    /** Binds the label to the next instruction's index. */
    public ProgramBuilder bind(Label label) {
        checkOwned(label);
        if (label.position >= 0) {
            throw new IllegalStateException("label '" + label.name + "' is already bound to insn " + label.position);
        }
        label.position = size;
        return this;
    }

    /** The index the next instruction will have (in slots; LD_IMM64 counts 2). */
    public int position() {
        return size;
    }

    /** Appends one raw slot: any opcode, register fields 0-15, any offset and imm. */
    public ProgramBuilder raw(int opcode, int dst, int src, int offset, int imm) {
        if ((opcode & ~0xff) != 0) throw new IllegalArgumentException("opcode " + opcode + " is not a byte (0..255)");
        if ((dst & ~0xf) != 0) throw new IllegalArgumentException("dst field " + dst + " is not 4 bits (0..15)");
        if ((src & ~0xf) != 0) throw new IllegalArgumentException("src field " + src + " is not 4 bits (0..15)");
        return emit(Slots.encode(opcode, dst, src, off16(offset), imm));
    }

    /** Appends one raw slot given as its little-endian 64-bit value. */
    public ProgramBuilder raw(long slot) {
        return emit(slot);
    }

    /** Appends one raw instruction slot. */
    public ProgramBuilder insn(Insn insn) {
        return emit(insn.toSlot());
    }

    /** Appends all slots of another program. */
    public ProgramBuilder append(Program program) {
        for (int i = 0; i < program.size(); i++) emit(program.slot(i));
        return this;
    }

    // ---------------------------------------------------------------- ALU

    /** {@code BPF_ALU64_REG(op, dst, src)}: {@code dst op= src}, 64-bit. */
    public ProgramBuilder alu64Reg(AluOp op, Register dst, Register src) {
        return alu(ALU64, op, dst, src);
    }

    /** {@code BPF_ALU64_IMM(op, dst, imm)}: {@code dst op= imm}, imm sign-extended to 64 bits. */
    public ProgramBuilder alu64Imm(AluOp op, Register dst, int imm) {
        return alu(ALU64, op, dst, imm);
    }

    /** {@code BPF_ALU32_REG(op, dst, src)}: 32-bit, the result zero-extended. */
    public ProgramBuilder alu32Reg(AluOp op, Register dst, Register src) {
        return alu(ALU, op, dst, src);
    }

    /** {@code BPF_ALU32_IMM(op, dst, imm)}: 32-bit, the result zero-extended. */
    public ProgramBuilder alu32Imm(AluOp op, Register dst, int imm) {
        return alu(ALU, op, dst, imm);
    }

    /** {@code BPF_MOV64_REG(dst, src)}. */
    public ProgramBuilder mov64Reg(Register dst, Register src) { return alu64Reg(AluOp.MOV, dst, src); }

    /** {@code BPF_MOV64_IMM(dst, imm)}: imm sign-extended. */
    public ProgramBuilder mov64Imm(Register dst, int imm) { return alu64Imm(AluOp.MOV, dst, imm); }

    /** {@code BPF_MOV32_REG(dst, src)}: also the zero-extension idiom {@code w1 = w1}. */
    public ProgramBuilder mov32Reg(Register dst, Register src) { return alu32Reg(AluOp.MOV, dst, src); }

    /** {@code BPF_MOV32_IMM(dst, imm)}. */
    public ProgramBuilder mov32Imm(Register dst, int imm) { return alu32Imm(AluOp.MOV, dst, imm); }

    /** {@code BPF_ZEXT_REG(dst)}: {@code w = w}, clearing the upper 32 bits. */
    public ProgramBuilder zext(Register dst) { return mov32Reg(dst, dst); }

    /** {@code BPF_MOVSX64_REG}: {@code dst = (s8|s16|s32) src}. */
    public ProgramBuilder movsx64Reg(Register dst, Register src, int bits) {
        return alu64Reg(movsx(bits, true), dst, src);
    }

    /** {@code BPF_MOVSX32_REG}: {@code w_dst = (s8|s16) w_src}. */
    public ProgramBuilder movsx32Reg(Register dst, Register src, int bits) {
        return alu32Reg(movsx(bits, false), dst, src);
    }

    /** {@code BPF_ALU64_IMM(BPF_NEG, dst, 0)}: {@code dst = -dst}. */
    public ProgramBuilder neg64(Register dst) { return emit(Slots.encode(0x87, dst.number(), 0, 0, 0)); }

    /** {@code dst = -dst} in 32 bits. */
    public ProgramBuilder neg32(Register dst) { return emit(Slots.encode(0x84, dst.number(), 0, 0, 0)); }

    /** {@code BPF_ENDIAN(type, dst, len)}: {@code le16/32/64}, {@code be16/32/64} or {@code bswap16/32/64}. */
    public ProgramBuilder endian(Endian kind, Register dst, int bits) {
        if (bits != 16 && bits != 32 && bits != 64) {
            throw new IllegalArgumentException("byte swap width " + bits + " is not 16, 32 or 64");
        }
        return emit(Slots.encode(kind.opcode(), dst.number(), 0, 0, bits));
    }

    /** {@code dst = le<bits> dst}. */
    public ProgramBuilder toLe(Register dst, int bits) { return endian(Endian.TO_LE, dst, bits); }

    /** {@code dst = be<bits> dst}. */
    public ProgramBuilder toBe(Register dst, int bits) { return endian(Endian.TO_BE, dst, bits); }

    /** {@code dst = bswap<bits> dst} (ISA v4). */
    public ProgramBuilder bswap(Register dst, int bits) { return endian(Endian.BSWAP, dst, bits); }

    // ---------------------------------------------------------------- loads and stores

    /** {@code BPF_LDX_MEM(size, dst, src, off)}: {@code dst = *(size *)(src + off)}. */
    public ProgramBuilder ldxMem(Size size, Register dst, Register src, int off) {
        return emit(Slots.encode(InsnClass.LDX.code() | Mode.MEM.code() | size.code(), dst.number(), src.number(), off16(off), 0));
    }

    /** {@code BPF_LDX_MEMSX(size, dst, src, off)}: sign-extending load (B, H or W). */
    public ProgramBuilder ldxMemSx(Size size, Register dst, Register src, int off) {
        if (size == Size.DW) throw new IllegalArgumentException("sign-extending loads are 8, 16 or 32 bits, not DW");
        return emit(Slots.encode(InsnClass.LDX.code() | Mode.MEMSX.code() | size.code(), dst.number(), src.number(), off16(off), 0));
    }

    /** {@code BPF_STX_MEM(size, dst, src, off)}: {@code *(size *)(dst + off) = src}. */
    public ProgramBuilder stxMem(Size size, Register dst, Register src, int off) {
        return emit(Slots.encode(InsnClass.STX.code() | Mode.MEM.code() | size.code(), dst.number(), src.number(), off16(off), 0));
    }

    /** {@code BPF_ST_MEM(size, dst, off, imm)}: {@code *(size *)(dst + off) = imm}. */
    public ProgramBuilder stMem(Size size, Register dst, int off, int imm) {
        return emit(Slots.encode(InsnClass.ST.code() | Mode.MEM.code() | size.code(), dst.number(), 0, off16(off), imm));
    }

    /** {@code BPF_LD_ABS(size, imm)}: {@code r0 = ntoh(*(size *)(skb->data + imm))}; the skb is in r6. */
    public ProgramBuilder ldAbs(Size size, int imm) {
        return emit(Slots.encode(InsnClass.LD.code() | Mode.ABS.code() | size.code(), 0, 0, 0, imm));
    }

    /** {@code BPF_LD_IND(size, src, imm)}: {@code r0 = ntoh(*(size *)(skb->data + src + imm))}. */
    public ProgramBuilder ldInd(Size size, Register src, int imm) {
        return emit(Slots.encode(InsnClass.LD.code() | Mode.IND.code() | size.code(), 0, src.number(), 0, imm));
    }

    /** {@code BPF_LD_IMM64(dst, imm)}: a 64-bit constant (two slots). */
    public ProgramBuilder ldImm64(Register dst, long imm) {
        return ldImm64Raw(dst, PseudoSource.IMM, (int) imm, (int) (imm >>> 32));
    }

    /** {@code BPF_LD_IMM64_RAW(dst, src, imm)} with the pseudo source and both halves of the immediate. */
    public ProgramBuilder ldImm64Raw(Register dst, PseudoSource source, int imm, int nextImm) {
        emit(Slots.encode(Opcodes.LD_IMM64, dst.number(), source.code(), 0, imm));
        return emit(Slots.encode(0, 0, 0, 0, nextImm));
    }

    /** {@code BPF_LD_MAP_FD(dst, fd)}: {@code dst} = the map with this file descriptor. */
    public ProgramBuilder ldMapFd(Register dst, int mapFd) {
        return ldImm64Raw(dst, PseudoSource.MAP_FD, mapFd, 0);
    }

    /** {@code BPF_LD_MAP_VALUE(dst, fd, off)}: a pointer into the value at key 0 of an array map. */
    public ProgramBuilder ldMapValue(Register dst, int mapFd, int valueOffset) {
        return ldImm64Raw(dst, PseudoSource.MAP_VALUE, mapFd, valueOffset);
    }

    /** The map at index {@code index} of the load's {@code fd_array} (BPF_PSEUDO_MAP_IDX). */
    public ProgramBuilder ldMapByIndex(Register dst, int index) {
        return ldImm64Raw(dst, PseudoSource.MAP_IDX, index, 0);
    }

    /** A pointer into the value of the map at {@code index} of {@code fd_array} (BPF_PSEUDO_MAP_IDX_VALUE). */
    public ProgramBuilder ldMapValueByIndex(Register dst, int index, int valueOffset) {
        return ldImm64Raw(dst, PseudoSource.MAP_IDX_VALUE, index, valueOffset);
    }

    /** The address of a kernel variable by BTF id (BPF_PSEUDO_BTF_ID). */
    public ProgramBuilder ldBtfId(Register dst, int btfId) {
        return ldImm64Raw(dst, PseudoSource.BTF_ID, btfId, 0);
    }

    /** A pointer to the subprogram at {@code target} (BPF_PSEUDO_FUNC), e.g. a callback for {@code bpf_loop}. */
    public ProgramBuilder ldFunc(Register dst, Label target) {
        fixup(target, FixKind.IMM32);
        return ldImm64Raw(dst, PseudoSource.FUNC, 0, 0);
    }

    // ---------------------------------------------------------------- atomics

    /** {@code BPF_ATOMIC_OP(size, op, dst, src, off)}; size W or DW for read-modify-write operations. */
    public ProgramBuilder atomic(Size size, AtomicOp op, Register dst, Register src, int off) {
        return emit(Slots.encode(InsnClass.STX.code() | Mode.ATOMIC.code() | size.code(), dst.number(), src.number(), off16(off), op.imm()));
    }

    /** {@code lock *(size *)(dst + off) += src}. */
    public ProgramBuilder atomicAdd(Size size, Register dst, Register src, int off) {
        return atomic(size, AtomicOp.ADD, dst, src, off);
    }

    /** {@code src = atomic_fetch_add((size *)(dst + off), src)}. */
    public ProgramBuilder atomicFetchAdd(Size size, Register dst, Register src, int off) {
        return atomic(size, AtomicOp.FETCH_ADD, dst, src, off);
    }

    /** {@code src = atomic_xchg((size *)(dst + off), src)}. */
    public ProgramBuilder atomicXchg(Size size, Register dst, Register src, int off) {
        return atomic(size, AtomicOp.XCHG, dst, src, off);
    }

    /** {@code r0 = atomic_cmpxchg((size *)(dst + off), r0, src)}. */
    public ProgramBuilder atomicCmpxchg(Size size, Register dst, Register src, int off) {
        return atomic(size, AtomicOp.CMPXCHG, dst, src, off);
    }

    /** {@code dst = load_acquire((size *)(src + off))}: note the loaded register is dst, the base is src. */
    public ProgramBuilder loadAcquire(Size size, Register dst, Register src, int off) {
        return atomic(size, AtomicOp.LOAD_ACQ, dst, src, off);
    }

    /** {@code store_release((size *)(dst + off), src)}. */
    public ProgramBuilder storeRelease(Size size, Register dst, Register src, int off) {
        return atomic(size, AtomicOp.STORE_REL, dst, src, off);
    }

    // ---------------------------------------------------------------- jumps

    /** {@code BPF_JMP_IMM(op, dst, imm, off)}: 64-bit compare with imm sign-extended. */
    public ProgramBuilder jmpImm(JmpOp op, Register dst, int imm, int off) {
        return emit(Slots.encode(JMP.code() | cond(op).code(), dst.number(), 0, off16(off), imm));
    }

    public ProgramBuilder jmpImm(JmpOp op, Register dst, int imm, Label target) {
        fixup(target, FixKind.OFF16);
        return jmpImm(op, dst, imm, 0);
    }

    /** {@code BPF_JMP_REG(op, dst, src, off)}: 64-bit register compare. */
    public ProgramBuilder jmpReg(JmpOp op, Register dst, Register src, int off) {
        return emit(Slots.encode(JMP.code() | cond(op).code() | Opcodes.SRC_X, dst.number(), src.number(), off16(off), 0));
    }

    public ProgramBuilder jmpReg(JmpOp op, Register dst, Register src, Label target) {
        fixup(target, FixKind.OFF16);
        return jmpReg(op, dst, src, 0);
    }

    /** {@code BPF_JMP32_IMM(op, dst, imm, off)}: compares the low 32 bits. */
    public ProgramBuilder jmp32Imm(JmpOp op, Register dst, int imm, int off) {
        return emit(Slots.encode(JMP32.code() | cond(op).code(), dst.number(), 0, off16(off), imm));
    }

    public ProgramBuilder jmp32Imm(JmpOp op, Register dst, int imm, Label target) {
        fixup(target, FixKind.OFF16);
        return jmp32Imm(op, dst, imm, 0);
    }

    /** {@code BPF_JMP32_REG(op, dst, src, off)}. */
    public ProgramBuilder jmp32Reg(JmpOp op, Register dst, Register src, int off) {
        return emit(Slots.encode(JMP32.code() | cond(op).code() | Opcodes.SRC_X, dst.number(), src.number(), off16(off), 0));
    }

    public ProgramBuilder jmp32Reg(JmpOp op, Register dst, Register src, Label target) {
        fixup(target, FixKind.OFF16);
        return jmp32Reg(op, dst, src, 0);
    }

    /** {@code BPF_JMP_A(off)}: {@code goto pc+off}. */
    public ProgramBuilder ja(int off) {
        return emit(Slots.encode(Opcodes.JA, 0, 0, off16(off), 0));
    }

    public ProgramBuilder ja(Label target) {
        fixup(target, FixKind.OFF16);
        return ja(0);
    }

    /** {@code gotol pc+imm}: the JMP32 JA with a 32-bit offset in imm (ISA v4). */
    public ProgramBuilder gotol(int imm) {
        return emit(Slots.encode(Opcodes.GOTOL, 0, 0, 0, imm));
    }

    public ProgramBuilder gotol(Label target) {
        fixup(target, FixKind.IMM32);
        return gotol(0);
    }

    /** {@code may_goto pc+off} (Linux's JCOND). */
    public ProgramBuilder mayGoto(int off) {
        return emit(Slots.encode(Opcodes.MAY_GOTO, 0, 0, off16(off), 0));
    }

    public ProgramBuilder mayGoto(Label target) {
        fixup(target, FixKind.OFF16);
        return mayGoto(0);
    }

    /** {@code gotox reg}: an indirect jump through an instruction array (Linux, 2025). */
    public ProgramBuilder gotox(Register reg) {
        return emit(Slots.encode(Opcodes.GOTOX, reg.number(), 0, 0, 0));
    }

    // ---------------------------------------------------------------- calls and exit

    /** {@code BPF_EMIT_CALL(helper)}: {@code call bpf_<helper>#id}. */
    public ProgramBuilder call(Helper helper) {
        return callHelper(helper.id());
    }

    /** A helper call by raw id, including ids that name no helper. */
    public ProgramBuilder callHelper(int id) {
        return emit(Slots.encode(Opcodes.CALL, 0, CallKind.HELPER.code(), 0, id));
    }

    /** {@code BPF_CALL_REL}: a bpf-to-bpf call of the subprogram at the label. */
    public ProgramBuilder callLocal(Label target) {
        fixup(target, FixKind.IMM32);
        return callLocal(0);
    }

    /** A bpf-to-bpf call by raw relative offset ({@code call pc+imm}). */
    public ProgramBuilder callLocal(int imm) {
        return emit(Slots.encode(Opcodes.CALL, 0, CallKind.LOCAL.code(), 0, imm));
    }

    /** {@code BPF_CALL_KFUNC(0, btf_id)}: a kernel function by BTF id. */
    public ProgramBuilder callKfunc(int btfId) {
        return emit(Slots.encode(Opcodes.CALL, 0, CallKind.KFUNC.code(), 0, btfId));
    }

    /** {@code callx reg} (opcode 0x8d, register in dst): not accepted by Linux, part of bpf_conformance. */
    public ProgramBuilder callx(Register reg) {
        return emit(Slots.encode(Opcodes.CALLX, reg.number(), 0, 0, 0));
    }

    /** {@code BPF_EXIT_INSN()}. */
    public ProgramBuilder exit() {
        return emit(Slots.encode(Opcodes.EXIT, 0, 0, 0, 0));
    }

    // ---------------------------------------------------------------- short forms (64-bit unless named 32)

    public ProgramBuilder mov(Register dst, Register src) { return alu64Reg(AluOp.MOV, dst, src); }
    public ProgramBuilder mov(Register dst, int imm) { return alu64Imm(AluOp.MOV, dst, imm); }
    public ProgramBuilder add(Register dst, Register src) { return alu64Reg(AluOp.ADD, dst, src); }
    public ProgramBuilder add(Register dst, int imm) { return alu64Imm(AluOp.ADD, dst, imm); }
    public ProgramBuilder sub(Register dst, Register src) { return alu64Reg(AluOp.SUB, dst, src); }
    public ProgramBuilder sub(Register dst, int imm) { return alu64Imm(AluOp.SUB, dst, imm); }
    public ProgramBuilder mul(Register dst, Register src) { return alu64Reg(AluOp.MUL, dst, src); }
    public ProgramBuilder mul(Register dst, int imm) { return alu64Imm(AluOp.MUL, dst, imm); }
    public ProgramBuilder div(Register dst, Register src) { return alu64Reg(AluOp.DIV, dst, src); }
    public ProgramBuilder div(Register dst, int imm) { return alu64Imm(AluOp.DIV, dst, imm); }
    public ProgramBuilder sdiv(Register dst, Register src) { return alu64Reg(AluOp.SDIV, dst, src); }
    public ProgramBuilder sdiv(Register dst, int imm) { return alu64Imm(AluOp.SDIV, dst, imm); }
    public ProgramBuilder mod(Register dst, Register src) { return alu64Reg(AluOp.MOD, dst, src); }
    public ProgramBuilder mod(Register dst, int imm) { return alu64Imm(AluOp.MOD, dst, imm); }
    public ProgramBuilder smod(Register dst, Register src) { return alu64Reg(AluOp.SMOD, dst, src); }
    public ProgramBuilder smod(Register dst, int imm) { return alu64Imm(AluOp.SMOD, dst, imm); }
    public ProgramBuilder or(Register dst, Register src) { return alu64Reg(AluOp.OR, dst, src); }
    public ProgramBuilder or(Register dst, int imm) { return alu64Imm(AluOp.OR, dst, imm); }
    public ProgramBuilder and(Register dst, Register src) { return alu64Reg(AluOp.AND, dst, src); }
    public ProgramBuilder and(Register dst, int imm) { return alu64Imm(AluOp.AND, dst, imm); }
    public ProgramBuilder xor(Register dst, Register src) { return alu64Reg(AluOp.XOR, dst, src); }
    public ProgramBuilder xor(Register dst, int imm) { return alu64Imm(AluOp.XOR, dst, imm); }
    public ProgramBuilder lsh(Register dst, Register src) { return alu64Reg(AluOp.LSH, dst, src); }
    public ProgramBuilder lsh(Register dst, int imm) { return alu64Imm(AluOp.LSH, dst, imm); }
    public ProgramBuilder rsh(Register dst, Register src) { return alu64Reg(AluOp.RSH, dst, src); }
    public ProgramBuilder rsh(Register dst, int imm) { return alu64Imm(AluOp.RSH, dst, imm); }
    public ProgramBuilder arsh(Register dst, Register src) { return alu64Reg(AluOp.ARSH, dst, src); }
    public ProgramBuilder arsh(Register dst, int imm) { return alu64Imm(AluOp.ARSH, dst, imm); }
    public ProgramBuilder neg(Register dst) { return neg64(dst); }

    public ProgramBuilder mov32(Register dst, Register src) { return alu32Reg(AluOp.MOV, dst, src); }
    public ProgramBuilder mov32(Register dst, int imm) { return alu32Imm(AluOp.MOV, dst, imm); }
    public ProgramBuilder add32(Register dst, Register src) { return alu32Reg(AluOp.ADD, dst, src); }
    public ProgramBuilder add32(Register dst, int imm) { return alu32Imm(AluOp.ADD, dst, imm); }
    public ProgramBuilder sub32(Register dst, Register src) { return alu32Reg(AluOp.SUB, dst, src); }
    public ProgramBuilder sub32(Register dst, int imm) { return alu32Imm(AluOp.SUB, dst, imm); }
    public ProgramBuilder and32(Register dst, int imm) { return alu32Imm(AluOp.AND, dst, imm); }
    public ProgramBuilder or32(Register dst, int imm) { return alu32Imm(AluOp.OR, dst, imm); }
    public ProgramBuilder xor32(Register dst, Register src) { return alu32Reg(AluOp.XOR, dst, src); }
    public ProgramBuilder lsh32(Register dst, int imm) { return alu32Imm(AluOp.LSH, dst, imm); }
    public ProgramBuilder rsh32(Register dst, int imm) { return alu32Imm(AluOp.RSH, dst, imm); }

    /** {@code *(size *)(dst + off) = src}. */
    public ProgramBuilder store(Size size, Register dst, int off, Register src) { return stxMem(size, dst, src, off); }
    /** {@code *(size *)(dst + off) = imm}. */
    public ProgramBuilder store(Size size, Register dst, int off, int imm) { return stMem(size, dst, off, imm); }
    /** {@code dst = *(size *)(src + off)}. */
    public ProgramBuilder load(Size size, Register dst, Register src, int off) { return ldxMem(size, dst, src, off); }

    public ProgramBuilder goTo(Label target) { return ja(target); }
    public ProgramBuilder jeq(Register dst, int imm, Label t) { return jmpImm(JmpOp.JEQ, dst, imm, t); }
    public ProgramBuilder jeq(Register dst, Register src, Label t) { return jmpReg(JmpOp.JEQ, dst, src, t); }
    public ProgramBuilder jne(Register dst, int imm, Label t) { return jmpImm(JmpOp.JNE, dst, imm, t); }
    public ProgramBuilder jne(Register dst, Register src, Label t) { return jmpReg(JmpOp.JNE, dst, src, t); }
    public ProgramBuilder jgt(Register dst, int imm, Label t) { return jmpImm(JmpOp.JGT, dst, imm, t); }
    public ProgramBuilder jgt(Register dst, Register src, Label t) { return jmpReg(JmpOp.JGT, dst, src, t); }
    public ProgramBuilder jge(Register dst, int imm, Label t) { return jmpImm(JmpOp.JGE, dst, imm, t); }
    public ProgramBuilder jge(Register dst, Register src, Label t) { return jmpReg(JmpOp.JGE, dst, src, t); }
    public ProgramBuilder jlt(Register dst, int imm, Label t) { return jmpImm(JmpOp.JLT, dst, imm, t); }
    public ProgramBuilder jlt(Register dst, Register src, Label t) { return jmpReg(JmpOp.JLT, dst, src, t); }
    public ProgramBuilder jle(Register dst, int imm, Label t) { return jmpImm(JmpOp.JLE, dst, imm, t); }
    public ProgramBuilder jle(Register dst, Register src, Label t) { return jmpReg(JmpOp.JLE, dst, src, t); }
    public ProgramBuilder jsgt(Register dst, int imm, Label t) { return jmpImm(JmpOp.JSGT, dst, imm, t); }
    public ProgramBuilder jsge(Register dst, int imm, Label t) { return jmpImm(JmpOp.JSGE, dst, imm, t); }
    public ProgramBuilder jslt(Register dst, int imm, Label t) { return jmpImm(JmpOp.JSLT, dst, imm, t); }
    public ProgramBuilder jsle(Register dst, int imm, Label t) { return jmpImm(JmpOp.JSLE, dst, imm, t); }
    public ProgramBuilder jset(Register dst, int imm, Label t) { return jmpImm(JmpOp.JSET, dst, imm, t); }

    // ---------------------------------------------------------------- build

    /**
     * Resolves every label and returns the program.
     *
     * @throws IllegalStateException if a label used by a jump or call was never bound, or its offset does not fit
     */
    public Program build() {
        checkOpen();
        for (Fixup f : fixups) {
            Label l = f.label;
            if (l.position < 0) {
                throw new IllegalStateException("label '" + l.name + "' is used by insn " + f.at + " but never bound");
            }
            // offsets count from the instruction after the one that jumps, in slots
            long delta = (long) l.position - (f.at + 1);
            long slot = slots[f.at];
            if (f.kind == FixKind.OFF16) {
                if (delta < Short.MIN_VALUE || delta > Short.MAX_VALUE) {
                    throw new IllegalStateException("insn " + f.at + " jumps to label '" + l.name + "' at insn " + l.position
                            + ": offset " + delta + " does not fit the 16-bit offset [-32768, 32767]; use gotol");
                }
                slots[f.at] = (slot & ~0xffff0000L) | (delta & 0xffffL) << 16;
            } else {
                slots[f.at] = Slots.withImm(slot, (int) delta);
            }
        }
        built = true;
        return Program.wrap(Arrays.copyOf(slots, size));
    }

    // ---------------------------------------------------------------- internals

    private ProgramBuilder emit(long slot) {
        checkOpen();
        if (size == slots.length) slots = Arrays.copyOf(slots, size * 2);
        slots[size++] = slot;
        return this;
    }

    private void fixup(Label label, FixKind kind) {
        checkOwned(label);
        checkOpen();
        fixups.add(new Fixup(size, label, kind));
    }

    private ProgramBuilder alu(InsnClass cls, AluOp op, Register dst, Register src) {
        checkBinary(op);
        return emit(Slots.encode(cls.code() | op.code() | Opcodes.SRC_X, dst.number(), src.number(), op.offset(), 0));
    }

    private ProgramBuilder alu(InsnClass cls, AluOp op, Register dst, int imm) {
        checkBinary(op);
        if (op.offset() >= 8) {
            throw new IllegalArgumentException(op + " exists only with a register source");
        }
        return emit(Slots.encode(cls.code() | op.code(), dst.number(), 0, op.offset(), imm));
    }

    private static void checkBinary(AluOp op) {
        if (!op.isBinary()) {
            throw new IllegalArgumentException(op + " has no second operand: use neg64/neg32 or endian");
        }
    }

    private static AluOp movsx(int bits, boolean is64) {
        switch (bits) {
            case 8: return AluOp.MOVSX8;
            case 16: return AluOp.MOVSX16;
            case 32:
                if (is64) return AluOp.MOVSX32;
                throw new IllegalArgumentException("the 32-bit sign-extending move takes 8 or 16 bits, not 32");
            default:
                throw new IllegalArgumentException("sign extension from " + bits + " bits: must be 8, 16 or 32");
        }
    }

    private static JmpOp cond(JmpOp op) {
        if (!op.isConditional()) {
            throw new IllegalArgumentException(op + " is not a conditional jump: use ja, call or exit");
        }
        return op;
    }

    private static int off16(int off) {
        if (off < Short.MIN_VALUE || off > Short.MAX_VALUE) {
            throw new IllegalArgumentException("offset " + off + " does not fit the 16-bit offset field [-32768, 32767]");
        }
        return off;
    }

    private void checkOwned(Label label) {
        if (label.owner != this) {
            throw new IllegalArgumentException("label '" + label.name + "' belongs to another builder");
        }
    }

    private void checkOpen() {
        if (built) throw new IllegalStateException("this builder has already built its program; make a new one");
    }
}
