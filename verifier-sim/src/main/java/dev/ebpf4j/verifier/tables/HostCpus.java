package dev.ebpf4j.verifier.tables;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The number of possible CPUs of this machine (the kernel's nr_cpu_ids): the kernel bounds what
 * bpf_get_smp_processor_id returns by it, so the answer depends on the machine that verifies, as it does for the
 * kernel. Read from /sys/devices/system/cpu/possible ({@code 0-1}, {@code 0-3,8-11}); where that file cannot be
 * read, the processors the JVM sees.
 */
public final class HostCpus {
    private static final int POSSIBLE = read();

    private HostCpus() {}

    public static int possible() { return POSSIBLE; }

    private static int read() {
        try {
            String s = Files.readString(Path.of("/sys/devices/system/cpu/possible")).trim();
            return parse(s);
        } catch (IOException | RuntimeException e) {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    /** The highest CPU number of a kernel CPU list, plus one. */
    static int parse(String list) {
        int max = -1;
        for (String part : list.split(",")) {
            String[] r = part.trim().split("-");
            max = Math.max(max, Integer.parseInt(r[r.length - 1].trim()));
        }
        if (max < 0) throw new IllegalArgumentException("empty CPU list");
        return max + 1;
    }
}
