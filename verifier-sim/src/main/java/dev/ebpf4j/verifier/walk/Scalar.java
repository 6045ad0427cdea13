package dev.ebpf4j.verifier.walk;

/**
 * INTERIM placeholder until the scalar domain (dev.ebpf4j.verifier.domain, another helper's work) lands:
 * a constant or "anything". {@link Num} is the only code that looks inside.
 */
public record Scalar(boolean known, long value) {
    static final Scalar UNKNOWN = new Scalar(false, 0);
}
