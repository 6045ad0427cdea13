package dev.ebpf4j.vm;

/**
 * How a {@link Vm} behaves.
 *
 * @param cpus            the number of CPUs per-CPU maps hold values for
 * @param seed            the seed of {@code bpf_get_prandom_u32}
 * @param startNanos      what {@code bpf_ktime_get_ns} returns until {@link Vm#setTime} changes it
 * @param maxInsns        the instruction budget of one run (faults with INSN_LIMIT beyond it)
 * @param strictAlignment every access must be naturally aligned ({@code BPF_F_STRICT_ALIGNMENT}); without it
 *                        only the stack and atomics are checked, as on x86-64
 * @param ifindex         the device the packet arrives on (1, loopback, as in {@code BPF_PROG_TEST_RUN})
 * @param addressBias     added to every address (in [0, 2^30)): runs with two biases differ only if the program's
 *                        results depend on pointer values
 * @param stackFill       the byte every stack frame is filled with on entry (0): Linux lets privileged programs
 *                        read stack they never wrote, and what they read then is whatever was there
 */
public record VmOptions(int cpus, long seed, long startNanos, long maxInsns, boolean strictAlignment, int ifindex,
                        long addressBias, byte stackFill) {
    public VmOptions {
        if (cpus < 1) throw new IllegalArgumentException("cpus must be at least 1, not " + cpus);
        if (maxInsns < 1) throw new IllegalArgumentException("maxInsns must be positive");
    }

    public static VmOptions defaults() {
        return new VmOptions(1, 42, 1_000_000_000L, 100_000_000L, false, 1, 0, (byte) 0);
    }

    public VmOptions withCpus(int n) { return new VmOptions(n, seed, startNanos, maxInsns, strictAlignment, ifindex, addressBias, stackFill); }

    public VmOptions withSeed(long s) { return new VmOptions(cpus, s, startNanos, maxInsns, strictAlignment, ifindex, addressBias, stackFill); }

    public VmOptions withMaxInsns(long m) { return new VmOptions(cpus, seed, startNanos, m, strictAlignment, ifindex, addressBias, stackFill); }

    public VmOptions withAddressBias(long b) { return new VmOptions(cpus, seed, startNanos, maxInsns, strictAlignment, ifindex, b, stackFill); }

    public VmOptions withStackFill(byte f) { return new VmOptions(cpus, seed, startNanos, maxInsns, strictAlignment, ifindex, addressBias, f); }

    public VmOptions withStrictAlignment(boolean s) { return new VmOptions(cpus, seed, startNanos, maxInsns, s, ifindex, addressBias, stackFill); }
}
