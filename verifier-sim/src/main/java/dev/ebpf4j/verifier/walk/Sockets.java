package dev.ebpf4j.verifier.walk;

import dev.ebpf4j.verifier.Messages;
import dev.ebpf4j.verifier.Reject;

/** Reads through socket pointers ({@code struct bpf_sock}, {@code bpf_tcp_sock}, {@code xdp_sock}). */
final class Sockets {
    private Sockets() {}

    static void access(Walker w, int regno, Reg reg, int off, int size) {
        if (Num.smin(reg.val) < 0) throw Reject.acces(String.format(Messages.MIN_NEGATIVE_INDEX, regno));
        throw Reject.acces(Messages.notModelled("a read through a " + reg.type.logName(false) + " pointer"));
    }
}
