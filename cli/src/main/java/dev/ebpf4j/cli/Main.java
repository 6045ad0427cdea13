package dev.ebpf4j.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ebpf4j} command. Exit codes: 0 success or accepted, 1 rejected or a failed check, 2 bad input or usage. */
@Command(name = "ebpf4j", mixinStandardHelpOptions = true, version = "ebpf4j 0.1.0-SNAPSHOT",
        description = "Write, check, run and load eBPF programs by hand.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line without exiting (for tests). */
    public static int run(String... args) {
        return new CommandLine(new Main()).execute(args);
    }
}
