package dev.ebpf4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/**
 * The {@code ebpf4j} command. Exit codes: 0 success or accepted, 1 rejected or a failed check, 2 bad input or
 * usage. Errors are one line on stderr; {@code --debug} adds the stack trace.
 */
@Command(name = "ebpf4j", mixinStandardHelpOptions = true, version = "ebpf4j 0.1.0-SNAPSHOT",
        description = "Write, check, run and load eBPF programs by hand.",
        subcommands = {CommandLine.HelpCommand.class, DisasmCommand.class, AsmCommand.class, KernelVerifyCommand.class, LoadCommand.class, AttachCommand.class, MapsCommand.class, RunCommand.class, ConformanceCommand.class, DemoCommand.class, VerifyCommand.class})
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int BAD_INPUT = 2;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean debug;

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line without exiting (for tests). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line: usage errors exit 2, any exception becomes one line on stderr and exit 2. */
    public static CommandLine commandLine() {
        Main main = new Main();
        CommandLine cl = new CommandLine(main);
        cl.setExitCodeExceptionMapper(e -> BAD_INPUT);
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("ebpf4j: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println("ebpf4j: " + oneLine(ex));
            if (main.debug) ex.printStackTrace(err);
            return ex instanceof CliFailure ? ((CliFailure) ex).exitCode() : BAD_INPUT;
        });
        return cl;
    }

    private static String oneLine(Throwable ex) {
        String m = ex.getMessage();
        if (m == null || m.isBlank()) m = ex.getClass().getSimpleName();
        return m.replace('\n', ' ');
    }
}
