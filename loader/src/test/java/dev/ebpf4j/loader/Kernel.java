package dev.ebpf4j.loader;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test support: whether bpf(2) may be used here, probed once by creating a tiny map. Kernel tests call
 * {@link #assumeBpf()} first and are skipped, with the reason, where it may not.
 */
public final class Kernel {
    private Kernel() {}

    private static final String UNAVAILABLE = BpfAccess.unavailableReason().map(r -> "bpf(2) not allowed here: " + r).orElse(null);

    /** Skips the calling test when bpf(2) is not allowed. */
    public static void assumeBpf() {
        Assumptions.assumeTrue(UNAVAILABLE == null, UNAVAILABLE);
    }

    /** The number of this process's fds that refer to BPF maps. */
    public static int openMapFds() {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.filter(p -> {
                try {
                    return Files.readSymbolicLink(p).toString().equals("anon_inode:bpf-map");
                } catch (IOException e) {
                    return false;   // closed while we looked
                }
            }).count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The number of open file descriptors of this process. */
    public static int openFds() {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.count();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
