package dev.ebpf4j.asm.text;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.Endian;
import dev.ebpf4j.asm.JmpOp;
import dev.ebpf4j.asm.Opcodes;
import dev.ebpf4j.asm.PseudoSource;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.asm.text.Cursor.Literal;
import dev.ebpf4j.asm.text.Operands.CType;
import dev.ebpf4j.asm.text.Operands.Mem;
import dev.ebpf4j.asm.text.Operands.Reg;
import dev.ebpf4j.asm.text.ParsedInsn.Field;
import dev.ebpf4j.asm.text.ParsedInsn.Target;
import dev.ebpf4j.asm.uapi.Helper;

import java.util.Optional;

/**
 * The kernel/LLVM pseudo-C syntax (memory forms in {@link PseudoCMemory}): what the kernel's verifier log prints ({@code r0 = *(u32 *)(r1 +0)},
 * {@code if r0 == 0x0 goto pc+2}, {@code call bpf_map_lookup_elem#1}) and what clang/llvm-objdump print
 * ({@code (r1 + 0)}, {@code goto +2}, {@code r1 = 5 ll}, {@code xchg_64(r1 + 0, r0)}). One statement at a time.
 */
final class PseudoCParser {
    private final Symbols symbols;

    PseudoCParser(Symbols symbols) {
        this.symbols = symbols;
    }

    /**
     * Parses one statement.
     *
     * @param logOpcode the opcode of a verifier-log prefix {@code (18)}, or -1; it settles whether
     *                  {@code r1 = 0x5} is a move or an LD_IMM64
     */
    ParsedInsn parse(Cursor c, int logOpcode) {
        Token first = c.peek();
        ParsedInsn insn = statement(c, first, logOpcode);
        // at log level 1 the kernel continues a jump's line with the target's state ("goto pc+1 11: R0=...")
        // or an error ("goto pc-3 infinite loop detected at insn 1"): a pasted log line may carry it
        if (logOpcode < 0 || insn.target() == null || insn.target().label() != null) c.expectEnd();
        return insn;
    }

    private ParsedInsn statement(Cursor c, Token first, int logOpcode) {
        if (first.is("*")) return PseudoCMemory.store(c, first);
        if (!first.isIdent()) throw c.error(first, "expected an instruction but found " + first.describe());
        String word = first.text();
        switch (word) {
            case "exit":
                c.next();
                return ParsedInsn.simple(c, first, (b, t) -> b.exit());
            case "goto":
                c.next();
                return ParsedInsn.jump(c, first, target(c, Field.OFF16), (b, t) -> b.ja(t));
            case "gotol":
                c.next();
                return ParsedInsn.jump(c, first, target(c, Field.IMM32), (b, t) -> b.gotol(t));
            case "may_goto":
                c.next();
                return ParsedInsn.jump(c, first, target(c, Field.OFF16), (b, t) -> b.mayGoto(t));
            case "gotox": {
                c.next();
                Register r = reg(c, false).reg();
                return ParsedInsn.simple(c, first, (b, t) -> b.gotox(r));
            }
            case "callx": {
                c.next();
                Register r = reg(c, false).reg();
                return ParsedInsn.simple(c, first, (b, t) -> b.callx(r));
            }
            case "if":
                c.next();
                return conditional(c, first);
            case "call":
                c.next();
                return call(c, first);
            case "lock":
                c.next();
                return PseudoCMemory.lock(c, first);
            case "store_release":
                c.next();
                return PseudoCMemory.storeRelease(c, first);
            case "ld_pseudo":
                c.next();
                return ldPseudo(c, first);
            default:
                if (Cursor.looksLikeRegister(word, true)) return assignment(c, first, logOpcode);
                throw c.error(first, "unknown instruction '" + word + "'" + (UbpfParser.isMnemonic(word)
                        ? " (that is ubpf syntax: ldxw %r0, [%r1+4]; this file reads as kernel/LLVM syntax)" : ""));
        }
    }

