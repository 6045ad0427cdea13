package dev.ebpf4j.examples;

import dev.ebpf4j.asm.uapi.MapType;
import dev.ebpf4j.loader.BpfMap;
import dev.ebpf4j.loader.SyscallException;

/**
 * Whether this thread may use bpf(2): probed by creating (and closing) a one-entry map, the cheapest call that
 * needs the same privilege as a program load. Examples call {@link #unavailable()} first so that they can say
 * what they need instead of failing half-way. Unlike the loader's {@code BpfAccess}, which answers once per
 * process, this asks on every call and for the calling thread: credentials belong to threads in Linux, and the
 * demo's test drops one thread's privileges to see the demo without them.
 */
public final class KernelAccess {
    private KernelAccess() {}

    /** What the live examples need, in one sentence. */
    public static final String NEEDS = "the live examples need bpf(2): run as root (CAP_BPF, CAP_NET_ADMIN for attaching, "
            + "CAP_SYS_ADMIN for the private network namespace, CAP_NET_RAW for ping)";

    /** Null when bpf(2) works on the calling thread, else why not (e.g. "BPF_MAP_CREATE failed: EPERM ..."). */
    public static String unavailable() {
        try (BpfMap m = BpfMap.create("probe", MapType.ARRAY, 4, 4, 1)) {
            return null;
        } catch (SyscallException e) {
            return e.getMessage();
        } catch (LinkageError | RuntimeException e) {
            // jnr could not load libc or its stub (no native access): the same answer for a user
            return "bpf(2) is not reachable from this JVM: " + e;
        }
    }
}
