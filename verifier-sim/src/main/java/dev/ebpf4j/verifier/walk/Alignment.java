package dev.ebpf4j.verifier.walk;

import dev.ebpf4j.verifier.Messages;
import dev.ebpf4j.verifier.Reject;

/**
 * Pointer alignment ({@code check_ptr_alignment}): the stack is always strict; other pointers only under
 * BPF_F_STRICT_ALIGNMENT (or once, for atomics); packet pointers assume NET_IP_ALIGN = 2. One-byte accesses
 * are always fine.
 */
final class Alignment {
    private Alignment() {}

    static void check(Walker w, Reg reg, int off, int size, boolean strictOnce) {
        boolean strict = w.strictAlignment() || strictOnce;
        String desc;
        switch (reg.type) {
            case PKT: case PKT_META: {
                if (!strict || size == 1) return;
                long v = Num.tnumValue(reg.val) + 2 + reg.off + off;
                long m = Num.tnumMask(reg.val);
                if (!aligned(v, m, size)) {
                    throw Reject.acces(String.format(Messages.MISALIGNED_PKT, 2, Num.tnumString(reg.val), reg.off, off, size));
                }
                return;
            }
            case FLOW_KEYS: desc = "flow keys "; break;
            case MAP_KEY: desc = "key "; break;
            case MAP_VALUE: desc = "value "; break;
            case CTX: desc = "context "; break;
            case STACK: desc = "stack "; strict = true; break;
            case SOCK: desc = "sock "; break;
            case SOCK_COMMON: desc = "sock_common "; break;
            case TCP_SOCK: desc = "tcp_sock "; break;
            case XDP_SOCK: desc = "xdp_sock "; break;
            default: desc = ""; break;
        }
        // a maybe-null pointer is another type to the kernel's switch: no description
        if (reg.maybeNull) desc = "";
        if (!strict || size == 1) return;
        long v = Num.tnumValue(reg.val) + reg.off + off;
        long m = Num.tnumMask(reg.val);
        if (!aligned(v, m, size)) {
            throw Reject.acces(String.format(Messages.MISALIGNED, desc, Num.tnumString(reg.val), reg.off, off, size));
        }
    }

    /** {@code tnum_is_aligned(tnum_add(var_off, const), size)}: the low bits are known zero. */
    private static boolean aligned(long value, long mask, int size) {
        // adding a constant to a tnum can carry into unknown bits; the low bits below the lowest unknown bit stay known
        long lowUnknown = mask == 0 ? 0 : Long.lowestOneBit(mask);
        long need = size - 1;
        if (mask != 0 && lowUnknown <= need) return false;
        return (value & need) == 0;
    }
}