    // ---------------------------------------------------------------- jumps and calls

    private ParsedInsn conditional(Cursor c, Token first) {
        Reg dst = reg(c, true);
        Token opTok = c.peek();
        String op = operator(c);
        JmpOp jop = Operands.JMP_OPERATORS.get(op);
        if (jop == null) throw c.error(opTok, "expected a comparison (==, !=, >, >=, <, <=, &, s>, s>=, s<, s<=) but found " + Token.quote(op));
        Token rhs = c.peek();
        if (rhs.isIdent() && Cursor.looksLikeRegister(rhs.text(), true)) {
            Reg src = reg(c, true);
            sameWidth(c, dst, src);
            c.expect("goto");
            Target t = target(c, Field.OFF16);
            return ParsedInsn.jump(c, first, t, dst.w()
                    ? (b, off) -> b.jmp32Reg(jop, dst.reg(), src.reg(), off)
                    : (b, off) -> b.jmpReg(jop, dst.reg(), src.reg(), off));
        }
        int imm = c.imm32(c.signedNumber("a register or a number"), "immediate");
        c.expect("goto");
        Target t = target(c, Field.OFF16);
        return ParsedInsn.jump(c, first, t, dst.w()
                ? (b, off) -> b.jmp32Imm(jop, dst.reg(), imm, off)
                : (b, off) -> b.jmpImm(jop, dst.reg(), imm, off));
    }

    private ParsedInsn call(Cursor c, Token first) {
        Token t = c.peek();
        if (t.is("+") || t.is("-") || (t.is("pc") && (c.peek(1).is("+") || c.peek(1).is("-")))) {
            Target target = target(c, Field.IMM32);
            return ParsedInsn.jump(c, first, target, (b, off) -> b.callLocal(off));
        }
        if (t.isNumber()) {
            int id = c.imm32(c.signedNumber("a helper id"), "helper id");
            return ParsedInsn.simple(c, first, (b, off) -> b.callHelper(id));
        }
        Token name = c.expectIdent("a helper, a function label or pc+N");
        if (name.is("kernel") && c.peek().is("-") && c.peek(1).is("function")) {
            c.next();
            c.next();
            c.expect("#");
            int id = c.imm32(c.signedNumber("a BTF id"), "BTF id");
            return ParsedInsn.simple(c, first, (b, off) -> b.callKfunc(id));
        }
        if (c.peek().is("#") && !c.peek().spaceBefore()) {
            c.next();
            Literal lit = c.signedNumber("a helper id after '#'");
            int id = c.imm32(lit, "helper id");
            Optional<Helper> named = Helper.byName(name.text());
            if (named.isPresent() && named.get().id() != id) {
                throw c.error(lit.at(), "helper " + name.text() + " has id " + named.get().id() + ", not " + lit.value());
            }
            if (named.isEmpty() && !name.is("unknown")) {
                throw c.error(name, "unknown helper '" + name.text() + "'");
            }
            if (name.is("unknown") && Helper.byId(id).isPresent()) {
                // disasm.c prints "unknown" for a call whose src field is 3..15; which one the text does not say
                throw c.error(name, "'unknown#" + id + "' is not a helper call (helper " + id + " is "
                        + Helper.byId(id).get().kernelName() + "): the kernel prints it for a call with a src field "
                        + "it does not know, and the text does not say which; write it with .raw");
            }
            return ParsedInsn.simple(c, first, (b, off) -> b.callHelper(id));
        }
        skipAnnotation(c);
        if (symbols.isLabel(name.text())) {
            Target target = new Target(name.text(), 0, Field.IMM32, c.line(), name.column());
            return ParsedInsn.jump(c, first, target, (b, off) -> b.callLocal(off));
        }
        Optional<Helper> helper = Helper.byName(name.text());
        if (helper.isPresent()) {
            int id = helper.get().id();
            return ParsedInsn.simple(c, first, (b, off) -> b.callHelper(id));
        }
        throw c.error(name, "'" + name.text() + "' is neither a label nor a helper name");
    }

