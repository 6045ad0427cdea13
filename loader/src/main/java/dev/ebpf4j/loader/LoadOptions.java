package dev.ebpf4j.loader;

import dev.ebpf4j.asm.uapi.AttachType;
import dev.ebpf4j.asm.uapi.ProgType;

import java.util.Objects;

/**
 * How to load a program: {@code LoadOptions.of(ProgType.XDP).withExpectedAttachType(AttachType.XDP).withName("xdp_count")}.
 *
 * @param type               the program type
 * @param expectedAttachType the expected attach type, or null for none
 * @param license            the license string; {@code "GPL"} by default (GPL-only helpers need it)
 * @param name               the program's name (at most 15 characters of {@code [A-Za-z0-9_.]}; others become '_')
 * @param flags              {@code prog_flags} ({@code BPF_F_STRICT_ALIGNMENT} = 1, {@code BPF_F_ANY_ALIGNMENT} = 2,
 *                           {@code BPF_F_TEST_RND_HI32} = 4, {@code BPF_F_TEST_STATE_FREQ} = 8, ...)
 * @param logLevel           verifier log level: 0 none, 1 the failing path, 2 every instruction, 4 statistics;
 *                           1|4 and 2|4 combine. With 0, a rejected load is repeated at level 1 to explain why
 *                           (see {@link #logOnFailure})
 * @param logSize            the initial log buffer; grown to the size the kernel asks for on ENOSPC
 * @param maxLogSize         the largest log buffer to grow to; a log that does not fit even then is kept as the
 *                           tail the kernel wrote (its error line is at the end), and the verdict is taken from a
 *                           second load at log level 0, as the corpus was recorded
 * @param logOnFailure       with log level 0, reload a rejected program at level 1 to get the kernel's message
 */
public record LoadOptions(ProgType type, AttachType expectedAttachType, String license, String name, int flags,
                          int logLevel, int logSize, int maxLogSize, boolean logOnFailure) {
    public static final int F_STRICT_ALIGNMENT = 1;
    public static final int F_ANY_ALIGNMENT = 2;
    public static final int F_TEST_RND_HI32 = 4;
    public static final int F_TEST_STATE_FREQ = 8;
    public static final int F_SLEEPABLE = 16;
    public static final int F_XDP_HAS_FRAGS = 32;
    public static final int F_TEST_REG_INVARIANTS = 128;

    public LoadOptions {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(license, "license");
        Objects.requireNonNull(name, "name");
        if ((logLevel & ~7) != 0) throw new IllegalArgumentException("log level must combine 1, 2 and 4, got " + logLevel);
        if (logSize < 128) throw new IllegalArgumentException("log size must be at least 128 bytes, got " + logSize);
        if (maxLogSize < logSize) maxLogSize = logSize;
    }

    /** Defaults: no expected attach type, GPL, no name, no flags, log level 0 (level 1 on failure), 64 KiB log. */
    public static LoadOptions of(ProgType type) {
        return new LoadOptions(type, null, "GPL", "", 0, 0, 64 * 1024, 256 << 20, true);
    }

    public LoadOptions withExpectedAttachType(AttachType t) {
        return new LoadOptions(type, t, license, name, flags, logLevel, logSize, maxLogSize, logOnFailure);
    }

    public LoadOptions withLicense(String l) {
        return new LoadOptions(type, expectedAttachType, l, name, flags, logLevel, logSize, maxLogSize, logOnFailure);
    }

    public LoadOptions withName(String n) {
        return new LoadOptions(type, expectedAttachType, license, n, flags, logLevel, logSize, maxLogSize, logOnFailure);
    }

    public LoadOptions withFlags(int f) {
        return new LoadOptions(type, expectedAttachType, license, name, f, logLevel, logSize, maxLogSize, logOnFailure);
    }

    public LoadOptions withLogLevel(int level) {
        return new LoadOptions(type, expectedAttachType, license, name, flags, level, logSize, maxLogSize, logOnFailure);
    }

    public LoadOptions withLogSize(int size) {
        return new LoadOptions(type, expectedAttachType, license, name, flags, logLevel, size, maxLogSize, logOnFailure);
    }

    public LoadOptions withMaxLogSize(int size) {
        return new LoadOptions(type, expectedAttachType, license, name, flags, logLevel, logSize, size, logOnFailure);
    }

    public LoadOptions withLogOnFailure(boolean on) {
        return new LoadOptions(type, expectedAttachType, license, name, flags, logLevel, logSize, maxLogSize, on);
    }
}
