package dev.ebpf4j.asm.text;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.AtomicOp;
import dev.ebpf4j.asm.Endian;
import dev.ebpf4j.asm.JmpOp;
import dev.ebpf4j.asm.PseudoSource;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.asm.Size;
import dev.ebpf4j.asm.text.Cursor.Literal;
import dev.ebpf4j.asm.text.Operands.Mem;
import dev.ebpf4j.asm.text.ParsedInsn.Field;
import dev.ebpf4j.asm.text.ParsedInsn.Target;

/**
 * The ubpf syntax of the bpf_conformance suite: {@code mov32 %r0, 1}, {@code ldxw %r0, [%r1+4]},
 * {@code jeq32 %r1, 0xb, label}, {@code lock fetch add32 [%r10-8], %r1}, {@code call local f}, ... plus
 * rbpf's packet loads ({@code ldabsw 12}, {@code ldindh %r2, 12}) and a few Linux extensions written the same
 * way ({@code may_goto label}, {@code gotox %r1}, {@code lddw %r1, map[counts]}). One statement at a time.
 */
final class UbpfParser {
    private final PseudoCParser.Symbols symbols;

    UbpfParser(PseudoCParser.Symbols symbols) {
        this.symbols = symbols;
    }

    /** Whether a word is one of this syntax's mnemonics (used to tell the syntaxes apart). */
    static boolean isMnemonic(String w) {
        if (w.equals("lddw") || w.equals("ja") || w.equals("ja32") || w.equals("neg") || w.equals("neg32")
                || w.equals("neg64")) {
            return true;
        }
        if (endianOf(w) != null || movsxBits(w) != 0) return true;
        if (memSize(w, "ldxs") != null || memSize(w, "ldx") != null || memSize(w, "stx") != null
                || memSize(w, "st") != null || memSize(w, "ldabs") != null || memSize(w, "ldind") != null) {
            return true;
        }
        String stem = stripWidth(w);
        return Operands.ALU_MNEMONICS.containsKey(stem) || Operands.JMP_MNEMONICS.containsKey(stem)
                && !w.endsWith("64");
    }

    ParsedInsn parse(Cursor c) {
        Token first = c.expectIdent("an instruction");
        ParsedInsn insn = statement(c, first);
        c.expectEnd();
        return insn;
    }

    private ParsedInsn statement(Cursor c, Token first) {
        String m = first.text();
        switch (m) {
            case "exit":
                return ParsedInsn.simple(c, first, (b, t) -> b.exit());
            case "ja":
                return ParsedInsn.jump(c, first, target(c, Field.OFF16), (b, t) -> b.ja(t));
            case "ja32":
                return ParsedInsn.jump(c, first, target(c, Field.IMM32), (b, t) -> b.gotol(t));
            case "may_goto":
                return ParsedInsn.jump(c, first, target(c, Field.OFF16), (b, t) -> b.mayGoto(t));
            case "gotox": {
                Register r = reg(c);
                return ParsedInsn.simple(c, first, (b, t) -> b.gotox(r));
            }
            case "call":
                return call(c, first);
            case "lock":
                return lock(c, first);
            case "lddw":
                return lddw(c, first);
            case "neg":
            case "neg64": {
                Register r = reg(c);
                return ParsedInsn.simple(c, first, (b, t) -> b.neg64(r));
            }
            case "neg32": {
                Register r = reg(c);
                return ParsedInsn.simple(c, first, (b, t) -> b.neg32(r));
            }
            default:
                return other(c, first, m);
        }
    }

