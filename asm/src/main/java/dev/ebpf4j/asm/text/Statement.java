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
 * @param prefix    the listing prefix the line started with ({@code 12: (bf) } of a verifier log,
 *                  {@code 0: b7 01 00 00 05 00 00 00 } of llvm-objdump), or null
 */
record Statement(int line, List<Token> labels, List<Token> tokens, Prefix prefix) {

    /**
     * A listing prefix: the opcode a verifier log shows, or the raw bytes llvm-objdump shows (8, or 16 for an
     * LD_IMM64), which the instruction must assemble to; a bare {@code N:} index shows neither.
     *
     * @param opcode the opcode shown, or -1
     * @param bytes  the raw bytes shown, or null
     * @param column where the shown opcode or bytes start
     */
    record Prefix(int opcode, byte[] bytes, int column) {}

    /** The opcode the prefix shows, or -1. */
    int logOpcode() { return prefix == null ? -1 : prefix.opcode(); }

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
        forEach(source, ubpf, out::add);
        return out;
    }

    /**
     * Hands each statement to {@code action} as it is read, so a large source never has all its tokens in
     * memory at once.
     */
    static void forEach(String source, boolean ubpf, java.util.function.Consumer<Statement> action) {
        List<Statement> line = new ArrayList<>(2);
        int lineNo = 0;
        int start = 0;
        int n = source.length();
        while (start <= n) {
            int end = source.indexOf('\n', start);
            if (end < 0) end = n;
            lineNo++;
            line.clear();
            splitLine(source.substring(start, end), lineNo, ubpf, line);
            for (Statement s : line) action.accept(s);
            start = end + 1;
        }
    }

    /** The statements of one line. */
    static List<Statement> splitLine(String line, int lineNo, boolean ubpf) {
        List<Statement> out = new ArrayList<>(1);
        splitLine(line, lineNo, ubpf, out);
        return out;
    }

    private static void splitLine(String line, int lineNo, boolean ubpf, List<Statement> out) {
        int end = commentStart(line, ubpf);
        int from = 0;
        while (from < end && Character.isWhitespace(line.charAt(from))) from++;
        if (from < end && line.charAt(from) == ';') return;
        Prefix prefix = null;
        if (!ubpf) {
            int[] at = new int[] {from};
            prefix = listingPrefix(line, at, end);
            if (prefix != null) {
                from = at[0];
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
            while (tokens.get(k).isIdent() && tokens.get(k + 1).is(":")) {
                labels.add(tokens.get(k));
                k += 2;
            }
            List<Token> rest = tokens.subList(k, tokens.size());
            if (!labels.isEmpty() || !rest.get(0).isEnd()) {
                out.add(new Statement(lineNo, labels, rest, prefix));
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

    /**
     * A listing prefix at {@code at[0]}: a decimal or hex index and a colon (labels never start with a digit),
     * then the kernel's {@code (bf)} or llvm-objdump's raw bytes, or nothing. Moves {@code at[0]} past it.
     */
    private static Prefix listingPrefix(String line, int[] at, int end) {
        int i = at[0];
        if (i >= end || line.charAt(i) < '0' || line.charAt(i) > '9') return null;
        while (i < end && hex(line.charAt(i)) >= 0) i++;
        if (i >= end || line.charAt(i) != ':') return null;
        i++;
        while (i < end && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) i++;
        Prefix prefix = new Prefix(-1, null, i + 1);
        if (i + 4 <= end && line.charAt(i) == '(' && line.charAt(i + 3) == ')'
                && hex(line.charAt(i + 1)) >= 0 && hex(line.charAt(i + 2)) >= 0) {
            prefix = new Prefix(hex(line.charAt(i + 1)) << 4 | hex(line.charAt(i + 2)), null, i + 2);
            i += 4;
        } else {
            byte[] bytes = rawBytes(line, i, end);
            if (bytes != null) {
                prefix = new Prefix(bytes[0] & 0xff, bytes, i + 1);
                i += bytes.length * 3;
            }
        }
        at[0] = i;
        return prefix;
    }

    /** llvm-objdump's {@code b7 01 00 00 05 00 00 00}: 8 or 16 pairs, each followed by a space or tab. */
    private static byte[] rawBytes(String line, int i, int end) {
        int n = 0;
        byte[] buf = new byte[16];
        while (n < 16 && i + 3 <= end && hex(line.charAt(i)) >= 0 && hex(line.charAt(i + 1)) >= 0
                && (line.charAt(i + 2) == ' ' || line.charAt(i + 2) == '\t')) {
            buf[n++] = (byte) (hex(line.charAt(i)) << 4 | hex(line.charAt(i + 1)));
            i += 3;
        }
        return n == 8 || n == 16 ? java.util.Arrays.copyOf(buf, n) : null;
    }

    private static int hex(char c) {
        return c < 128 ? Character.digit(c, 16) : -1;
    }
}
