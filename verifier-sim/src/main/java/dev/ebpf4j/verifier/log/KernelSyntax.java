package dev.ebpf4j.verifier.log;

/**
 * INTERIM: the instruction text of the log until the asm module's Disassembler (kernel syntax) lands; prints
 * only the opcode in the kernel's {@code (xx)} form.
 */
public final class KernelSyntax {
    private KernelSyntax() {}

    public static String line(long[] insns, int i) {
        return String.format("(%02x) ?", insns[i] & 0xff);
    }
}
