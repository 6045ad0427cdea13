package dev.ebpf4j.verifier.walk;

/**
 * Map values that hold a {@code struct bpf_timer} (and nothing else special): the timer's 16 bytes cannot be loaded,
 * stored or given to a helper as memory; the rest of the value, and the map itself, are as any other. The timer
 * helpers themselves are not modelled (refused after their first argument is checked).
 */
final class Timers {
    private Timers() {}

    static final int TIMER_SIZE = 16;

    /** The offset of the timer in map {@code map}'s value, or -1 when it holds none or other special fields too. */
    static int offset(Walker w, int map) {
        return ValueFields.only(w, map, "bpf_timer");
    }

    /** A load, store or helper access of {@code size} bytes at {@code off} must not touch the timer. */
    static void checkAccess(Walker w, Reg reg, int off, int size) {
        int timer = offset(w, reg.map);
        if (timer >= 0) ValueFields.refuseDirectAccess(reg, off, size, timer, TIMER_SIZE, "bpf_timer");
    }
}
