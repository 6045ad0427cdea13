package dev.ebpf4j.asm.text;

import dev.ebpf4j.asm.AtomicOp;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.asm.Size;
import dev.ebpf4j.asm.text.Operands.CType;
import dev.ebpf4j.asm.text.Operands.Mem;
import dev.ebpf4j.asm.text.Operands.Reg;

/**
 * The memory forms of the pseudo-C syntax: loads ({@code r0 = *(u32 *)(r1 +0)}, {@code *(s8 *)}, the packet
 * loads {@code skb[23]}), stores, and atomics in both the kernel's and LLVM's spelling
 * ({@code lock *(u64 *)(r0 +0) += r1}, {@code atomic64_fetch_add((u64 *)(r1 +0), r0)}, {@code xchg_64(r1 + 0, r0)},
 * {@code store_release}), with the {@code (u32 *)} casts and {@code (r1 +8)} operands they share.
 */
final class PseudoCMemory {
    private PseudoCMemory() {}

    static ParsedInsn store(Cursor c, Token first) {
        c.expect("*");
        CType type = cast(c);
        if (type.signed()) throw c.error(type.at(), "a store takes an unsigned type (u8, u16, u32, u64)");
        Mem m = mem(c);
        c.expect("=");
        Token v = c.peek();
        Size size = type.size();
        if (v.isIdent() && Cursor.looksLikeRegister(v.text(), true)) {
            Register src = PseudoCParser.reg(c, true).reg();
            return ParsedInsn.simple(c, first, (b, t) -> b.stxMem(size, m.base(), src, m.off()));
        }
        int imm = c.imm32(c.signedNumber("a register or a number"), "immediate");
        return ParsedInsn.simple(c, first, (b, t) -> b.stMem(size, m.base(), m.off(), imm));
    }

    static ParsedInsn lock(Cursor c, Token first) {
        c.expect("*");
        CType type = cast(c);
        Size size = rmwSize(c, type);
        Mem m = mem(c);
        Token opTok = c.peek();
        String op = PseudoCParser.operator(c);
        AtomicOp aop;
        switch (op) {
            case "+=": aop = AtomicOp.ADD; break;
            case "|=": aop = AtomicOp.OR; break;
            case "&=": aop = AtomicOp.AND; break;
            case "^=": aop = AtomicOp.XOR; break;
            default: throw c.error(opTok, "expected an atomic operation (+=, |=, &=, ^=) but found " + Token.quote(op));
        }
        Register src = PseudoCParser.reg(c, true).reg();
        return ParsedInsn.simple(c, first, (b, t) -> b.atomic(size, aop, m.base(), src, m.off()));
    }

    static ParsedInsn storeRelease(Cursor c, Token first) {
        c.expect("(");
        CType type = cast(c);
        if (type.signed()) throw c.error(type.at(), "store_release takes an unsigned type (u8, u16, u32, u64)");
        Mem m = mem(c);
        c.expect(",");
        Register src = PseudoCParser.reg(c, true).reg();
        c.expect(")");
        return ParsedInsn.simple(c, first, (b, t) -> b.storeRelease(type.size(), m.base(), src, m.off()));
    }

    /** {@code r2 = atomic64_fetch_add((u64 *)(r1 -8), r2)}, {@code r0 = cmpxchg_64(r1 - 8, r0, r2)}, ... */
    static ParsedInsn atomicCall(Cursor c, Token first, Reg dst, Token name) {
        String n = name.text();
        boolean llvmStyle = n.endsWith("_64") || n.endsWith("32_32");
        Size size;
        Mem m;
        c.expect("(");
        if (llvmStyle) {
            size = n.endsWith("_64") ? Size.DW : Size.W;
            Reg base = PseudoCParser.reg(c, false);
            m = new Mem(base.reg(), offset(c));
        } else {
            CType type = cast(c);
            size = rmwSize(c, type);
            if (n.startsWith("atomic64_") && size != Size.DW) {
                throw c.error(type.at(), n + " takes a (u64 *) address");
            }
            m = mem(c);
        }
        String op = n.replaceFirst("^atomic64_|^atomic_", "").replaceFirst("(32_32|_64)$", "");
        AtomicOp aop;
        switch (op) {
            case "fetch_add": aop = AtomicOp.FETCH_ADD; break;
            case "fetch_or": aop = AtomicOp.FETCH_OR; break;
            case "fetch_and": aop = AtomicOp.FETCH_AND; break;
            case "fetch_xor": aop = AtomicOp.FETCH_XOR; break;
            case "xchg": aop = AtomicOp.XCHG; break;
            case "cmpxchg": aop = AtomicOp.CMPXCHG; break;
            default: throw c.error(name, "unknown atomic operation '" + n + "'");
        }
        c.expect(",");
        if (aop == AtomicOp.CMPXCHG) {
            if (dst.reg() != Register.R0) throw c.error(dst.at(), "cmpxchg returns the old value in r0, not " + dst.name());
            Reg expected = PseudoCParser.reg(c, true);
            if (expected.reg() != Register.R0) {
                throw c.error(expected.at(), "cmpxchg compares with r0, not " + expected.name());
            }
            c.expect(",");
        }
        Reg src = PseudoCParser.reg(c, true);
        c.expect(")");
        if (aop != AtomicOp.CMPXCHG && src.reg() != dst.reg()) {
            throw c.error(src.at(), n + " returns the old value in its value register: write "
                    + src.name() + " = " + n + "(..., " + src.name() + ")");
        }
        return ParsedInsn.simple(c, first, (b, t) -> b.atomic(size, aop, m.base(), src.reg(), m.off()));
    }

