package dev.ebpf4j.asm.text;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits one statement into tokens. Both syntaxes share it: identifiers ({@code r1}, {@code bpf_map_lookup_elem},
 * {@code .LBB0_2}), unsigned decimal or {@code 0x} numbers, the pseudo-C operators ({@code <<=}, {@code ==}, ...)
 * and single punctuation characters. It never interprets anything; the parsers do.
 */
final class Lexer {
    private static final String[] OPERATORS = {
        "<<=", ">>=", "==", "!=", ">=", "<=", "+=", "-=", "*=", "/=", "|=", "&=", "%=", "^=",
    };

    private Lexer() {}

    /** Tokens of {@code line.substring(from, to)}, with columns counted in the whole line; ends with END. */
    static List<Token> lex(String line, int from, int to, int lineNo) {
        List<Token> out = new ArrayList<>();
        int i = from;
        boolean space = true;
        while (i < to) {
            char c = line.charAt(i);
            if (Character.isWhitespace(c)) {
                space = true;
                i++;
                continue;
            }
            int start = i;
            if (isIdentStart(c)) {
                while (i < to && isIdentPart(line.charAt(i))) i++;
                out.add(new Token(Token.Kind.IDENT, line.substring(start, i), start + 1, null, space));
            } else if (c >= '0' && c <= '9') {
                while (i < to && isIdentPart(line.charAt(i)) && line.charAt(i) != '.') i++;
                String text = line.substring(start, i);
                out.add(new Token(Token.Kind.NUMBER, text, start + 1, number(text, lineNo, start + 1), space));
            } else {
                String op = operatorAt(line, i, to);
                i += op.length();
                out.add(new Token(Token.Kind.PUNCT, op, start + 1, null, space));
            }
            space = false;
        }
        out.add(new Token(Token.Kind.END, "", to + 1, null, space));
        return out;
    }

    static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '.';
    }

    static boolean isIdentPart(char c) {
        return isIdentStart(c) || (c >= '0' && c <= '9');
    }

    private static final String[] ASCII = new String[128];
    static {
        for (char c = 0; c < 128; c++) ASCII[c] = String.valueOf(c);
    }

    private static String operatorAt(String line, int i, int to) {
        char c = line.charAt(i);
        if (i + 1 < to && line.charAt(i + 1) == '=' || c == '<' || c == '>') {
            for (String op : OPERATORS) {
                if (line.startsWith(op, i) && i + op.length() <= to) return op;
            }
        }
        if (c < 128) return ASCII[c];
        return new String(Character.toChars(line.codePointAt(i)));
    }

    private static BigInteger number(String text, int lineNo, int column) {
        String digits = text;
        int radix = 10;
        if (text.length() > 1 && (text.charAt(1) == 'x' || text.charAt(1) == 'X') && text.charAt(0) == '0') {
            digits = text.substring(2);
            radix = 16;
        }
        if (digits.isEmpty()) {
            throw new AsmSyntaxException(lineNo, column, "malformed number '" + text + "'");
        }
        for (int k = 0; k < digits.length(); k++) {
            if (Character.digit(digits.charAt(k), radix) < 0) {
                throw new AsmSyntaxException(lineNo, column, "malformed number '" + text + "'"
                        + (radix == 10 ? " (hexadecimal numbers start with 0x)" : ""));
            }
        }
        if (digits.length() <= 15) return BigInteger.valueOf(Long.parseLong(digits, radix));
        // longer than any field: keep the text (a map's initial value is written this way), no value
        return digits.length() > 40 ? null : new BigInteger(digits, radix);
    }
}
