package dev.ebpf4j.verifier.walk;

import dev.ebpf4j.verifier.Messages;
import dev.ebpf4j.verifier.Reject;

/** Direct packet access: reads and writes within the range proven by comparisons with {@code pkt_end}. */
final class Packet {
    private Packet() {}

    static boolean mayWrite(Walker w) {
        switch (w.type) {
            case SCHED_CLS: case SCHED_ACT: case XDP: case LWT_XMIT: case SK_SKB: case SK_MSG:
                return true;
            default:
                return false;
        }
    }

    /** Whether the program type may read packet data directly (and pass packet pointers to helpers). */
    static boolean mayRead(Walker w) {
        switch (w.type) {
            case SOCKET_FILTER: case KPROBE: case TRACEPOINT: case PERF_EVENT: case RAW_TRACEPOINT:
            case RAW_TRACEPOINT_WRITABLE:
                return false;
            default:
                return true;
        }
    }

    static void access(Walker w, int regno, Reg reg, int off, int size) {
        access(w, regno, reg, off, size, false);
    }

    static void access(Walker w, int regno, Reg reg, int off, int size, boolean zeroOk) {
        if (Num.smin(reg.val) < 0) throw Reject.acces(String.format(Messages.MIN_NEGATIVE_INDEX, regno));
        // A pointer known to be at or beyond pkt_end (negative range) can reach nothing: the kernel refuses it
        // without the access line and with EINVAL rather than EACCES.
        if (reg.range < 0) throw Reject.inval(String.format(Messages.PKT_OUTSIDE, regno));
        String e = Bounds.memCheck(reg, regno, off, size, reg.range, zeroOk, "packet");
        if (e != null) throw Reject.acces(e, String.format(Messages.PKT_OUTSIDE, regno));
    }
}
