package dev.ebpf4j.asm.text;

import java.math.BigInteger;

/**
 * One token of a statement: an identifier, a number (unsigned; a sign is its own token), a punctuation or
 * operator, or the end of the statement.
 *
 * @param kind        what it is
 * @param text        the characters as written (for END: empty)
 * @param column      1-based column of its first character
 * @param value       the number's value, for NUMBER only
 * @param spaceBefore whether whitespace separates it from the previous token (so {@code s>>=} and
 *                    {@code %r1} can insist on being written as one word)
 */
record Token(Kind kind, String text, int column, BigInteger value, boolean spaceBefore) {

    enum Kind { IDENT, NUMBER, PUNCT, END }

    boolean is(String s) {
        return kind != Kind.END && kind != Kind.NUMBER && text.equals(s);
    }

    boolean isIdent() { return kind == Kind.IDENT; }

    boolean isNumber() { return kind == Kind.NUMBER; }

    boolean isEnd() { return kind == Kind.END; }

    /** How the token reads in an error message. */
    String describe() {
        return kind == Kind.END ? "the end of the statement" : quote(text);
    }

    /** {@code 'text'}, control and unassigned characters written as {@code \\uXXXX} so a message stays one line. */
    static String quote(String text) {
        StringBuilder sb = new StringBuilder("'");
        text.codePoints().forEach(cp -> {
            int type = Character.getType(cp);
            if (Character.isISOControl(cp) || !Character.isDefined(cp) || type == Character.LINE_SEPARATOR
                    || type == Character.PARAGRAPH_SEPARATOR) sb.append(String.format("\\u%04x", cp));
            else sb.appendCodePoint(cp);
        });
        return sb.append('\'').toString();
    }
}
