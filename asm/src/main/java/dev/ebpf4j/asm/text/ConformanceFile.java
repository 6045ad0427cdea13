package dev.ebpf4j.asm.text;

import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramUnit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One test of the bpf_conformance suite (a {@code .data} file), as its runner reads it:
 * <pre>
 * # comment (anywhere on a line)
 * -- asm
 * mov32 %r0, 1          # the program, ubpf syntax
 * exit
 * -- mem
 * 00 11 22 33           # input memory, hex bytes; the runner passes its address in %r1, its length in %r2
 * -- result
 * 0x1                   # the expected %r0, 0x hex or decimal
 * -- raw
 * 0x00000001000000b4    # optional: the expected slots, each the 8 bytes read little-endian
 * -- error
 * text                  # negative tests: the expected error
 * </pre>
 * {@code -- c} (the C source a test came from) and {@code -- no register offset} are skipped, as the
 * upstream runner skips them. A line is a section header when it starts with {@code --}.
 *
 * @param name      the file name without {@code .data} (or what the caller passed)
 * @param asm       the {@code -- asm} section, every line of it (comments included), so assembler error lines
 *                  map back to the file: file line = {@code asmLine + line - 1}
 * @param asmLine   the 1-based file line of the first line of {@code asm} (0 when there is no asm section)
 * @param memory    the input memory (empty when there is no {@code -- mem} section)
 * @param result    the expected {@code %r0}
 * @param raw       the expected encoding
 * @param error     the expected error text
 */
