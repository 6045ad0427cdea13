package dev.ebpf4j.loader;

import dev.ebpf4j.asm.uapi.MapType;

import java.util.Optional;

/**
 * Whether this process may use bpf(2), found once by creating (and closing) a one-element array map. Demos and
 * tests ask first so that they can say what is missing instead of failing half-way.
 */
public final class BpfAccess {
    private BpfAccess() {}

    private static final class Holder {
        static final String REASON = probe();
    }

    /** Empty when bpf(2) works here; otherwise why not, in one line. */
    public static Optional<String> unavailableReason() {
        return Optional.ofNullable(Holder.REASON);
    }

    public static boolean available() {
        return Holder.REASON == null;
    }

    private static String probe() {
        try (BpfMap m = BpfMap.create("probe", MapType.ARRAY, 4, 4, 1)) {
            return null;
        } catch (BpfException e) {
            String why = e.errno().value() == Errno.EPERM
                    ? " (bpf(2) needs root, or CAP_BPF; kernel.unprivileged_bpf_disabled is usually set)" : "";
            return e.getMessage() + why;
        } catch (LinkageError | RuntimeException e) {
            return "cannot call bpf(2) from Java here: " + e;
        }
    }
}
