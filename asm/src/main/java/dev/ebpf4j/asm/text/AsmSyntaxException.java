package dev.ebpf4j.asm.text;

/**
 * An error in assembler text (or in a bpf_conformance {@code .data} file), with the 1-based line and column
 * where it was found. {@link #getMessage()} reads {@code line 3, column 9: unknown register 'r11'};
 * {@link #detail()} is the part after the position, so a tool can print {@code FILE:3:9: unknown register 'r11'}.
 *
 * <p>The text assembler throws nothing else, whatever its input.
 */
public final class AsmSyntaxException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;
    private final String detail;

    public AsmSyntaxException(int line, int column, String detail) {
        super("line " + line + ", column " + column + ": " + detail);
        this.line = line;
        this.column = column;
        this.detail = detail;
    }

    /** The 1-based line of the error. */
    public int line() { return line; }

    /** The 1-based column (in characters) of the error. */
    public int column() { return column; }

    /** The message without its position. */
    public String detail() { return detail; }

    /** The same error moved down by {@code lines} lines, for text embedded in a larger file. */
    public AsmSyntaxException shiftedBy(int lines) {
        return new AsmSyntaxException(line + lines, column, detail);
    }
}