    /** {@code pc+3}, {@code pc-1}, {@code +3}, {@code -1} or a label, then an optional {@code <label>} annotation. */
    private Target target(Cursor c, Field field) {
        Token t = c.peek();
        Target out;
        if (t.is("pc") && (c.peek(1).is("+") || c.peek(1).is("-"))) {
            c.next();
            out = relative(c, field, t);
        } else if (t.is("+") || t.is("-")) {
            out = relative(c, field, t);
        } else if (t.isIdent() && !Cursor.looksLikeRegister(t.text(), true)) {
            c.next();
            out = new Target(t.text(), 0, field, c.line(), t.column());
        } else {
            throw c.error(t, "expected a jump target (a label, pc+N or +N) but found " + t.describe());
        }
        skipAnnotation(c);
        return out;
    }

    private static Target relative(Cursor c, Field field, Token at) {
        Literal lit = c.signedNumber("a jump offset");
        int v = field == Field.OFF16 ? c.s16(lit, "jump offset") : c.s32(lit, "call/jump offset");
        return new Target(null, v, field, c.line(), at.column());
    }

    /** llvm-objdump --symbolize-operands appends {@code <L0>} to jump targets; it says nothing new. */
    private static void skipAnnotation(Cursor c) {
        if (c.peek().is("<") && c.peek(1).isIdent() && c.peek(2).is(">")) {
            c.next();
            c.next();
            c.next();
        }
    }

    /** LLVM's {@code ld_pseudo r1, SRC, IMM64}: an LD_IMM64 with any pseudo source, the map or function unnamed. */
    private ParsedInsn ldPseudo(Cursor c, Token first) {
        Register dst = reg(c, false).reg();
        c.expect(",");
        Literal srcLit = c.signedNumber("a pseudo source (0 to 15)");
        if (srcLit.value().signum() < 0 || srcLit.value().compareTo(java.math.BigInteger.valueOf(15)) > 0) {
            throw c.error(srcLit.at(), "pseudo source " + srcLit.value() + " does not fit the 4-bit src field (0 to 15)");
        }
        int src = srcLit.value().intValue();
        c.expect(",");
        long v = c.imm64(c.signedNumber("a 64-bit number"));
        return ParsedInsn.wide(c, first, (b, x) -> {
            b.raw(Opcodes.LD_IMM64, dst.number(), src, 0, (int) v);
            b.raw(0, 0, 0, 0, (int) (v >>> 32));
        });
    }






    // ---------------------------------------------------------------- assignments: rD = ..., rD op= ...

