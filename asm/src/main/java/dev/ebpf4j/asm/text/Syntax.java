package dev.ebpf4j.asm.text;

/** The three text spellings of eBPF instructions that ebpf4j reads and writes. */
public enum Syntax {
    /**
     * The Linux verifier log and {@code bpftool prog dump xlated} spelling ({@code kernel/bpf/disasm.c}):
     * {@code (bf) r6 = r1}, {@code if r0 == 0x0 goto pc+2}, {@code call bpf_map_lookup_elem#1}.
     */
    KERNEL,
    /**
     * The llvm-objdump / clang inline-asm pseudo-C spelling: {@code (r1 + 0)}, {@code goto +3},
     * {@code r1 = 0x1 ll}, signed decimal immediates, {@code w} registers for 32-bit operations.
     */
    LLVM,
    /**
     * The ubpf / bpf_conformance mnemonic spelling: {@code mov32 %r1, 0x5}, {@code ldxw %r0, [%r1+4]},
     * {@code jeq %r1, 0x0, +3}, {@code lddw}, {@code lock fetch add32 [%r10-8], %r1}.
     */
    UBPF
}
