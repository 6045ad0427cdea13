package dev.ebpf4j.verifier.log;

/** Prints instruction {@code i} as the kernel's log does, without the index: {@code (bf) r6 = r1}. */
@FunctionalInterface
public interface InsnPrinter {
    String print(long[] insns, int i);
}
