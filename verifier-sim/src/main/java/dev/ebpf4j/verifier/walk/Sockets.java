package dev.ebpf4j.verifier.walk;

import dev.ebpf4j.verifier.Messages;
import dev.ebpf4j.verifier.Reject;

/**
 * Reads through socket pointers. Layouts: {@code struct bpf_sock}, {@code struct bpf_tcp_sock},
 * {@code struct bpf_xdp_sock} (include/uapi/linux/bpf.h); rules: {@code bpf_sock_is_valid_access},
 * {@code bpf_sock_common_is_valid_access}, {@code bpf_tcp_sock_is_valid_access} (net/core/filter.c).
 */
final class Sockets {
    private static final int SOCK_SIZE = 80;
    private static final int TCP_SOCK_SIZE = 112;

    private Sockets() {}

    static void access(Walker w, int regno, Reg reg, int off, int size) {
        if (Num.smin(reg.val) < 0) throw Reject.acces(String.format(Messages.MIN_NEGATIVE_INDEX, regno));
        boolean ok;
        switch (reg.type) {
            case SOCK_COMMON: ok = !(off >= 8 && off < 24) && sock(off, size); break;
            case SOCK: ok = sock(off, size); break;
            case TCP_SOCK: ok = tcpSock(off, size); break;
            case XDP_SOCK: ok = off == 0 && size == 4; break;
            default: ok = false;
        }
        if (!ok) {
            throw Reject.acces(String.format("R%d invalid %s access off=%d size=%d", regno, reg.type.logName(false), off, size));
        }
    }

    private static boolean narrowOk(int size, int fieldSize) {
        return size <= fieldSize && Integer.bitCount(size) == 1;
    }

    private static boolean sock(int off, int size) {
        if (off < 0 || off >= SOCK_SIZE || off % size != 0) return false;
        if (off == 72 || off == 4 || off == 8 || off == 12 || off == 44 || off == 76 || (off >= 24 && off < 44)
                || (off >= 52 && off < 72)) {
            return narrowOk(size, 4);
        }
        if (off >= 48 && off < 50) return narrowOk(size, size == 4 ? 4 : 2);
        if (off >= 50 && off < 52) return false;
        return size == 4;
    }

    private static boolean tcpSock(int off, int size) {
        if (off < 0 || off >= TCP_SOCK_SIZE || off % size != 0) return false;
        if (off == 80 || off == 88) return size == 8;
        return size == 4;
    }
}
