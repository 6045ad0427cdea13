package dev.ebpf4j.asm;

/**
 * The eleven eBPF registers. R0 holds return values, R1-R5 arguments (clobbered by calls), R6-R9 are
 * callee-saved and R10 is the read-only frame pointer ({@link #FP}).
 */
public enum Register {
    R0, R1, R2, R3, R4, R5, R6, R7, R8, R9, R10;

    /** The frame pointer, R10. */
    public static final Register FP = R10;

    private static final Register[] VALUES = values();

    /** The register number as encoded in the instruction's 4-bit field. */
    public int number() { return ordinal(); }

    /** The register with this number; numbers 11-15 fit the encoding but name no register. */
    public static Register of(int number) {
        if (number < 0 || number > 10) {
            throw new IllegalArgumentException("no register r" + number + " (registers are r0..r10)");
        }
        return VALUES[number];
    }

    /** Whether a 4-bit register field names a real register. */
    public static boolean isValid(int number) {
        return number >= 0 && number <= 10;
    }
}
