package dev.ebpf4j.vm;

import java.util.List;

/**
 * The outcome of one run.
 *
 * @param r0            r0 at exit (0 when the run faulted or LD_ABS left the packet)
 * @param fault         why the run stopped early, or null when the program exited
 * @param insns         instructions executed
 * @param packetOut     the packet afterwards as {@code BPF_PROG_TEST_RUN} returns it (XDP: from data_meta; a
 *                      socket filter: the Ethernet header zeroed), or null when the run had no packet
 * @param packetChanged whether the program changed the packet's bytes or its bounds
 * @param redirect      the target of {@code bpf_redirect}, or null
 * @param printk        the lines {@code bpf_trace_printk} wrote during this run
 * @param tailCalls     tail calls taken
 * @param ldAbsOutside  an LD_ABS/LD_IND read outside the packet, which ends the program with r0 = 0 (as in Linux)
 */
public record RunResult(long r0, Fault fault, long insns, byte[] packetOut, boolean packetChanged, Redirect redirect,
                        List<String> printk, int tailCalls, boolean ldAbsOutside) {
    /** {@code bpf_redirect(ifindex, flags)}. */
    public record Redirect(int ifindex, long flags) {}

    public boolean faulted() { return fault != null; }
}
