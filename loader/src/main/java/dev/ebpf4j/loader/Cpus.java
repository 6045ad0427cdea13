package dev.ebpf4j.loader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The number of possible CPUs, which sizes per-CPU map values (as the kernel counts them, not online CPUs). */
public final class Cpus {
    private Cpus() {}

    private static final class Holder {
        static final int POSSIBLE = read();
    }

    public static int possible() {
        return Holder.POSSIBLE;
    }

    /** Parses {@code /sys/devices/system/cpu/possible}, e.g. {@code 0-3,8-11}. */
    static int parse(String list) {
        int n = 0;
        for (String part : list.trim().split(",")) {
            if (part.isEmpty()) continue;
            int dash = part.indexOf('-');
            if (dash < 0) n++;
            else n += Integer.parseInt(part.substring(dash + 1)) - Integer.parseInt(part.substring(0, dash)) + 1;
        }
        return n;
    }

    private static int read() {
        try {
            return parse(Files.readString(Path.of("/sys/devices/system/cpu/possible")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /sys/devices/system/cpu/possible: " + e.getMessage(), e);
        }
    }
}
