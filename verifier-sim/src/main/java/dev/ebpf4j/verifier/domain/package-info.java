/**
 * The scalar abstract domain of the Linux 6.18 eBPF verifier, computed the way the kernel computes it so that the
 * simulator prints the same states and makes the same decisions.
 *
 * <ul>
 *   <li>{@link dev.ebpf4j.verifier.domain.Tnum}: known bits (value/mask) with the kernel's add, sub, mul, and, or,
 *       xor, shifts, neg, intersect, union, cast/subreg, bswap, {@code in}, and the {@code (0x0; 0xff)} print.</li>
 *   <li>{@link dev.ebpf4j.verifier.domain.Scalar}: immutable tnum + eight bounds. Factories {@code constant},
 *       {@code unknown}, {@code unknownOfSize} (zero-extending loads), {@code unknownSignExtended} (sign-extending
 *       loads), {@code unsignedRange}, {@code signedRange}, {@code of(Tnum)}. Transfer functions
 *       {@code alu(AluOp, alu64, src)} (immediates: pass {@code constant(imm)} sign-extended, as the kernel does),
 *       {@code neg}, {@code endian}, {@code truncate}, {@code signExtend}, {@code zeroExtend32}, {@code synced};
 *       {@code splitMinusOneOrZero} for the kernel's state split on AND/OR with a constant. Branches:
 *       {@code branchTaken(JmpOp, jmp32, other)} and {@code Scalar.refine(op, jmp32, dst, src, taken)}.</li>
 *   <li>{@link dev.ebpf4j.verifier.domain.ScalarText}: the log spelling ({@code format}, {@code parse}); also the
 *       log's number spelling ({@code signed}, {@code unsigned}) for other register kinds.</li>
 * </ul>
 *
 * <p>Walk-level matters stay with the caller: scalar ids and linked registers, precision marks, pointer operands,
 * comparing a register with itself, and whether to walk a branch whose refinement is inconsistent.
 */
package dev.ebpf4j.verifier.domain;
