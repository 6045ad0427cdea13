package dev.ebpf4j.verifier.domain;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.JmpOp;

import java.util.Optional;

/**
 * The verifier's knowledge of a scalar register: known bits ({@code varOff}) and eight bounds, signed and unsigned,
 * on the 64-bit value and on its low 32 bits. Unsigned bounds are held in {@code long}/{@code int} and compared
 * unsigned. Immutable; every operation returns a new value computed the way Linux 6.18 computes it.
 *
 * <p>A scalar made by {@link #of} or by the operations here is "synced" (the views agree as far as the kernel
 * makes them agree); the canonical record constructor accepts any combination, as read from a log.
 */
public record Scalar(Tnum varOff, long smin, long smax, long umin, long umax,
                     int s32min, int s32max, int u32min, int u32max) {

    private static final Scalar UNKNOWN = new Scalar(Tnum.UNKNOWN, Long.MIN_VALUE, Long.MAX_VALUE, 0, -1L,
            Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1);

    /** A fully unknown 64-bit value ({@code scalar()}). */
    public static Scalar unknown() {
        return UNKNOWN;
    }

    /** The known value {@code v}. */
    public static Scalar constant(long v) {
        int w = (int) v;
        return new Scalar(Tnum.constant(v), v, v, v, v, w, w, w, w);
    }

    /** Unknown except that it has been zero-extended from {@code bytes} bytes (1, 2, 4 or 8): a load of that size. */
    public static Scalar unknownOfSize(int bytes) {
        if (bytes >= 8) return UNKNOWN;
        checkSize(bytes);
        return ScalarAlu.truncate(UNKNOWN, bytes);
    }

    /** Unknown except that it was sign-extended from {@code bytes} bytes (1, 2 or 4): a sign-extending load. */
    public static Scalar unknownSignExtended(int bytes) {
        checkSize(bytes);
        return UNKNOWN.signExtend(bytes);
    }

    /** The scalar with these known bits and bounds synced from them. */
    public static Scalar of(Tnum t) {
        Reg r = new Reg(UNKNOWN);
        r.t = t;
        r.sync();
        return r.freeze();
    }

    /** Values in the unsigned 64-bit range [min, max], as the kernel would know them after the bounds checks. */
    public static Scalar unsignedRange(long min, long max) {
        Reg r = new Reg(UNKNOWN);
        r.umin = min;
        r.umax = max;
        r.sync();
        return r.freeze();
    }

    /** Values in the signed 64-bit range [min, max]. */
    public static Scalar signedRange(long min, long max) {
        Reg r = new Reg(UNKNOWN);
        r.smin = min;
        r.smax = max;
        r.sync();
        return r.freeze();
    }

    /**
     * A length a helper wrote, or a negative errno: signed in [-4095, max] in 64 and in 32 bits, the rest learnt
     * from those (the result of get_stack and the probe_read_*_str helpers, max being the size argument's largest
     * value).
     */
    public static Scalar lengthOrErrno(long max) {
        Reg r = new Reg(UNKNOWN);
        r.smin = -4095;
        r.smax = max;
        r.s32min = -4095;
        r.s32max = (int) max;
        r.sync();
        return r.freeze();
    }

    /** This value after the kernel's bounds sync (tnum and ranges tightened against each other). */
    public Scalar synced() {
        Reg r = new Reg(this);
        r.sync();
        return r.freeze();
    }

    private static void checkSize(int bytes) {
        if (bytes != 1 && bytes != 2 && bytes != 4 && bytes != 8) {
            throw new IllegalArgumentException("size must be 1, 2, 4 or 8 bytes, not " + bytes);
        }
    }

    // ---------------------------------------------------------------------------------------------- queries

    public boolean isConst() {
        return varOff.isConst();
    }

    /** The known value; only meaningful when {@link #isConst()}. */
    public long constValue() {
        if (!isConst()) throw new IllegalStateException("not a constant: " + this);
        return varOff.value();
    }

    /** Whether the low 32 bits are known. */
    public boolean isConst32() {
        return varOff.subreg().isConst();
    }

    public boolean isUnknown() {
        return equals(UNKNOWN);
    }

    /** Whether the concrete 64-bit value {@code v} is one this scalar allows (all nine views). */
    public boolean contains(long v) {
        int w = (int) v;
        return varOff.contains(v) && smin <= v && v <= smax
                && Long.compareUnsigned(umin, v) <= 0 && Long.compareUnsigned(v, umax) <= 0
                && s32min <= w && w <= s32max
                && Integer.compareUnsigned(u32min, w) <= 0 && Integer.compareUnsigned(w, u32max) <= 0;
    }

    /** Whether the bounds agree with one another (no empty range, constants consistent): the kernel's check. */
    public boolean isConsistent() {
        return new Reg(this).isConsistent();
    }

    /**
     * What the kernel's sanity check reports for these bounds, e.g. {@code range bounds violation u64=[0xec,
     * 0xe0] s64=[...] u32=[...] s32=[...] var_off=(0xe0, 0x0)}, or null when they are consistent. The kernel
     * prints it after {@code verifier bug: REG INVARIANTS VIOLATION (alu): } (or true_reg1, ... for jumps), then
     * goes on with {@link #withUnboundedRanges()}.
     */
    public String violation() {
        return new Reg(this).violation();
    }

    /** The same known bits with all eight bounds forgotten (what the kernel keeps after a violation). */
    public Scalar withUnboundedRanges() {
        Reg r = new Reg(this);
        r.unbounded64();
        r.unbounded32();
        return r.freeze();
    }

    /** Whether every value of {@code other} is a value of this one (range and tnum inclusion, as for pruning). */
    public boolean includes(Scalar other) {
        return smin <= other.smin && other.smax <= smax
                && Long.compareUnsigned(umin, other.umin) <= 0 && Long.compareUnsigned(other.umax, umax) <= 0
                && s32min <= other.s32min && other.s32max <= s32max
                && Integer.compareUnsigned(u32min, other.u32min) <= 0
                && Integer.compareUnsigned(other.u32max, u32max) <= 0
                && varOff.in(other.varOff);
    }

    /** The number of bits that can be set: 64 minus the leading known zeros of the value's upper bound. */
    public int width() {
        return 64 - Long.numberOfLeadingZeros(umax);
    }

    // ---------------------------------------------------------------------------------------------- operations

    /**
     * {@code this op= src} in 64 ({@code alu64}) or 32 bits, as the verifier computes it. For the immediate forms
     * pass {@code Scalar.constant(imm)} with the 32-bit immediate sign-extended to 64 bits, as the kernel does.
     * MOV returns the (zero-extended, for 32 bits) source; MOVSX8/16/32 sign-extend it; NEG ignores src; END is
     * not an ALU op here (see {@link #endian}).
     */
    public Scalar alu(AluOp op, boolean alu64, Scalar src) {
        return ScalarAlu.alu(this, op, alu64, src);
    }

    /**
     * This value plus {@code delta}, for a register linked to a refined one by {@code rX = rY + delta} (the
     * kernel's sync_linked_regs: the refined state is copied and the delta added to both widths' bounds and the
     * tnum; 6.18 then syncs the bounds, as seen live). {@code delta} is the difference of the two 32-bit offsets
     * (the linked register's minus the refined one's), sign-extended.
     */
    public Scalar plusForLinkedRegister(long delta) {
        return ScalarAlu.addForLink(this, delta, false);
    }

    /**
     * The same for a register linked by a 32-bit {@code wX = wY + delta}: the sum's low 32 bits, zero-extended
     * before the bounds are synced (the link of an ALU32 add).
     */
    public Scalar plusForLinkedRegister32(long delta) {
        return ScalarAlu.addForLink(this, delta, true);
    }

    /**
     * This value as a pointer's variable offset, after {@code ptr += off} ({@code add}) or {@code ptr -= off} with
     * a scalar that is not a known constant (a known one goes to the pointer's fixed offset instead): the kernel
     * computes only the 64-bit bounds and the tnum, starting the 32-bit ones over, then syncs (checked live on
     * stack pointers, e.g. [10,25] + [-5,-3] gives smin=umin=smin32=umin32=5,smax=umax=smax32=umax32=22).
     */
    public Scalar pointerOffset(Scalar off, boolean add) {
        return ScalarAlu.pointerOffset(this, off, add);
    }

    /** {@code -this} in 64 or 32 bits. */
    public Scalar neg(boolean alu64) {
        return ScalarAlu.neg(this, alu64);
    }

    /**
     * Byte order conversion on a little-endian machine: {@code toBigEndian} (the BPF_TO_BE source bit, and every
     * ALU64 BSWAP) swaps the low {@code bits} bits, otherwise they are only truncated; upper bits become zero.
     */
    public Scalar endian(int bits, boolean toBigEndian) {
        return ScalarAlu.endian(this, bits, toBigEndian);
    }

    /** The low {@code bytes} bytes, zero-extended (the kernel's coerce_reg_to_size: a narrow load or store). */
    public Scalar truncate(int bytes) {
        checkSize(bytes);
        return ScalarAlu.truncate(this, bytes);
    }

    /** The low {@code bytes} bytes sign-extended to 64 bits (MOVSX and sign-extending loads). */
    public Scalar signExtend(int bytes) {
        checkSize(bytes);
        return ScalarAlu.signExtend64(this, bytes);
    }

    /** The low 32 bits zero-extended, as every ALU32 result is. */
    public Scalar zeroExtend32() {
        Reg r = new Reg(this);
        r.zeroExtend32();
        r.sync();
        return r.freeze();
    }

    /**
     * AND/OR with a constant on a value known to be -1 or 0 (in 64 bits, else in 32 bits) makes the kernel
     * split the state in two: returns {@code [valueMinusOne, valueZero]} to walk as two paths (the current path
     * continues with the -1 one, the 0 one is pushed), or empty when no split happens.
     */
    public Optional<Scalar[]> splitMinusOneOrZero() {
        Reg minusOne = new Reg(this);
        Reg zero = new Reg(this);
        if (smin == -1 && smax == 0) {
            minusOne.markKnown(-1);
            zero.markKnown(0);
        } else if (s32min == -1 && s32max == 0) {
            minusOne.markKnown32(-1);
            zero.markKnown32(0);
        } else {
            return Optional.empty();
        }
        return Optional.of(new Scalar[] {minusOne.freeze(), zero.freeze()});
    }

    // ---------------------------------------------------------------------------------------------- branches

    /** Whether {@code this op other} (64 or 32 bits) is always true, always false, or either. */
    public Decision branchTaken(JmpOp op, boolean jmp32, Scalar other) {
        return ScalarBranch.taken(this, op, jmp32, other);
    }

    /**
     * The values of {@code dst} and {@code src} on the branch where {@code dst op src} is {@code taken} (true) or
     * not. The pair says whether the refined bounds are consistent; when they are not, that outcome is impossible
     * (Linux 6.18 nevertheless walks it with the contradictory state, whose tnum is what gets printed).
     */
    public static ScalarPair refine(JmpOp op, boolean jmp32, Scalar dst, Scalar src, boolean taken) {
        return ScalarBranch.refine(op, jmp32, dst, src, taken);
    }

    /**
     * {@code rX op rX} (the same register on both sides): Linux 6.18 still refines it, as both operands at once,
     * e.g. [0,255] on the taken branch of {@code if r6 > r6} becomes [1,254] (seen live). Both members of the
     * returned pair are the register's new value.
     */
    public static ScalarPair refineSameRegister(JmpOp op, boolean jmp32, Scalar reg, boolean taken) {
        return ScalarBranch.refineSame(op, jmp32, reg, taken);
    }

    // ---------------------------------------------------------------------------------------------- text

    /** The kernel's log form: {@code 5}, {@code 0x70081}, {@code -3} or {@code scalar(smin=...,var_off=(...))}. */
    public String format() {
        return ScalarText.format(this, 0, false);
    }

    /** The log form with a scalar id ({@code scalar(id=2,...)}, not shown for constants) and precise mark {@code P}. */
    public String format(int id, boolean precise) {
        return ScalarText.format(this, id, precise);
    }

    /** Reads the log form back (the inverse of {@link #format()}); ids and the precise mark are ignored. */
    public static Scalar parse(String text) {
        return ScalarText.parse(text);
    }

    @Override
    public String toString() {
        return format();
    }
}
