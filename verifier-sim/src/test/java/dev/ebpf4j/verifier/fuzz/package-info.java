/**
 * The simulator never fails on any input: {@code SimulatorRobustnessTest} gives it random slots, random programs
 * of real opcodes and mutated corpus programs of every program type, and reports every exception, internal
 * error, self-contradicting answer and hang ({@code GuardedVerifier}). {@code -Debpf4j.fuzz.seed=N|random}
 * runs other inputs than CI's fixed ones.
 */
package dev.ebpf4j.verifier.fuzz;