    private ParsedInsn other(Cursor c, Token first, String m) {
        Endian endian = endianOf(m);
        if (endian != null) {
            int bits = Integer.parseInt(m.substring(m.length() - 2));
            Register r = reg(c);
            return ParsedInsn.simple(c, first, (b, t) -> b.endian(endian, r, bits));
        }
        int sx = movsxBits(m);
        if (sx != 0) {
            boolean is64 = m.endsWith("64");
            Register dst = reg(c);
            c.expect(",");
            Register src = reg(c);
            return ParsedInsn.simple(c, first, is64
                    ? (b, t) -> b.movsx64Reg(dst, src, sx)
                    : (b, t) -> b.movsx32Reg(dst, src, sx));
        }
        Size size;
        if ((size = memSize(m, "ldxs")) != null && size != Size.DW) {
            Size s = size;
            Register dst = reg(c);
            c.expect(",");
            Mem mem = mem(c);
            return ParsedInsn.simple(c, first, (b, t) -> b.ldxMemSx(s, dst, mem.base(), mem.off()));
        }
        if ((size = memSize(m, "ldx")) != null) {
            Size s = size;
            Register dst = reg(c);
            c.expect(",");
            Mem mem = mem(c);
            return ParsedInsn.simple(c, first, (b, t) -> b.ldxMem(s, dst, mem.base(), mem.off()));
        }
        if ((size = memSize(m, "stx")) != null) {
            Size s = size;
            Mem mem = mem(c);
            c.expect(",");
            Register src = reg(c);
            return ParsedInsn.simple(c, first, (b, t) -> b.stxMem(s, mem.base(), src, mem.off()));
        }
        if ((size = memSize(m, "st")) != null) {
            Size s = size;
            Mem mem = mem(c);
            c.expect(",");
            int imm = c.imm32(c.signedNumber("a number"), "immediate");
            return ParsedInsn.simple(c, first, (b, t) -> b.stMem(s, mem.base(), mem.off(), imm));
        }
        if ((size = memSize(m, "ldabs")) != null) {
            Size s = size;
            int imm = c.s32(c.signedNumber("a packet offset"), "packet offset");
            return ParsedInsn.simple(c, first, (b, t) -> b.ldAbs(s, imm));
        }
        if ((size = memSize(m, "ldind")) != null) {
            Size s = size;
            Register src = reg(c);
            c.expect(",");
            int imm = c.s32(c.signedNumber("a packet offset"), "packet offset");
            return ParsedInsn.simple(c, first, (b, t) -> b.ldInd(s, src, imm));
        }
        String stem = stripWidth(m);
        boolean is32 = m.endsWith("32");
        AluOp aop = Operands.ALU_MNEMONICS.get(stem);
        if (aop != null) return alu(c, first, aop, is32);
        JmpOp jop = Operands.JMP_MNEMONICS.get(stem);
        if (jop != null && !m.endsWith("64")) return conditional(c, first, jop, is32);
        throw c.error(first, "unknown mnemonic '" + m + "'" + (m.startsWith("r") || m.equals("if") || m.equals("goto")
                ? " (that looks like kernel/LLVM syntax; this file reads as ubpf syntax)" : ""));
    }

    private ParsedInsn alu(Cursor c, Token first, AluOp op, boolean is32) {
        Register dst = reg(c);
        c.expect(",");
        if (isRegister(c)) {
            Register src = reg(c);
            return ParsedInsn.simple(c, first, is32
                    ? (b, t) -> b.alu32Reg(op, dst, src)
                    : (b, t) -> b.alu64Reg(op, dst, src));
        }
        int imm = c.imm32(c.signedNumber("a register or a number"), "immediate");
        return ParsedInsn.simple(c, first, is32
                ? (b, t) -> b.alu32Imm(op, dst, imm)
                : (b, t) -> b.alu64Imm(op, dst, imm));
    }

    private ParsedInsn conditional(Cursor c, Token first, JmpOp op, boolean is32) {
        Register dst = reg(c);
        c.expect(",");
        if (isRegister(c)) {
            Register src = reg(c);
            c.expect(",");
            Target t = target(c, Field.OFF16);
            return ParsedInsn.jump(c, first, t, is32
                    ? (b, off) -> b.jmp32Reg(op, dst, src, off)
                    : (b, off) -> b.jmpReg(op, dst, src, off));
        }
        int imm = c.imm32(c.signedNumber("a register or a number"), "immediate");
        c.expect(",");
        Target t = target(c, Field.OFF16);
        return ParsedInsn.jump(c, first, t, is32
                ? (b, off) -> b.jmp32Imm(op, dst, imm, off)
                : (b, off) -> b.jmpImm(op, dst, imm, off));
    }

