package dev.ebpf4j.loader;

import dev.ebpf4j.asm.uapi.ProgType;

/**
 * What the kernel says about a loaded program ({@code struct bpf_prog_info}).
 *
 * @param type          the program type
 * @param id            the kernel-wide program id
 * @param tag           the program's tag (hash of its instructions), 16 hex digits
 * @param xlatedLength  bytes of instructions after the verifier's rewrites
 * @param jitedLength   bytes of JIT-compiled code
 * @param name          the program's name
 */
public record ProgInfo(ProgType type, int id, String tag, int xlatedLength, int jitedLength, String name) {}
