package dev.ebpf4j.verifier.walk;

import dev.ebpf4j.verifier.Messages;
import dev.ebpf4j.verifier.Reject;

/** Accesses to a memory region of known size through a pointer with a variable offset. */
final class Bounds {
    static final long MAX_VAR_OFF = 1L << 29;

    private Bounds() {}

    /** {@code check_mem_region_access}: both ends of the variable offset must stay inside. */
    static void region(Walker w, int regno, Reg reg, int off, int size, int memSize, boolean zeroOk, String what) {
        long smin = Num.smin(reg.val);
        long umax = Num.umax(reg.val);
        if (smin < 0 && (smin == Long.MIN_VALUE || (off + smin) != (int) (off + smin) || smin + off < 0)) {
            throw Reject.acces(String.format(Messages.MIN_NEGATIVE_INDEX, regno));
        }
        String e = memCheck(reg, regno, smin + off, size, memSize, zeroOk, what);
        if (e != null) throw Reject.acces(e, String.format(Messages.MIN_OUTSIDE, regno));
        if (Long.compareUnsigned(umax, MAX_VAR_OFF) >= 0) {
            throw Reject.acces(String.format(Messages.UNBOUNDED_ACCESS, regno));
        }
        e = memCheck(reg, regno, umax + off, size, memSize, zeroOk, what);
        if (e != null) throw Reject.acces(e, String.format(Messages.MAX_OUTSIDE, regno));
    }

    /** {@code __check_mem_access}: the message when [off, off+size) is not inside [0, memSize), else null. */
    static String memCheck(Reg reg, int regno, long off, int size, int memSize, boolean zeroOk, String what) {
        boolean sizeOk = size > 0 || (size == 0 && zeroOk);
        int o = (int) off;
        if (o >= 0 && sizeOk && (long) o + size <= (memSize & 0xffffffffL)) return null;
        switch (reg.type) {
            case MAP_KEY: return String.format("invalid access to map key, key_size=%d off=%d size=%d", memSize, o, size);
            case MAP_VALUE: return String.format(Messages.MAP_VALUE_ACCESS, memSize, o, size);
            case PKT: case PKT_META: case PKT_END:
                return String.format(Messages.PKT_ACCESS, o, size, regno, reg.id, o, memSize);
            default: return String.format("invalid access to memory, mem_size=%d off=%d size=%d", memSize, o, size);
        }
    }
}
