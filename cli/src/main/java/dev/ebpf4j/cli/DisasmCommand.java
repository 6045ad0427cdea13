package dev.ebpf4j.cli;

import dev.ebpf4j.asm.DecodeException;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.text.Disassembler;
import dev.ebpf4j.asm.text.Syntax;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code ebpf4j disasm [--syntax kernel|llvm|ubpf] FILE.bin | --hex HEX}: raw {@code struct bpf_insn} bytes to text. */
@Command(name = "disasm", mixinStandardHelpOptions = true,
        description = {"Print raw eBPF instructions (little-endian struct bpf_insn records) as text.",
            "kernel: the verifier log's 'N: (bf) r6 = r1'; llvm: llvm-objdump's pseudo-C; ubpf: the bpf_conformance mnemonics."})
public final class DisasmCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--syntax", paramLabel = "kernel|llvm|ubpf", defaultValue = "kernel",
            description = "Output syntax (default: ${DEFAULT-VALUE}).")
    String syntax;

    @Option(names = "--hex", paramLabel = "HEX", description = "Read the program from this hex string instead of a file.")
    String hex;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE.bin", description = "The raw program.")
    Path file;

    @Override
    public Integer call() {
        Syntax s = parseSyntax(syntax);
        if ((file == null) == (hex == null)) {
            throw CliFailure.badInput("disasm: give either FILE.bin or --hex HEX (" + (file == null ? "neither" : "both") + " given)");
        }
        String source = file != null ? file.toString() : "--hex";
        Program program;
        try {
            program = file != null ? Program.fromBytes(read(file)) : Program.fromHex(hex);
            program.instructions(); // refuses an LD_IMM64 cut off at the end, naming where
        } catch (DecodeException e) {
            throw CliFailure.badInput(source + ": " + e.getMessage());
        }
        if (program.isEmpty()) throw CliFailure.badInput(source + ": empty program (0 bytes)");
        PrintWriter out = spec.commandLine().getOut();
        out.print(Disassembler.of(s).listing(program));
        out.flush();
        return Main.OK;
    }

    private static Syntax parseSyntax(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "kernel": return Syntax.KERNEL;
            case "llvm": return Syntax.LLVM;
            case "ubpf": return Syntax.UBPF;
            default: throw CliFailure.badInput("disasm: unknown --syntax '" + name + "' (kernel, llvm or ubpf)");
        }
    }

    private static byte[] read(Path file) {
        try {
            if (Files.isDirectory(file)) throw CliFailure.badInput(file + ": is a directory, not a program file");
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw CliFailure.badInput(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw CliFailure.badInput(file + ": permission denied");
        } catch (IOException e) {
            throw CliFailure.badInput(file + ": cannot read: " + e.getMessage());
        }
    }
}
