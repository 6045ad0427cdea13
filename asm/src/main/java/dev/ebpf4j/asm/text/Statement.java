package dev.ebpf4j.asm.text;

import java.util.ArrayList;
import java.util.List;

/**
 * One statement of source text after comments, verifier-log prefixes and labels have been peeled off:
 * the labels it defines, then a directive, an instruction or nothing.
 *
 * @param line      1-based line
 * @param labels    labels defined at its start ({@code out: r0 = 0})
 * @param tokens    the rest, ending with END (just END when the statement was only labels)
 * @param logOpcode the opcode of a verifier-log prefix {@code 12: (bf) }, or -1
 * @param logColumn the column of that opcode
 */
record Statement(int line, List<Token> labels, List<Token> tokens, int logOpcode, int logColumn) {

    boolean isEmpty() { return tokens.get(0).isEnd(); }

    boolean isDirective() { return tokens.get(0).isIdent() && tokens.get(0).text().startsWith("."); }

    /**
     * Splits source text into statements. Comments: {@code //} anywhere; {@code #} at the start of a line or
     * after whitespace (and anywhere in ubpf syntax, which never uses {@code #} otherwise; in pseudo-C it is
     * part of {@code call bpf_map_lookup_elem#1}); {@code ;} at the start of a line or after a verifier-log
     * prefix (the log's {@code ; R0=...} annotations). Elsewhere {@code ;} separates statements, as in LLVM
     * inline assembly ({@code r0 = 0; exit;}).
     */
    static List<Statement> split(String source, boolean ubpf) {
        List<Statement> out = new ArrayList<>();
        int lineNo = 0;
        int start = 0;
        int n = source.length();
        while (start <= n) {
            int end = source.indexOf('\n', start);
            if (end < 0) end = n;
            lineNo++;
            splitLine(source.substring(start, end), lineNo, ubpf, out);
            start = end + 1;
        }
        return out;
    }

    private static void splitLine(String line, int lineNo, boolean ubpf, List<Statement> out) {
        int end = commentStart(line, ubpf);
        int from = 0;
        while (from < end && Character.isWhitespace(line.charAt(from))) from++;
        if (from < end && line.charAt(from) == ';') return;
        int logOpcode = -1;
        int logColumn = 0;
        if (!ubpf) {
            int[] prefix = logPrefix(line, from, end);
            if (prefix != null) {
                logOpcode = prefix[1];
                logColumn = prefix[2];
                from = prefix[0];
                int semi = line.indexOf(';', from);
                if (semi >= 0 && semi < end) end = semi;
            }
        }
        while (from <= end) {
            int semi = line.indexOf(';', from);
            int stop = semi < 0 || semi > end ? end : semi;
            List<Token> tokens = Lexer.lex(line, from, stop, lineNo);
            List<Token> labels = new ArrayList<>();
            int k = 0;
            while (tokens.get(k).isIdent() && tokens.get(k + 1).is(":") && !tokens.get(k).text().startsWith(".")) {
                labels.add(tokens.get(k));
                k += 2;
            }
            List<Token> rest = tokens.subList(k, tokens.size());
            if (!labels.isEmpty() || !rest.get(0).isEnd()) {
                out.add(new Statement(lineNo, labels, rest, logOpcode, logColumn));
            }
            from = stop + 1;
        }
    }

    private static int commentStart(String line, boolean ubpf) {
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '/' && i + 1 < line.length() && line.charAt(i + 1) == '/') return i;
            if (ch == '#' && (ubpf || i == 0 || Character.isWhitespace(line.charAt(i - 1)))) return i;
        }
        return line.length();
    }

    /** {@code 12: (bf) }: returns {where the instruction starts, the opcode, its column}, or null. */
    private static int[] logPrefix(String line, int from, int end) {
        int i = from;
        while (i < end && Character.isDigit(line.charAt(i)) && line.charAt(i) < 128) i++;
        if (i == from || i >= end || line.charAt(i) != ':') return null;
        i++;
        while (i < end && line.charAt(i) == ' ') i++;
        if (i + 4 > end || line.charAt(i) != '(' || line.charAt(i + 3) != ')') return null;
        int hi = Character.digit(line.charAt(i + 1), 16);
        int lo = Character.digit(line.charAt(i + 2), 16);
        if (hi < 0 || lo < 0 || line.charAt(i + 1) > 127 || line.charAt(i + 2) > 127) return null;
        int column = i + 2;
        i += 4;
        return new int[] {i, hi << 4 | lo, column};
    }
}
