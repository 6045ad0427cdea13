package dev.ebpf4j.cli;

/** An error a subcommand reports as one line with a chosen exit code (1 failed check, 2 bad input). */
public final class CliFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public CliFailure(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public static CliFailure badInput(String message) {
        return new CliFailure(Main.BAD_INPUT, message);
    }

    public int exitCode() { return exitCode; }
}