    private ParsedInsn assignment(Cursor c, Token first, int logOpcode) {
        Reg dst = reg(c, true);
        Token opTok = c.peek();
        if (opTok.is("(") && c.peek(1).is("null") && c.peek(2).is(")")) {
            throw c.error(opTok, "'(null)' is how the kernel prints an ALU operation it does not know; write it with .raw");
        }
        String op = operator(c);
        if (!op.equals("=")) {
            AluOp aop = Operands.ALU_OPERATORS.get(op);
            if (aop == null) throw c.error(opTok, "expected an assignment (=, +=, -=, ...) but found " + Token.quote(op));
            return aluOperand(c, first, dst, aop);
        }
        Token t = c.peek();
        if (t.isIdent() && Cursor.looksLikeRegister(t.text(), true)) {
            return aluOperand(c, first, dst, AluOp.MOV);
        }
        if (t.is("-") && c.peek(1).isIdent() && Cursor.looksLikeRegister(c.peek(1).text(), true)) {
            c.next();
            Reg src = reg(c, true);
            sameRegister(c, dst, src, dst.name() + " = -" + dst.name());
            return ParsedInsn.simple(c, first, dst.w() ? (b, x) -> b.neg32(dst.reg()) : (b, x) -> b.neg64(dst.reg()));
        }
        if (t.is("-") || t.is("+") || t.isNumber()) return constant(c, first, dst, logOpcode);
        if (t.is("(")) return signExtendingMove(c, first, dst);
        if (t.is("*")) return PseudoCMemory.load(c, first, dst);
        if (t.is("&")) return percpuMove(c, first, dst);
        if (!t.isIdent()) throw c.error(t, "expected a value but found " + t.describe());
        String word = t.text();
        Endian endian = endianOf(word);
        if (endian != null) {
            c.next();
            int bits = Integer.parseInt(word.substring(endian.mnemonic().length()));
            Reg src = reg(c, true);
            sameRegister(c, dst, src, dst.name() + " = " + word + " " + dst.name());
            return ParsedInsn.simple(c, first, (b, x) -> b.endian(endian, dst.reg(), bits));
        }
        if (word.startsWith("atomic_") || word.startsWith("atomic64_") || word.equals("xchg_64")
                || word.equals("xchg32_32") || word.equals("cmpxchg_64") || word.equals("cmpxchg32_32")) {
            c.next();
            return PseudoCMemory.atomicCall(c, first, dst, t);
        }
        if (word.equals("load_acquire")) {
            c.next();
            c.expect("(");
            CType type = PseudoCMemory.cast(c);
            if (type.signed()) throw c.error(type.at(), "load_acquire takes an unsigned type (u8, u16, u32, u64)");
            Mem m = PseudoCMemory.mem(c);
            c.expect(")");
            return ParsedInsn.simple(c, first, (b, x) -> b.loadAcquire(type.size(), dst.reg(), m.base(), m.off()));
        }
        if (word.equals("addr_space_cast")) {
            c.next();
            return addrSpaceCast(c, first, dst);
        }
        if ((word.equals("map") || word.equals("map_value")) && c.peek(1).is("[")) {
            return mapLoad(c, first, dst);
        }
        return symbolLoad(c, first, dst);
    }

    private ParsedInsn aluOperand(Cursor c, Token first, Reg dst, AluOp op) {
        Token t = c.peek();
        if (t.isIdent() && Cursor.looksLikeRegister(t.text(), true)) {
            Reg src = reg(c, true);
            sameWidth(c, dst, src);
            return ParsedInsn.simple(c, first, dst.w()
                    ? (b, x) -> b.alu32Reg(op, dst.reg(), src.reg())
                    : (b, x) -> b.alu64Reg(op, dst.reg(), src.reg()));
        }
        int imm = c.imm32(c.signedNumber("a register or a number"), "immediate");
        return ParsedInsn.simple(c, first, dst.w()
                ? (b, x) -> b.alu32Imm(op, dst.reg(), imm)
                : (b, x) -> b.alu64Imm(op, dst.reg(), imm));
    }

    /**
     * {@code rD = N}: a move when N fits the sign-extended 32-bit imm, an LD_IMM64 when it does not, when
     * {@code ll} follows (LLVM) or when the verifier-log prefix says {@code (18)}.
     */
    private ParsedInsn constant(Cursor c, Token first, Reg dst, int logOpcode) {
        Literal lit = c.signedNumber("a number");
        boolean ll = c.accept("ll");
        if (dst.w()) {
            if (ll) throw c.error(dst.at(), "an LD_IMM64 (ll) loads a 64-bit r register, not " + dst.name());
            int imm = c.imm32(lit, "immediate");
            return ParsedInsn.simple(c, first, (b, x) -> b.alu32Imm(AluOp.MOV, dst.reg(), imm));
        }
        boolean fitsMov = lit.value().compareTo(Cursor.S32_MIN) >= 0 && lit.value().compareTo(Cursor.S32_MAX) <= 0;
        if (!ll && logOpcode != Opcodes.LD_IMM64 && fitsMov) {
            int imm = lit.value().intValue();
            return ParsedInsn.simple(c, first, (b, x) -> b.alu64Imm(AluOp.MOV, dst.reg(), imm));
        }
        long v = c.imm64(lit);
        return ParsedInsn.wide(c, first, (b, x) -> b.ldImm64(dst.reg(), v));
    }

