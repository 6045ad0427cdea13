package dev.ebpf4j.asm.text;

import dev.ebpf4j.asm.MapBinding;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramBuilder;
import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.text.Directives.MapDecl;
import dev.ebpf4j.asm.text.ParsedInsn.Field;
import dev.ebpf4j.asm.text.ParsedInsn.Target;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Assembles eBPF text into a {@link ProgramUnit}: the program and the maps it loads.
 *
 * <p>Two syntaxes (see {@code docs/assembler.md}):
 * <ul>
 *   <li>the kernel/LLVM pseudo-C syntax, both as the verifier log prints it ({@code r0 = *(u32 *)(r1 +0)},
 *       {@code if r0 == 0x0 goto pc+2}, {@code call bpf_map_lookup_elem#1}, with or without the log's
 *       {@code 12: (61) } prefix) and as clang/llvm-objdump print it ({@code (r1 + 0)}, {@code goto +2},
 *       {@code r1 = 5 ll}, {@code w0 = *(u32 *)(r1 + 0)}, {@code r0 = xchg_64(r1 + 0, r0)});</li>
 *   <li>the ubpf syntax of the bpf_conformance suite ({@code mov32 %r0, 1}, {@code ldxw %r0, [%r1+4]},
 *       {@code jeq32 %r1, 0xb, label}, {@code lock fetch add32 [%r10-8], %r1}).</li>
 * </ul>
 * Both take labels ({@code name:}), comments, {@code .map} declarations and {@code .raw} slots. Every error
 * is an {@link AsmSyntaxException} with a line and column; nothing else is thrown, whatever the input.
 */
public final class TextAssembler {

    private static final java.util.Set<String> PSEUDO_C_WORDS = java.util.Set.of(
            "if", "goto", "gotol", "may_goto", "gotox", "callx", "store_release");

    private TextAssembler() {}

    /** Assembles text in either syntax, telling them apart by the first instruction (see {@link #looksLikeUbpf}). */
    public static ProgramUnit assemble(String source) {
        Objects.requireNonNull(source, "source");
        return new Run(source, looksLikeUbpf(source)).assemble();
    }

    /** Assembles text in one syntax: {@link Syntax#KERNEL} and {@link Syntax#LLVM} read the same pseudo-C grammar. */
    public static ProgramUnit assemble(String source, Syntax syntax) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(syntax, "syntax");
        return new Run(source, syntax == Syntax.UBPF).assemble();
    }

    /** Assembles kernel/LLVM pseudo-C text ({@code r1 = 5}, {@code if r1 > 2 goto +1}). */
    public static ProgramUnit assembleKernel(String source) {
        Objects.requireNonNull(source, "source");
        return new Run(source, false).assemble();
    }

    /** Assembles ubpf/bpf_conformance text ({@code mov %r1, 5}, {@code jgt %r1, 2, +1}). */
    public static ProgramUnit assembleUbpf(String source) {
        Objects.requireNonNull(source, "source");
        return new Run(source, true).assemble();
    }

    /**
     * Whether text reads as ubpf syntax: the first instruction that settles it starts with a ubpf mnemonic,
     * {@code lock} and an operation name, or {@code call local|runtime|helper} (ubpf), or with a register,
     * {@code *}, {@code if}, {@code goto}, ... (pseudo-C); {@code exit}, {@code call N} and unknown words settle
     * nothing. Failing that, whether a {@code %} appears anywhere. Text that says nothing either way is pseudo-C.
     */
    public static boolean looksLikeUbpf(String source) {
        boolean percent = false;
        int start = 0;
        int lineNo = 0;
        while (start <= source.length()) {
            int end = source.indexOf('\n', start);
            if (end < 0) end = source.length();
            List<Statement> statements;
            try {
                statements = Statement.splitLine(source.substring(start, end), ++lineNo, false);
            } catch (AsmSyntaxException e) {
                statements = List.of();
            }
            start = end + 1;
            for (Statement s : statements) {
                if (s.isEmpty() || s.isDirective()) continue;
                if (s.prefix() != null) return false;
                Token t = s.tokens().get(0);
                Token second = s.tokens().get(Math.min(1, s.tokens().size() - 1));
                for (Token k : s.tokens()) percent |= k.is("%");
                if (t.is("call") && (second.is("local") || second.is("runtime") || second.is("helper"))) return true;
                if (t.is("lock")) return !second.is("*");
                if (t.isIdent() && UbpfParser.isMnemonic(t.text())) return true;
                if (t.is("*") || (t.isIdent() && (Cursor.looksLikeRegister(t.text(), true) || PSEUDO_C_WORDS.contains(t.text())))) {
                    return false;
                }
            }
        }
        return percent;
    }

    /** One assembly: the passes share the statements, labels and maps. */
    private static final class Run implements PseudoCParser.Symbols {
        private final String source;
        /** ubpf's grammar, else the pseudo-C one that the kernel and LLVM spellings share. */
        private final boolean ubpf;
        private final Map<String, Integer> labelLines = new HashMap<>();
        private final Map<String, Integer> labelSlots = new HashMap<>();
        private final Map<String, MapDecl> maps = new LinkedHashMap<>();
        private int line = 1;

        Run(String source, boolean ubpf) {
            this.source = source;
            this.ubpf = ubpf;
        }

        @Override
        public boolean isLabel(String name) { return labelLines.containsKey(name); }

        @Override
        public boolean isMap(String name) { return maps.containsKey(name); }

        ProgramUnit assemble() {
            try {
                return passes();
            } catch (AsmSyntaxException e) {
                throw e;
            } catch (RuntimeException | StackOverflowError e) {
                // a bug of ours: still an error at the line being read, never a stack trace for the user
                throw new AsmSyntaxException(line, 1, "internal error of the assembler: " + Token.quote(String.valueOf(e)));
            }
        }

        private ProgramUnit passes() {
            boolean isUbpf = ubpf;

            // pass 1: labels and map declarations, so instructions may refer to them before they appear
            Statement.forEach(source, isUbpf, s -> {
                line = s.line();
                for (Token l : s.labels()) defineLabel(s, l);
                if (s.isDirective() && s.tokens().get(0).is(".map")) {
                    MapDecl d = Directives.map(new Cursor(s.tokens(), s.line()), maps);
                    maps.put(d.spec().name(), d);
                }
            });

            // pass 2: read the text again (cheaper than keeping every token), parse, place labels on slots
            PseudoCParser pseudoC = new PseudoCParser(this);
            UbpfParser ubpfParser = new UbpfParser(this);
            List<Placed> placed = new ArrayList<>();
            int[] slot = {0};
            int[] firstExit = {-1};
            Statement.forEach(source, isUbpf, s -> {
                line = s.line();
                for (Token l : s.labels()) labelSlots.put(l.text(), slot[0]);
                if (s.isEmpty()) return;
                Cursor c = new Cursor(s.tokens(), s.line());
                ParsedInsn insn;
                if (s.isDirective()) {
                    Token d = s.tokens().get(0);
                    if (d.is(".map")) return;
                    if (!d.is(".raw") && !d.is(".8byte")) {
                        throw c.error(d, "unknown directive '" + d.text() + "' (.map, .raw, .8byte)");
                    }
                    long[] raw = Directives.raw(c);
                    insn = new ParsedInsn(s.line(), d.column(), raw.length, null, null, (b, t) -> {
                        for (long r : raw) b.raw(r);
                    });
                } else if (isUbpf) {
                    insn = ubpfParser.parse(c);
                    if (firstExit[0] < 0 && s.tokens().get(0).is("exit")) firstExit[0] = slot[0];
                } else {
                    insn = pseudoC.parse(c, s.logOpcode());
                }
                placed.add(new Placed(insn, slot[0], s.prefix()));
                slot[0] += insn.width();
            });
            // bpf_conformance: "exit" names the first exit instruction unless a label says otherwise
            if (isUbpf && firstExit[0] >= 0) labelSlots.putIfAbsent("exit", firstExit[0]);

            // pass 3: resolve targets and maps, emit with the builder
            ProgramBuilder b = Program.builder();
            Map<String, List<Integer>> bindings = new LinkedHashMap<>();
            for (String name : maps.keySet()) bindings.put(name, new ArrayList<>());
            for (Placed p : placed) {
                ParsedInsn insn = p.insn();
                line = insn.line();
                int target = insn.target() == null ? 0 : resolve(insn.target(), p.slot());
                if (insn.map() != null) bindings.get(insn.map().name()).add(p.slot());
                try {
                    insn.emitter().emit(b, target);
                } catch (IllegalArgumentException | IllegalStateException e) {
                    throw new AsmSyntaxException(insn.line(), insn.column(), e.getMessage());
                }
            }
            Program program;
            try {
                program = b.build();
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new AsmSyntaxException(line, 1, e.getMessage());
            }
            checkListingPrefixes(program, placed);
            List<MapBinding> out = new ArrayList<>();
            for (MapDecl d : maps.values()) out.add(new MapBinding(d.spec(), bindings.get(d.spec().name())));
            return new ProgramUnit(program, out);
        }

        private void defineLabel(Statement s, Token l) {
            String name = l.text();
            if (Cursor.looksLikeRegister(name, true)) {
                throw new AsmSyntaxException(s.line(), l.column(), "'" + name + "' is a register name and cannot be a label");
            }
            Integer earlier = labelLines.putIfAbsent(name, s.line());
            if (earlier != null) {
                throw new AsmSyntaxException(s.line(), l.column(), "label '" + name + "' is already defined at line " + earlier);
            }
        }

        /** The offset from the instruction after {@code slot} to the target, checked against its field. */
        private int resolve(Target t, int slot) {
            if (t.label() == null) return (int) t.relative();
            Integer at = labelSlots.get(t.label());
            if (at == null) throw new AsmSyntaxException(t.line(), t.column(), "undefined label '" + t.label() + "'");
            long delta = (long) at - (slot + 1);
            if (t.field() == Field.OFF16 && (delta < Short.MIN_VALUE || delta > Short.MAX_VALUE)) {
                throw new AsmSyntaxException(t.line(), t.column(), "label '" + t.label() + "' is " + delta
                        + " slots away, which does not fit the 16-bit jump offset [-32768, 32767]; use gotol");
            }
            return (int) delta;
        }

        /** A pasted listing line says which opcode (verifier log) or bytes (llvm-objdump) it is; they must agree. */
        private static void checkListingPrefixes(Program program, List<Placed> placed) {
            for (Placed p : placed) {
                Statement.Prefix prefix = p.prefix();
                if (prefix == null) continue;
                if (prefix.bytes() != null) {
                    byte[] bytes = program.toBytes();
                    int from = p.slot() * 8;
                    byte[] actual = Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + p.insn().width() * 8));
                    if (!Arrays.equals(actual, prefix.bytes())) {
                        throw new AsmSyntaxException(p.insn().line(), prefix.column(), "the listing's bytes "
                                + spaced(prefix.bytes()) + " differ from what the instruction assembles to: " + spaced(actual));
                    }
                    continue;
                }
                if (prefix.opcode() < 0) continue;
                int actual = program.insn(p.slot()).opcode();
                if (actual != prefix.opcode()) {
                    throw new AsmSyntaxException(p.insn().line(), prefix.column(), String.format(
                            "the log prefix says opcode (%02x) but the instruction assembles to (%02x)", prefix.opcode(), actual));
                }
            }
        }

        private static String spaced(byte[] bytes) {
            StringBuilder sb = new StringBuilder();
            for (byte b : bytes) sb.append(sb.length() == 0 ? "" : " ").append(String.format("%02x", b & 0xff));
            return sb.toString();
        }
    }

    /** A parsed instruction at its slot, with the listing prefix of its line (or null). */
    private record Placed(ParsedInsn insn, int slot, Statement.Prefix prefix) {}
}
