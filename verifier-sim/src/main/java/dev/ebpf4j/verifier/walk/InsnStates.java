package dev.ebpf4j.verifier.walk;

import java.util.ArrayList;

/**
 * The checkpoints of one lookup bucket, oldest first. Like the kernel, states are kept per bucket of
 * {@code (insn ^ callsite) mod program length}, so a bucket may also hold states of another instruction or call
 * site: they are walked past (and counted in {@code max_states_per_insn}) but never match.
 */
final class InsnStates {
    final ArrayList<Checkpoint> list = new ArrayList<>(2);
}
