package dev.ebpf4j.loader;

/** A bpf(2) command failed: {@code BPF_MAP_CREATE failed: EPERM (Operation not permitted)}. */
public class BpfException extends SyscallException {
    private static final long serialVersionUID = 1L;
    private final BpfCommand command;

    public BpfException(BpfCommand command, Errno errno, String detail) {
        super(command.kernelName(), errno, detail);
        this.command = command;
    }

    public BpfCommand command() { return command; }
}