    /** {@code call N}, {@code call helper N}, {@code call local T}, {@code call runtime N}, {@code call %rN}. */
    private ParsedInsn call(Cursor c, Token first) {
        if (isRegister(c)) {
            Register r = reg(c);
            return ParsedInsn.simple(c, first, (b, t) -> b.callx(r));
        }
        Token mode = c.peek();
        if (mode.is("local")) {
            c.next();
            return ParsedInsn.jump(c, first, target(c, Field.IMM32), (b, t) -> b.callLocal(t));
        }
        if (mode.is("runtime")) {
            c.next();
            int id = c.imm32(c.signedNumber("a BTF id"), "BTF id");
            return ParsedInsn.simple(c, first, (b, t) -> b.callKfunc(id));
        }
        if (mode.is("helper")) {
            c.next();
            if (isRegister(c)) {
                Register r = reg(c);
                return ParsedInsn.simple(c, first, (b, t) -> b.callx(r));
            }
        }
        int id = c.imm32(c.signedNumber("a helper id, local LABEL, runtime N or a register"), "helper id");
        return ParsedInsn.simple(c, first, (b, t) -> b.callHelper(id));
    }

    /** {@code lock [fetch] add|or|and|xor[32] [%rD+off], %rS}, {@code lock xchg[32]}, {@code lock cmpxchg[32]}. */
    private ParsedInsn lock(Cursor c, Token first) {
        boolean fetch = c.accept("fetch");
        Token opTok = c.expectIdent("an atomic operation (add, or, and, xor, xchg, cmpxchg)");
        String op = opTok.text();
        Size size = Size.DW;
        if (op.endsWith("32")) {
            size = Size.W;
            op = op.substring(0, op.length() - 2);
        } else if (op.endsWith("64")) {
            op = op.substring(0, op.length() - 2);
        }
        AtomicOp aop;
        switch (op) {
            case "add": aop = fetch ? AtomicOp.FETCH_ADD : AtomicOp.ADD; break;
            case "or": aop = fetch ? AtomicOp.FETCH_OR : AtomicOp.OR; break;
            case "and": aop = fetch ? AtomicOp.FETCH_AND : AtomicOp.AND; break;
            case "xor": aop = fetch ? AtomicOp.FETCH_XOR : AtomicOp.XOR; break;
            case "xchg": aop = AtomicOp.XCHG; break;
            case "cmpxchg": aop = AtomicOp.CMPXCHG; break;
            default: throw c.error(opTok, "unknown atomic operation '" + opTok.text() + "' (add, or, and, xor, xchg, cmpxchg)");
        }
        Mem mem = mem(c);
        c.expect(",");
        Register src = reg(c);
        Size s = size;
        return ParsedInsn.simple(c, first, (b, t) -> b.atomic(s, aop, mem.base(), src, mem.off()));
    }

    /** {@code lddw %rD, N}, or with a map: {@code map[NAME]}, {@code map[NAME][0]+OFF}, {@code map_value[NAME]+OFF}, {@code NAME}. */
    private ParsedInsn lddw(Cursor c, Token first) {
        Register dst = reg(c);
        c.expect(",");
        Token t = c.peek();
        if (t.isIdent()) {
            c.next();
            boolean value = t.is("map_value");
            Token name = t;
            int off = 0;
            if ((t.is("map") || value) && c.peek().is("[")) {
                c.next();
                name = c.expectIdent("a map name");
                c.expect("]");
                if (!value && c.peek().is("[")) {
                    c.next();
                    Literal zero = c.signedNumber("0");
                    if (zero.value().signum() != 0) throw c.error(zero.at(), "a map value is addressed at key [0]");
                    c.expect("]");
                    value = true;
                }
                if (value && (c.peek().is("+") || c.peek().is("-"))) off = c.s32(c.signedOffset(), "map value offset");
            } else if (!symbols.isMap(t.text()) && symbols.isLabel(t.text())) {
                Target target = new Target(t.text(), 0, Field.IMM32, c.line(), t.column());
                return new ParsedInsn(c.line(), first.column(), 2, target, null,
                        (b, x) -> b.ldImm64Raw(dst, PseudoSource.FUNC, x, 0));
            }
            if (!symbols.isMap(name.text())) {
                throw c.error(name, "unknown map '" + name.text() + "' (declare it with .map " + name.text() + " type=...)");
            }
            boolean v = value;
            int o = off;
            ParsedInsn.MapRef ref = new ParsedInsn.MapRef(name.text(), v, o, c.line(), name.column());
            return new ParsedInsn(c.line(), first.column(), 2, null, ref, v
                    ? (b, x) -> b.ldMapValue(dst, 0, o)
                    : (b, x) -> b.ldMapFd(dst, 0));
        }
        long v = c.imm64(c.signedNumber("a 64-bit number or a map"));
        return ParsedInsn.wide(c, first, (b, x) -> b.ldImm64(dst, v));
    }

