package dev.ebpf4j.cli;

import dev.ebpf4j.asm.MapBinding;
import dev.ebpf4j.asm.MapSpec;
import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.text.AsmSyntaxException;
import dev.ebpf4j.asm.text.ConformanceFile;
import dev.ebpf4j.asm.text.Syntax;
import dev.ebpf4j.asm.text.TextAssembler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code ebpf4j asm [--syntax auto|kernel|llvm|ubpf] [-o OUT.bin | --hex] FILE.s}: text to raw
 * {@code struct bpf_insn} bytes. An assembler error is one line {@code FILE:LINE:COL: message}, exit 2.
 */
@Command(name = "asm", mixinStandardHelpOptions = true,
        description = {"Assemble eBPF text into raw instructions (little-endian struct bpf_insn records).",
            "kernel/llvm: pseudo-C as the verifier log or llvm-objdump prints it: r0 = *(u32 *)(r1 +0)",
            "ubpf: the bpf_conformance mnemonics: ldxw %%r0, [%%r1+4]",
            "A bpf_conformance .data file assembles its '-- asm' section.",
            "Without -o or --hex the bytes go to standard output. See docs/assembler.md."})
public final class AsmCommand implements Callable<Integer> {
    /** Where the raw bytes go without {@code -o}; tests replace it. */
    static OutputStream stdout = System.out;

    @Spec
    CommandSpec spec;

    @Option(names = "--syntax", paramLabel = "auto|kernel|llvm|ubpf", defaultValue = "auto",
            description = "Input syntax (default: ${DEFAULT-VALUE}: told apart by the first instruction).")
    String syntax;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.bin", description = "Write the raw bytes to this file.")
    Path output;

    @Option(names = "--hex", description = "Print the bytes as one line of hex instead.")
    boolean hex;

    @Parameters(index = "0", paramLabel = "FILE.s", description = "The source file ('-' for standard input).")
    String file;

    @Override
    public Integer call() {
        if (output != null && hex) throw CliFailure.badInput("asm: give -o OUT.bin or --hex, not both");
        String text = readText(file);
        ProgramUnit unit;
        try {
            unit = assemble(text);
        } catch (AsmSyntaxException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(file + ":" + e.line() + ":" + e.column() + ": " + e.detail());
            err.flush();
            return Main.BAD_INPUT;
        }
        if (unit.program().isEmpty()) throw CliFailure.badInput(file + ": no instructions");
        byte[] bytes = unit.program().toBytes();
        if (hex) {
            PrintWriter out = spec.commandLine().getOut();
            out.println(unit.program().toHex());
            out.flush();
        } else if (output != null) {
            try {
                Files.write(output, bytes);
            } catch (IOException e) {
                throw CliFailure.badInput(output + ": cannot write: " + e.getMessage());
            }
        } else {
            try {
                stdout.write(bytes);
                stdout.flush();
            } catch (IOException e) {
                throw CliFailure.badInput("cannot write to standard output: " + e.getMessage());
            }
        }
        noteMaps(unit);
        return Main.OK;
    }

    private ProgramUnit assemble(String text) {
        if (file.endsWith(".data")) {
            ConformanceFile cf = ConformanceFile.parse(file, text);
            if (!"auto".equalsIgnoreCase(syntax) && !"ubpf".equalsIgnoreCase(syntax)) {
                throw CliFailure.badInput(file + ": a bpf_conformance .data file is in ubpf syntax");
            }
            return cf.assemble();
        }
        switch (syntax.toLowerCase(Locale.ROOT)) {
            case "auto": return TextAssembler.assemble(text);
            case "kernel": return TextAssembler.assemble(text, Syntax.KERNEL);
            case "llvm": return TextAssembler.assemble(text, Syntax.LLVM);
            case "ubpf": return TextAssembler.assemble(text, Syntax.UBPF);
            default: throw CliFailure.badInput("asm: unknown --syntax '" + syntax + "' (auto, kernel, llvm or ubpf)");
        }
    }

    /** The maps a program loads have placeholder fds in their LD_IMM64; say where, so nobody is surprised. */
    private void noteMaps(ProgramUnit unit) {
        PrintWriter err = spec.commandLine().getErr();
        for (MapBinding b : unit.maps()) {
            MapSpec m = b.map();
            err.println(file + ": note: map '" + m.name() + "' (" + m.type().name().toLowerCase(Locale.ROOT) + ", key "
                    + m.keySize() + ", value " + m.valueSize() + ", " + m.maxEntries() + " entries) is loaded at insn "
                    + (b.insnIndices().isEmpty() ? "(none)" : b.insnIndices().stream().map(String::valueOf)
                    .collect(Collectors.joining(", "))) + "; its imm is a placeholder for the map's fd");
        }
        err.flush();
    }

    private static String readText(String file) {
        byte[] bytes;
        try {
            if (file.equals("-")) {
                InputStream in = System.in;
                bytes = in.readAllBytes();
            } else {
                Path p = Path.of(file);
                if (Files.isDirectory(p)) throw CliFailure.badInput(file + ": is a directory, not a source file");
                bytes = Files.readAllBytes(p);
            }
        } catch (NoSuchFileException e) {
            throw CliFailure.badInput(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw CliFailure.badInput(file + ": permission denied");
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw CliFailure.badInput(file + ": cannot read: " + e.getMessage());
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw CliFailure.badInput(file + ": not UTF-8 text (is it a binary program? try 'ebpf4j disasm')");
        }
    }

}
