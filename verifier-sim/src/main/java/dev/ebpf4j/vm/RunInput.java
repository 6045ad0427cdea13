package dev.ebpf4j.vm;

/**
 * What a run starts from.
 * <ul>
 *   <li>{@link #packet}: an Ethernet frame for packet programs (socket filter, tc, XDP, cgroup skb, lwt); the
 *       context is built from it as {@code BPF_PROG_TEST_RUN} builds it; at least 14 bytes.</li>
 *   <li>{@link #memory}: the bpf_conformance convention, r1 = a pointer to a copy of the bytes, r2 = their
 *       length (with no bytes, r1 points at an empty region, so any load through it faults clearly).</li>
 * </ul>
 */
public record RunInput(Kind kind, byte[] bytes) {
    public enum Kind { PACKET, MEMORY }

    public RunInput {
        bytes = bytes.clone();
    }

    public static RunInput packet(byte[] frame) { return new RunInput(Kind.PACKET, frame); }

    public static RunInput memory(byte[] mem) { return new RunInput(Kind.MEMORY, mem); }

    @Override
    public byte[] bytes() { return bytes.clone(); }

    /** The bytes without a copy, for the Vm, which copies them into its own buffers. */
    byte[] raw() { return bytes; }
}