public record ConformanceFile(String name, String asm, int asmLine, byte[] memory, OptionalLong result,
                              Optional<Program> raw, Optional<String> error) {
    private static final Pattern WORD = Pattern.compile("[^\\s,]+");

    public ConformanceFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(asm, "asm");
        memory = memory.clone();
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(error, "error");
    }

    @Override
    public byte[] memory() { return memory.clone(); }

    /**
     * Reads a {@code .data} file.
     *
     * @throws AsmSyntaxException for a malformed section (with the file line and column)
     * @throws UncheckedIOException when the file cannot be read
     */
    public static ConformanceFile read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        String fileName = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        return parse(fileName.endsWith(".data") ? fileName.substring(0, fileName.length() - 5) : fileName, text);
    }

    /**
     * Parses the text of a {@code .data} file.
     *
     * @throws AsmSyntaxException for an unknown section, a bad memory byte, result or raw word, or a file
     *                            that has neither {@code -- result} nor {@code -- error}
     */
    public static ConformanceFile parse(String name, String text) {
        String section = null;
        StringBuilder asm = new StringBuilder();
        int asmLine = 0;
        List<Byte> mem = new ArrayList<>();
        Long result = null;
        List<Long> raw = new ArrayList<>();
        boolean hasRaw = false;
        String error = null;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String full = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            String line = stripComment(full);
            String trimmed = line.trim();
            if (trimmed.startsWith("--")) {
                section = sectionOf(trimmed, lineNo, full.indexOf('-') + 1);
                if (section.equals("asm") && asmLine == 0) asmLine = lineNo + 1;
                if (section.equals("raw")) hasRaw = true;
                continue;
            }
            if (section == null) {
                if (!trimmed.isEmpty()) {
                    throw new AsmSyntaxException(lineNo, firstColumn(full), "text before the first section (-- asm, -- result, ...)");
                }
                continue;
            }
            switch (section) {
                case "asm":
                    // keep every line, comments too, so the assembler's line numbers stay the file's
                    asm.append(full).append('\n');
                    break;
                case "mem":
                    readBytes(line, lineNo, mem);
                    break;
                case "result":
                    if (!trimmed.isEmpty()) {
                        if (result != null) throw new AsmSyntaxException(lineNo, firstColumn(line), "a second result value");
                        result = number(trimmed, lineNo, firstColumn(line), "result");
                    }
                    break;
                case "raw":
                    Matcher words = WORD.matcher(line);
                    while (words.find()) raw.add(number(words.group(), lineNo, words.start() + 1, "raw slot"));
                    break;
                case "error":
                    if (!trimmed.isEmpty()) error = error == null ? trimmed : error + "\n" + trimmed;
                    break;
                default: // c, no register offset
                    break;
            }
        }
        if (result == null && error == null) {
            throw new AsmSyntaxException(lines.length, 1, "no -- result and no -- error section");
        }
        if (asmLine == 0 && !hasRaw) {
            throw new AsmSyntaxException(lines.length, 1, "no -- asm and no -- raw section");
        }
        byte[] memory = new byte[mem.size()];
        for (int i = 0; i < memory.length; i++) memory[i] = mem.get(i);
        long[] slots = raw.stream().mapToLong(Long::longValue).toArray();
        return new ConformanceFile(name, asm.toString(), asmLine, memory,
                result == null ? OptionalLong.empty() : OptionalLong.of(result),
                hasRaw ? Optional.of(Program.of(slots)) : Optional.empty(), Optional.ofNullable(error));
    }

    /**
     * Assembles the {@code -- asm} section (ubpf syntax).
     *
     * @throws AsmSyntaxException with lines counted in the whole file
     */
    public ProgramUnit assemble() {
        try {
            return TextAssembler.assembleUbpf(asm);
        } catch (AsmSyntaxException e) {
            throw e.shiftedBy(asmLine - 1);
        }
    }

    /** The program the runner executes: the {@code -- raw} slots if given, else the assembled text. */
    public Program program() {
        return raw.orElseGet(() -> assemble().program());
    }

    private static String stripComment(String line) {
        int hash = line.indexOf('#');
        return hash < 0 ? line : line.substring(0, hash);
    }

    private static String sectionOf(String header, int lineNo, int column) {
        String s = header.substring(2).trim().replaceAll("\\s+", " ");
        switch (s) {
            case "asm": case "mem": case "result": case "raw": case "error": case "c": case "no register offset":
                return s;
            default:
                throw new AsmSyntaxException(lineNo, column, "unknown section " + Token.quote("-- " + s)
                        + " (asm, mem, result, raw, error, c, no register offset)");
        }
    }

    private static void readBytes(String line, int lineNo, List<Byte> out) {
        int i = 0;
        while (i < line.length()) {
            if (Character.isWhitespace(line.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < line.length() && !Character.isWhitespace(line.charAt(i))) i++;
            String word = line.substring(start, i);
            String digits = word.startsWith("0x") || word.startsWith("0X") ? word.substring(2) : word;
            if (digits.isEmpty() || digits.length() > 2 || Character.digit(digits.charAt(0), 16) < 0
                    || (digits.length() == 2 && Character.digit(digits.charAt(1), 16) < 0)
                    || !digits.chars().allMatch(ch -> ch < 128)) {
                throw new AsmSyntaxException(lineNo, start + 1, "memory byte " + Token.quote(word) + " is not one or two hex digits");
            }
            out.add((byte) Integer.parseInt(digits, 16));
        }
    }

    private static long number(String word, int lineNo, int column, String what) {
        String w = word.trim();
        boolean negative = w.startsWith("-");
        String body = negative ? w.substring(1) : w;
        int radix = 10;
        if (body.startsWith("0x") || body.startsWith("0X")) {
            radix = 16;
            body = body.substring(2);
        }
        BigInteger v;
        try {
            if (body.isEmpty() || body.length() > 40 || !body.chars().allMatch(ch -> ch < 128 && Character.digit(ch, 16) >= 0)) {
                throw new NumberFormatException();
            }
            v = new BigInteger(body, radix);
        } catch (NumberFormatException e) {
            throw new AsmSyntaxException(lineNo, column, what + " " + Token.quote(w) + " is not a number (0x hex or decimal)");
        }
        if (negative) v = v.negate();
        if (v.compareTo(Cursor.S64_MIN) < 0 || v.compareTo(Cursor.U64_MAX) > 0) {
            throw new AsmSyntaxException(lineNo, column, what + " " + Token.quote(w) + " does not fit 64 bits");
        }
        return v.longValue();
    }

    private static int firstColumn(String line) {
        int i = 0;
        while (i < line.length() && Character.isWhitespace(line.charAt(i))) i++;
        return i + 1;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ConformanceFile)) return false;
        ConformanceFile f = (ConformanceFile) o;
        return name.equals(f.name) && asm.equals(f.asm) && asmLine == f.asmLine && Arrays.equals(memory, f.memory)
                && result.equals(f.result) && raw.equals(f.raw) && error.equals(f.error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, asm, asmLine, Arrays.hashCode(memory), result, raw, error);
    }

    @Override
    public String toString() {
        return "ConformanceFile[" + name + ", " + asm.lines().count() + " asm lines, " + memory.length + " memory bytes"
                + (result.isPresent() ? ", result 0x" + Long.toHexString(result.getAsLong()) : "")
                + (raw.isPresent() ? ", " + raw.get().size() + " raw slots" : "")
                + (error.isPresent() ? ", error '" + error.get() + "'" : "") + "]";
    }
}
