package dev.ebpf4j.verifier.walk;

import dev.ebpf4j.verifier.Reject;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Map values that hold a {@code struct bpf_timer} (and nothing else special): the timer's 16 bytes cannot be loaded,
 * stored or given to a helper as memory; the rest of the value, and the map itself, are as any other. The timer
 * helpers themselves are not modelled (refused after their first argument is checked).
 */
final class Timers {
    private Timers() {}

    private static final Pattern ONLY_TIMER =
            Pattern.compile("struct \\w+ \\{[^}]*\\} \\(bpf_timer at offset (\\d+)\\)");
    static final int TIMER_SIZE = 16;

    /** The offset of the timer in map {@code map}'s value, or -1 when it holds none or other special fields too. */
    static int offset(Walker w, int map) {
        if (map < 0) return -1;
        String d = w.opts.btfValueMaps().get(map);
        if (d == null) return -1;
        Matcher m = ONLY_TIMER.matcher(d);
        if (!m.matches()) return -1;
        String body = d.substring(d.indexOf('{'), d.indexOf('}'));
        if (body.indexOf("bpf_timer") != body.lastIndexOf("bpf_timer")) return -1;
        for (String other : new String[] {"bpf_spin_lock", "kptr", "bpf_list", "bpf_rb", "bpf_refcount", "bpf_wq"}) {
            if (body.contains(other)) return -1;
        }
        return Integer.parseInt(m.group(1));
    }

    /** A load, store or helper access of {@code size} bytes at {@code off} must not touch the timer. */
    static void checkAccess(Walker w, Reg reg, int off, int size) {
        int timer = offset(w, reg.map);
        if (timer < 0) return;
        long lo = Num.smin(reg.val) + off;
        long hi = Num.umax(reg.val) + off + size;
        if (lo < timer + TIMER_SIZE && timer < hi) {
            throw Reject.acces("bpf_timer cannot be accessed directly by load/store");
        }
    }
}
