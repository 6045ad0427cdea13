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
 *       {@code splitMinusOneOrZero} for the kernel's state split on AND/OR with a constant;
 *       {@code plusForLinkedRegister} for registers linked by {@code rX = rY + k}; {@code pointerOffset} for a
 *       pointer's variable offset; {@code violation()}/{@code withUnboundedRanges()} for the kernel's
 *       "REG INVARIANTS VIOLATION" check. Branches: {@code branchTaken(JmpOp, jmp32, other)} ->
 *       {@link dev.ebpf4j.verifier.domain.Decision}, and {@code Scalar.refine(op, jmp32, dst, src, taken)} ->
 *       {@link dev.ebpf4j.verifier.domain.ScalarPair} (both operands, with any violation already reported and
 *       reset as the kernel does).</li>
 *   <li>{@link dev.ebpf4j.verifier.domain.ScalarText}: the log spelling ({@code format} with id text such as
 *       {@code "3+5"} and the precise mark, {@code parse}, {@code fields} for pointers); also the log's number
 *       spelling ({@code signed}, {@code unsigned}) for other register kinds.</li>
 * </ul>
 *
 * <p>Queries: {@code isConst}, {@code constValue}, {@code isConst32}, {@code contains(long)}, {@code includes(Scalar)}
 * (the pruning test: range_within plus tnum_in), {@code width()} (get_reg_width: bits of umax), the record's
 * fields for the bounds, and {@code equals} for exact state comparison.
 *
 * <p>Immediates: the kernel sign-extends the 32-bit imm to 64 bits for ALU, ALU32 and JMP/JMP32 alike, so pass
 * {@code Scalar.constant((long) imm)}; MOV32 with an immediate is {@code alu(MOV, false, constant(imm))}.
 *
 * <p>Walk-level matters stay with the caller: scalar ids and which registers are linked, precision marks, pointer
 * operands, noticing that a jump compares a register with itself (then use {@code refineSameRegister}), printing the
 * violation lines.
 * Checked against Linux 6.18.44: 10500 recorded random sequences (KernelReplayTest) agree state for state.
 */
package dev.ebpf4j.verifier.domain;
