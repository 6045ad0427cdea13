package dev.ebpf4j.verifier.walk;

import dev.ebpf4j.asm.uapi.ProgType;

/**
 * Helpers the modelled program types certainly may not call (tracing-only helpers), so the simulator can give
 * the kernel's {@code program of this type cannot use helper} instead of "not modelled".
 */
final class HelperForbid {
    private HelperForbid() {}

    static boolean forbidden(ProgType t, int id) {
        if (dev.ebpf4j.verifier.tables.HelperTable.typeBit(t) == dev.ebpf4j.verifier.tables.HelperTable.TRACE) {
            return id == 0 || id == 160; // ktime_get_coarse_ns is not for tracing programs
        }
        switch (id) {
            case 0:   // unspec
            case 4:   // probe_read (tracing only)
            case 27:  // get_stackid (tracing only)
            case 45:  // probe_read_str (tracing only)
            case 58:  // override_return (kprobes only)
            case 67:  // get_stack (tracing only)
                return true;
            default:
                return false;
        }
    }
}
