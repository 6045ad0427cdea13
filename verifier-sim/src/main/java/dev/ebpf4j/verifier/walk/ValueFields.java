package dev.ebpf4j.verifier.walk;

import dev.ebpf4j.verifier.Reject;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The special field of a map value described by BTF ({@code Options.btfValueMaps}), as the corpus describes it:
 * {@code struct val { int cnt; struct bpf_spin_lock l; } (bpf_spin_lock at offset 4)}. The simulator models a value
 * holding exactly one such field of a kind (a spin lock, a timer); anything else is not found here.
 */
final class ValueFields {
    private ValueFields() {}

    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private static final List<String> KINDS =
            List.of("bpf_spin_lock", "bpf_timer", "kptr", "bpf_list", "bpf_rb", "bpf_refcount", "bpf_wq");

    /** The offset of the only special field, of kind {@code kind}, in map {@code map}'s value; else -1. */
    static int only(Walker w, int map, String kind) {
        if (map < 0) return -1;
        String d = w.opts.btfValueMaps().get(map);
        if (d == null) return -1;
        Matcher m = PATTERNS.computeIfAbsent(kind,
                k -> Pattern.compile("struct \\w+ \\{[^}]*\\} \\(" + k + " at offset (\\d+)\\)")).matcher(d);
        if (!m.matches()) return -1;
        String body = d.substring(d.indexOf('{'), d.indexOf('}'));
        if (body.indexOf(kind) != body.lastIndexOf(kind)) return -1;
        for (String other : KINDS) {
            if (!other.equals(kind) && body.contains(other)) return -1;
        }
        return Integer.parseInt(m.group(1));
    }

    /**
     * A load, store or helper access of {@code size} bytes at {@code off} through {@code reg} must not touch the
     * {@code fieldSize} bytes of field {@code kind} at {@code field} (any offset the register may hold counts).
     */
    static void refuseDirectAccess(Reg reg, int off, int size, int field, int fieldSize, String kind) {
        long lo = Num.smin(reg.val) + off;
        long hi = Num.umax(reg.val) + off + size;
        if (lo < field + fieldSize && field < hi) {
            throw Reject.acces(kind + " cannot be accessed directly by load/store");
        }
    }
}
