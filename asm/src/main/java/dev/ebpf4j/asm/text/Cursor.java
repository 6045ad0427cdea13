package dev.ebpf4j.asm.text;

import dev.ebpf4j.asm.Register;

import java.math.BigInteger;
import java.util.List;

/**
 * Reads the tokens of one statement for a parser: look ahead, take, insist, and turn numbers into field values
 * with range checks. Every failure is an {@link AsmSyntaxException} at the token concerned.
 */
final class Cursor {
    static final BigInteger S16_MIN = BigInteger.valueOf(Short.MIN_VALUE);
    static final BigInteger S16_MAX = BigInteger.valueOf(Short.MAX_VALUE);
    static final BigInteger S32_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    static final BigInteger S32_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    static final BigInteger U32_MAX = BigInteger.valueOf(0xffffffffL);
    static final BigInteger S64_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    static final BigInteger U64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final List<Token> tokens;
    private final int line;
    private int pos;

    Cursor(List<Token> tokens, int line) {
        this.tokens = tokens;
        this.line = line;
    }

    int line() { return line; }

    Token peek() { return tokens.get(pos); }

    Token peek(int ahead) { return tokens.get(Math.min(pos + ahead, tokens.size() - 1)); }

    Token next() {
        Token t = tokens.get(pos);
        if (!t.isEnd()) pos++;
        return t;
    }

    boolean atEnd() { return peek().isEnd(); }

    /** Takes the token if it is the punctuation or word {@code s}. */
    boolean accept(String s) {
        if (peek().is(s)) {
            pos++;
            return true;
        }
        return false;
    }

    Token expect(String s) {
        Token t = peek();
        if (!t.is(s)) throw error(t, "expected '" + s + "' but found " + t.describe());
        return next();
    }

    Token expectIdent(String what) {
        Token t = peek();
        if (!t.isIdent()) throw error(t, "expected " + what + " but found " + t.describe());
        return next();
    }

    void expectEnd() {
        Token t = peek();
        if (!t.isEnd()) throw error(t, "unexpected " + t.describe() + " after the instruction");
    }

    AsmSyntaxException error(Token at, String message) {
        return new AsmSyntaxException(line, at.column(), message);
    }

    // ---------------------------------------------------------------- numbers

    /** A signed literal: an optional {@code +} or {@code -} and a number. */
    Literal signedNumber(String what) {
        Token first = peek();
        boolean negative = false;
        if (first.is("-") || first.is("+")) {
            negative = first.is("-");
            next();
        }
        Token n = peek();
        if (!n.isNumber()) throw error(n, "expected " + what + " but found " + n.describe());
        next();
        if (n.value() == null) throw error(n, "number '" + shorten(n.text()) + "' is too long for any field");
        return new Literal(negative ? n.value().negate() : n.value(), first);
    }

    /** An offset after a base register: {@code +8}, {@code -8}, {@code + -8} (the sign is required). */
    Literal signedOffset() {
        Token sign = next();
        boolean negative = sign.is("-");
        if (peek().is("-") || peek().is("+")) {
            if (peek().is("-")) negative = !negative;
            next();
        }
        Token n = peek();
        if (!n.isNumber()) throw error(n, "expected an offset but found " + n.describe());
        next();
        if (n.value() == null) throw error(n, "number '" + shorten(n.text()) + "' is too long for any field");
        return new Literal(negative ? n.value().negate() : n.value(), sign);
    }

    private static String shorten(String s) {
        return s.length() <= 24 ? s : s.substring(0, 20) + "...";
    }

    /** A number that is the bit pattern of a 32-bit imm: anything from -2^31 to 2^32-1. */
    int imm32(Literal v, String what) {
        if (v.value.compareTo(S32_MIN) < 0 || v.value.compareTo(U32_MAX) > 0) {
            throw error(v.at, what + " " + v.value + " does not fit the 32-bit imm field [-2147483648, 0xffffffff]");
        }
        return v.value.intValue();
    }

    /** A number that must fit a signed 32-bit field. */
    int s32(Literal v, String what) {
        if (v.value.compareTo(S32_MIN) < 0 || v.value.compareTo(S32_MAX) > 0) {
            throw error(v.at, what + " " + v.value + " does not fit a signed 32-bit field [-2147483648, 2147483647]");
        }
        return v.value.intValue();
    }

    /** A number that must fit the signed 16-bit offset field. */
    int s16(Literal v, String what) {
        if (v.value.compareTo(S16_MIN) < 0 || v.value.compareTo(S16_MAX) > 0) {
            throw error(v.at, what + " " + v.value + " does not fit the signed 16-bit offset field [-32768, 32767]");
        }
        return v.value.intValue();
    }

    /** A 64-bit constant: anything from -2^63 to 2^64-1, as its bit pattern. */
    long imm64(Literal v) {
        if (v.value.compareTo(S64_MIN) < 0 || v.value.compareTo(U64_MAX) > 0) {
            throw error(v.at, "constant " + v.value + " does not fit 64 bits");
        }
        return v.value.longValue();
    }

    /** A small non-negative number (register numbers, widths). */
    static int small(BigInteger v) {
        return v.bitLength() < 16 ? v.intValue() : Integer.MAX_VALUE;
    }

    // ---------------------------------------------------------------- registers

    /** Whether an identifier looks like a register name ({@code r7}, {@code w12}): a letter then digits. */
    static boolean looksLikeRegister(String s, boolean allowW) {
        if (s.length() < 2 || s.length() > 6) return false;
        char c = s.charAt(0);
        if (c != 'r' && !(allowW && c == 'w')) return false;
        for (int i = 1; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        }
        return true;
    }

    /** The register an identifier that {@link #looksLikeRegister looks like one} names, or an error. */
    Register register(Token t, String shown) {
        return register(t, t, shown);
    }

    /** As {@link #register(Token, String)}, reporting an error at {@code at} (the {@code %} of {@code %r11}). */
    Register register(Token t, Token at, String shown) {
        int n;
        try {
            n = Integer.parseInt(t.text().substring(1));
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0 || n > 10 || (t.text().length() > 2 && t.text().charAt(1) == '0')) {
            throw error(at, "unknown register '" + shown + "' (registers are r0 to r10)");
        }
        return Register.of(n);
    }

    /** A number and the token where it starts (its sign, if any), for error positions. */
    record Literal(BigInteger value, Token at) {}
}
