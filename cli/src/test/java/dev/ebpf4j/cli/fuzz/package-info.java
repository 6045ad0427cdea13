/**
 * The verifier simulator against the live kernel on generated programs.
 *
 * <p>{@code ProgramGen} and {@code Fragments} build plausible socket filter, XDP and tc programs; {@code
 * GeneratorMixTest} checks that the kernel accepts about half of them and rejects the rest for many reasons;
 * {@code KernelDifferentialTest} asks the kernel (through the loader) and the simulator about each one, pins the
 * verdict agreement and fails on any unsafe accept with a shrunk program in kernel syntax. Both skip, saying why,
 * where bpf(2) is not allowed.
 *
 * <p>System properties: {@code ebpf4j.fuzz.seed} ({@code N} or {@code random}; the default is fixed so CI runs the
 * same programs every time), {@code ebpf4j.fuzz.verbose=true} (GeneratorMixTest prints an example of every reject
 * class), {@code ebpf4j.fuzz.debugClass=MASKED MESSAGE} (prints every program the kernel rejects with it).
 * E.g. {@code ./mvnw -q -pl cli -am test -Dtest=KernelDifferentialTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Debpf4j.fuzz.seed=random}.
 */
package dev.ebpf4j.cli.fuzz;