    /** {@code rD = (s8)rS}: MOVSX. */
    private ParsedInsn signExtendingMove(Cursor c, Token first, Reg dst) {
        c.expect("(");
        Token type = c.expectIdent("s8, s16 or s32");
        int bits;
        switch (type.text()) {
            case "s8": bits = 8; break;
            case "s16": bits = 16; break;
            case "s32": bits = 32; break;
            default: throw c.error(type, "a sign-extending move takes (s8), (s16) or (s32), not (" + type.text() + ")");
        }
        c.expect(")");
        Reg src = reg(c, true);
        sameWidth(c, dst, src);
        if (dst.w() && bits == 32) throw c.error(type, "the 32-bit sign-extending move takes (s8) or (s16)");
        return ParsedInsn.simple(c, first, dst.w()
                ? (b, x) -> b.movsx32Reg(dst.reg(), src.reg(), bits)
                : (b, x) -> b.movsx64Reg(dst.reg(), src.reg(), bits));
    }


    /** {@code rD = &(void __percpu *)(rS)}: the kernel's internal per-cpu move (MOV64 X with off -1). */
    private ParsedInsn percpuMove(Cursor c, Token first, Reg dst) {
        c.expect("&");
        c.expect("(");
        c.expect("void");
        c.expect("__percpu");
        c.expect("*");
        c.expect(")");
        c.expect("(");
        Reg src = reg(c, false);
        c.expect(")");
        return ParsedInsn.simple(c, first, (b, x) -> b.raw(0xbf, dst.reg().number(), src.reg().number(), -1, 0));
    }

    /** {@code rD = addr_space_cast(rS, DST_AS, SRC_AS)}: MOV64 X with off 1, imm = DST_AS << 16 | SRC_AS. */
    private ParsedInsn addrSpaceCast(Cursor c, Token first, Reg dst) {
        c.expect("(");
        Reg src = reg(c, false);
        c.expect(",");
        int to = u16(c, c.signedNumber("an address space number"));
        c.expect(",");
        int from = u16(c, c.signedNumber("an address space number"));
        c.expect(")");
        int imm = to << 16 | from;
        return ParsedInsn.simple(c, first, (b, x) -> b.raw(0xbf, dst.reg().number(), src.reg().number(), 1, imm));
    }

    private static int u16(Cursor c, Literal lit) {
        if (lit.value().signum() < 0 || lit.value().bitLength() > 16) {
            throw c.error(lit.at(), "address space " + lit.value() + " does not fit 16 bits");
        }
        return lit.value().intValue();
    }

    /** {@code rD = map[NAME]}, {@code rD = map[NAME][0]+OFF} and {@code rD = map_value[NAME]+OFF}. */
    private ParsedInsn mapLoad(Cursor c, Token first, Reg dst) {
        Token kind = c.next();
        c.expect("[");
        Token name = c.peek();
        if (name.is("id") && c.peek(1).is(":")) {
            throw c.error(name, "map[id:N] names a map loaded in the kernel; declare the map with "
                    + ".map NAME type=... key=... value=... entries=... and write map[NAME]");
        }
        name = c.expectIdent("a map name");
        c.expect("]");
        boolean value = kind.is("map_value");
        if (!value && c.peek().is("[")) {
            c.next();
            Literal zero = c.signedNumber("0");
            if (zero.value().signum() != 0) throw c.error(zero.at(), "a map value is addressed at key [0]");
            c.expect("]");
            value = true;
        }
        int off = 0;
        if (value && (c.peek().is("+") || c.peek().is("-"))) off = c.s32(c.signedOffset(), "map value offset");
        c.accept("ll");
        return mapInsn(c, first, dst, name, value, off);
    }