    static Size rmwSize(Cursor c, CType type) {
        if (type.signed() || (type.size() != Size.W && type.size() != Size.DW)) {
            throw c.error(type.at(), "atomic read-modify-write takes (u32 *) or (u64 *)");
        }
        return type.size();
    }

    /** {@code rD = *(u32 *)(rS +off)}, {@code *(s8 *)...} (MEMSX), {@code r0 = *(u8 *)skb[23]} (LD_ABS/IND). */
    static ParsedInsn load(Cursor c, Token first, Reg dst) {
        c.expect("*");
        CType type = cast(c);
        Size size = type.size();
        if (c.peek().is("skb")) {
            c.next();
            if (type.signed()) throw c.error(type.at(), "a packet load takes an unsigned type (u8, u16, u32)");
            if (dst.reg() != Register.R0) throw c.error(dst.at(), "a packet load (skb[...]) always loads r0");
            c.expect("[");
            Token t = c.peek();
            if (t.isIdent() && Cursor.looksLikeRegister(t.text(), true)) {
                Register src = PseudoCParser.reg(c, false).reg();
                int imm = 0;
                if (c.peek().is("+") || c.peek().is("-")) {
                    imm = c.s32(c.signedOffset(), "packet offset");
                }
                c.expect("]");
                int fimm = imm;
                return ParsedInsn.simple(c, first, (b, x) -> b.ldInd(size, src, fimm));
            }
            int imm = c.s32(c.signedNumber("a packet offset or register"), "packet offset");
            c.expect("]");
            return ParsedInsn.simple(c, first, (b, x) -> b.ldAbs(size, imm));
        }
        Mem m = mem(c);
        if (type.signed()) {
            if (size == Size.DW) throw c.error(type.at(), "sign-extending loads are s8, s16 or s32");
            return ParsedInsn.simple(c, first, (b, x) -> b.ldxMemSx(size, dst.reg(), m.base(), m.off()));
        }
        return ParsedInsn.simple(c, first, (b, x) -> b.ldxMem(size, dst.reg(), m.base(), m.off()));
    }

    /** {@code (u32 *)}: the type of a memory access. */
    static CType cast(Cursor c) {
        c.expect("(");
        Token type = c.expectIdent("a type (u8, u16, u32, u64, s8, s16, s32)");
        Size size = Operands.sizeOfType(type.text());
        if (size == null) throw c.error(type, "unknown type '" + type.text() + "' (u8, u16, u32, u64, s8, s16, s32)");
        c.expect("*");
        c.expect(")");
        return new CType(size, type.text().charAt(0) == 's', type);
    }

    /** {@code (r1 +8)}, {@code (r10 - 8)}, {@code (r1)}. */
    static Mem mem(Cursor c) {
        c.expect("(");
        Reg base = PseudoCParser.reg(c, false);
        int off = offset(c);
        c.expect(")");
        return new Mem(base.reg(), off);
    }

    /** An optional {@code +N}, {@code -N} or {@code + -N} after a base register; 0 if absent. */
    static int offset(Cursor c) {
        if (!c.peek().is("+") && !c.peek().is("-")) return 0;
        return c.s16(c.signedOffset(), "offset");
    }
}