    // ---------------------------------------------------------------- operands

    /** A label, or {@code +N} / {@code -N} slots from the next instruction. */
    private static Target target(Cursor c, Field field) {
        Token t = c.peek();
        if (t.is("+") || t.is("-")) {
            Literal lit = c.signedNumber("a jump offset");
            int v = field == Field.OFF16 ? c.s16(lit, "jump offset") : c.s32(lit, "call/jump offset");
            return new Target(null, v, field, c.line(), t.column());
        }
        if (t.isIdent() && !Cursor.looksLikeRegister(t.text(), false)) {
            c.next();
            return new Target(t.text(), 0, field, c.line(), t.column());
        }
        throw c.error(t, "expected a jump target (a label, +N or -N) but found " + t.describe());
    }

    private static boolean isRegister(Cursor c) {
        Token t = c.peek();
        return t.is("%") || (t.isIdent() && Cursor.looksLikeRegister(t.text(), false));
    }

    /** {@code %r1} (rbpf's bare {@code r1} is accepted too). */
    static Register reg(Cursor c) {
        Token t = c.peek();
        if (t.is("%")) {
            c.next();
            Token name = c.peek();
            if (!name.isIdent() || name.spaceBefore() || !Cursor.looksLikeRegister(name.text(), false)) {
                throw c.error(t, "expected a register (%r0 to %r10) but found " + Token.quote("%" + (name.spaceBefore() ? "" : name.text())));
            }
            c.next();
            return c.register(name, t, "%" + name.text());
        }
        if (t.isIdent() && Cursor.looksLikeRegister(t.text(), false)) {
            c.next();
            return c.register(t, t.text());
        }
        throw c.error(t, "expected a register (%r0 to %r10) but found " + t.describe());
    }

    /** {@code [%r1+4]}, {@code [%r10-8]}, {@code [%r1]}. */
    private static Mem mem(Cursor c) {
        c.expect("[");
        Register base = reg(c);
        int off = 0;
        if (c.peek().is("+") || c.peek().is("-")) off = c.s16(c.signedOffset(), "offset");
        c.expect("]");
        return new Mem(base, off);
    }

    /** The size of {@code prefix} + {@code b|h|w|dw}, or null. */
    private static Size memSize(String word, String prefix) {
        return word.startsWith(prefix) ? Operands.sizeOfSuffix(word.substring(prefix.length())) : null;
    }

    private static String stripWidth(String w) {
        return w.endsWith("32") || w.endsWith("64") ? w.substring(0, w.length() - 2) : w;
    }

    private static int movsxBits(String w) {
        switch (w) {
            case "movsx832":
            case "movsx864": return 8;
            case "movsx1632":
            case "movsx1664": return 16;
            case "movsx3264": return 32;
            default: return 0;
        }
    }

    private static Endian endianOf(String w) {
        for (String bits : new String[] {"16", "32", "64"}) {
            if (w.equals("le" + bits)) return Endian.TO_LE;
            if (w.equals("be" + bits)) return Endian.TO_BE;
            if (w.equals("swap" + bits) || w.equals("bswap" + bits)) return Endian.BSWAP;
        }
        return null;
    }
}