    /** LLVM's {@code rD = NAME ll}: a declared map, else a function label (BPF_PSEUDO_FUNC). */
    private ParsedInsn symbolLoad(Cursor c, Token first, Reg dst) {
        Token name = c.next();
        c.accept("ll");
        if (symbols.isMap(name.text())) return mapInsn(c, first, dst, name, false, 0);
        if (symbols.isLabel(name.text())) {
            if (dst.w()) throw c.error(dst.at(), "a function pointer loads a 64-bit r register, not " + dst.name());
            Target t = new Target(name.text(), 0, Field.IMM32, c.line(), name.column());
            return new ParsedInsn(c.line(), first.column(), 2, t, null,
                    (b, off) -> b.ldImm64Raw(dst.reg(), PseudoSource.FUNC, off, 0));
        }
        throw c.error(name, "unknown value '" + name.text() + "' (not a number, register, declared map or label)");
    }

    private ParsedInsn mapInsn(Cursor c, Token first, Reg dst, Token name, boolean value, int off) {
        if (dst.w()) throw c.error(dst.at(), "a map load is an LD_IMM64 of a 64-bit r register, not " + dst.name());
        if (!symbols.isMap(name.text())) {
            throw c.error(name, "unknown map '" + name.text() + "' (declare it with .map " + name.text() + " type=...)");
        }
        ParsedInsn.MapRef ref = new ParsedInsn.MapRef(name.text(), value, off, c.line(), name.column());
        return new ParsedInsn(c.line(), first.column(), 2, null, ref, value
                ? (b, x) -> b.ldMapValue(dst.reg(), 0, off)
                : (b, x) -> b.ldMapFd(dst.reg(), 0));
    }

    // ---------------------------------------------------------------- operand pieces

    /** An operator, joining the {@code s} of signed operators ({@code s>>=}, {@code s<}) to what follows it. */
    static String operator(Cursor c) {
        Token t = c.peek();
        if (t.is("s") && c.peek(1).kind() == Token.Kind.PUNCT && !c.peek(1).spaceBefore()) {
            c.next();
            return "s" + c.next().text();
        }
        if (t.kind() != Token.Kind.PUNCT) throw c.error(t, "expected an operator but found " + t.describe());
        return c.next().text();
    }

    /** A register; {@code allowW} admits the 32-bit view {@code wN}. */
    static Reg reg(Cursor c, boolean allowW) {
        Token t = c.peek();
        if (!t.isIdent() || !Cursor.looksLikeRegister(t.text(), true)) {
            throw c.error(t, "expected a register but found " + t.describe());
        }
        c.next();
        Register r = c.register(t, t.text());
        boolean w = t.text().charAt(0) == 'w';
        if (w && !allowW) throw c.error(t, "expected a 64-bit register (r" + r.number() + ") but found '" + t.text() + "'");
        return new Reg(r, w, t);
    }




    private static void sameWidth(Cursor c, Reg a, Reg b) {
        if (a.w() != b.w()) {
            throw c.error(b.at(), "'" + a.name() + "' and '" + b.name() + "' mix 32-bit (w) and 64-bit (r) registers");
        }
    }

    private static void sameRegister(Cursor c, Reg dst, Reg src, String example) {
        if (dst.reg() != src.reg() || dst.w() != src.w()) {
            throw c.error(src.at(), "this operation works in place on one register: write " + example);
        }
    }

    private static Endian endianOf(String word) {
        for (Endian e : Endian.values()) {
            String m = e.mnemonic();
            if (word.equals(m + "16") || word.equals(m + "32") || word.equals(m + "64")) return e;
        }
        return null;
    }

    /** What the assembler knows before parsing: every label and declared map name. */
    interface Symbols {
        boolean isLabel(String name);

        boolean isMap(String name);
    }
}
