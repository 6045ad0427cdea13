package dev.ebpf4j.verifier.domain;

/**
 * A tristate number: each of the 64 bits is known 0, known 1 or unknown. A bit is unknown when its {@code mask}
 * bit is set; then its {@code value} bit is 0 (the kernel keeps that invariant and so do all operations here).
 * The set of concrete values it stands for is {@code { v | (v & ~mask) == value }}.
 *
 * <p>The operations are the verifier's ({@code kernel/bpf/tnum.c}): the same over-approximations bit for bit, since
 * the printed {@code var_off} and later decisions depend on them.
 */
public record Tnum(long value, long mask) {

    public static final Tnum UNKNOWN = new Tnum(0, -1L);
    public static final Tnum ZERO = new Tnum(0, 0);

    public Tnum {
        if ((value & mask) != 0) {
            throw new IllegalArgumentException("tnum value " + Long.toHexString(value)
                    + " has bits set under mask " + Long.toHexString(mask));
        }
    }

    public static Tnum constant(long v) {
        return new Tnum(v, 0);
    }

    /** The smallest tnum that holds every value of the unsigned range [min, max]. */
    public static Tnum range(long min, long max) {
        long differing = min ^ max;
        int bits = 64 - Long.numberOfLeadingZeros(differing);
        if (bits > 63) return UNKNOWN;
        long low = (1L << bits) - 1;
        return new Tnum(min & ~low, low);
    }

    public boolean isConst() {
        return mask == 0;
    }

    public boolean isUnknown() {
        return mask == -1L;
    }

    /** Whether the tnum is exactly the constant {@code v}. */
    public boolean equalsConst(long v) {
        return mask == 0 && value == v;
    }

    /** Smallest and largest unsigned values (value, value|mask). */
    public long umin() {
        return value;
    }

    public long umax() {
        return value | mask;
    }

    /** Whether the concrete value {@code v} is one of the values this tnum stands for. */
    public boolean contains(long v) {
        return (v & ~mask) == value;
    }

    /** Whether every value of {@code other} is also a value of this tnum (the kernel's tnum_in(this, other)). */
    public boolean in(Tnum other) {
        if ((other.mask & ~mask) != 0) return false;
        return value == (other.value & ~mask);
    }

    /** Whether the two tnums have a value in common. */
    public boolean overlaps(Tnum other) {
        long bothKnown = ~mask & ~other.mask;
        return (value & bothKnown) == (other.value & bothKnown);
    }

    /**
     * The smallest value of this tnum that is (unsigned) greater than {@code z}; {@code umax()} when none is,
     * {@code umin()} when {@code z} is below all of them.
     */
    public long next(long z) {
        long top = umax();
        if (Long.compareUnsigned(z, top) >= 0) return top;
        if (Long.compareUnsigned(z, value) < 0) return value;
        long y = z + 1;
        long disagree = (y ^ value) & ~mask;
        if (disagree == 0) return y;
        int i = 63 - Long.numberOfLeadingZeros(disagree);
        if ((value & (1L << i)) != 0) {
            // raise the first disagreeing known bit; everything below it as small as possible
            return (y & ~lowBits(i + 1)) | (1L << i) | (value & lowBits(i));
        }
        // y is too big at a known bit: carry into the lowest unknown bit above it that y has clear
        long candidates = mask & ~y & ~lowBits(i + 1);
        int j = Long.numberOfTrailingZeros(candidates);
        return (y & ~lowBits(j + 1)) | (1L << j) | (value & lowBits(j));
    }

    private static long lowBits(int n) {
        return n >= 64 ? -1L : (1L << n) - 1;
    }

    public boolean isAligned(long size) {
        if (size == 0) return true;
        return ((value | mask) & (size - 1)) == 0;
    }

    public Tnum lshift(int shift) {
        return new Tnum(value << shift, mask << shift);
    }

    public Tnum rshift(int shift) {
        return new Tnum(value >>> shift, mask >>> shift);
    }

    /** Arithmetic shift right in 64 bits, or in the low 32 bits (result zero-extended) when {@code bits == 32}. */
    public Tnum arshift(int shift, int bits) {
        if (bits == 32) {
            return new Tnum(Integer.toUnsignedLong((int) value >> shift), Integer.toUnsignedLong((int) mask >> shift));
        }
        return new Tnum(value >> shift, mask >> shift);
    }

    public Tnum add(Tnum b) {
        long sumMask = mask + b.mask;
        long sumValue = value + b.value;
        // bits where adding the uncertain parts can change the carry chain become unknown
        long carries = (sumMask + sumValue) ^ sumValue;
        long unknown = carries | mask | b.mask;
        return new Tnum(sumValue & ~unknown, unknown);
    }

    public Tnum sub(Tnum b) {
        long diff = value - b.value;
        long highest = diff + mask;
        long lowest = diff - b.mask;
        long unknown = (highest ^ lowest) | mask | b.mask;
        return new Tnum(diff & ~unknown, unknown);
    }

    public Tnum neg() {
        return ZERO.sub(this);
    }

    public Tnum and(Tnum b) {
        long maybeA = value | mask;
        long maybeB = b.value | b.mask;
        long ones = value & b.value;
        return new Tnum(ones, maybeA & maybeB & ~ones);
    }

    public Tnum or(Tnum b) {
        long ones = value | b.value;
        return new Tnum(ones, (mask | b.mask) & ~ones);
    }

    public Tnum xor(Tnum b) {
        long unknown = mask | b.mask;
        return new Tnum((value ^ b.value) & ~unknown, unknown);
    }

    /**
     * Multiplication as shift-and-add over the bits of {@code this}: a known 1 adds the shifted {@code b}; an
     * unknown bit makes the running sum either itself or itself plus the shifted {@code b}, hence their union.
     * (Linux 6.18's tnum_mul; more precise than the older sum of partial uncertainties, checked live.)
     */
    public Tnum mul(Tnum b) {
        // the same steps as with add() and union(), on primitives: this runs up to 64 times per multiplication
        long accV = 0;
        long accM = 0;
        long aV = value;
        long aM = mask;
        long bV = b.value;
        long bM = b.mask;
        while (aV != 0 || aM != 0) {
            if ((aV & 1) != 0 || (aM & 1) != 0) {
                long sm = accM + bM;
                long sv = accV + bV;
                long mu = ((sm + sv) ^ sv) | accM | bM;
                long sumV = sv & ~mu;
                if ((aV & 1) != 0) {
                    accV = sumV;
                    accM = mu;
                } else {
                    long u = accM | mu | (accV ^ sumV);
                    accV = accV & ~u;
                    accM = u;
                }
            }
            aV >>>= 1;
            aM >>>= 1;
            bV <<= 1;
            bM <<= 1;
        }
        return new Tnum(accV, accM);
    }

    /** The values common to both (the kernel's tnum_intersect: known bits of either). */
    public Tnum intersect(Tnum b) {
        long unknown = mask & b.mask;
        return new Tnum((value | b.value) & ~unknown, unknown);
    }

    /** The smallest tnum holding the values of both (for joins). */
    public Tnum union(Tnum b) {
        long unknown = mask | b.mask | (value ^ b.value);
        return new Tnum(value & ~unknown, unknown);
    }

    /** Keeps the low {@code size} bytes (size 1..8). */
    public Tnum cast(int size) {
        if (size >= 8) return this;
        long keep = (1L << (size * 8)) - 1;
        return new Tnum(value & keep, mask & keep);
    }

    /** The low 32 bits, zero-extended. */
    public Tnum subreg() {
        return cast(4);
    }

    /** The high 32 bits, with the low 32 bits known zero. */
    public Tnum clearSubreg() {
        return new Tnum(value & 0xffff_ffff_0000_0000L, mask & 0xffff_ffff_0000_0000L);
    }

    /** The high 32 bits of this, the low 32 bits of {@code subreg}. */
    public Tnum withSubreg(Tnum subreg) {
        return clearSubreg().or(subreg.subreg());
    }

    /** The high 32 bits of this, the low 32 bits the constant {@code v}. */
    public Tnum withConstSubreg(int v) {
        return withSubreg(constant(Integer.toUnsignedLong(v)));
    }

    /** Byte swap of the low {@code bits} (16, 32 or 64) bits, upper bits cleared. */
    public Tnum bswap(int bits) {
        switch (bits) {
            case 16:
                return new Tnum(Short.toUnsignedLong(Short.reverseBytes((short) value)),
                        Short.toUnsignedLong(Short.reverseBytes((short) mask)));
            case 32:
                return new Tnum(Integer.toUnsignedLong(Integer.reverseBytes((int) value)),
                        Integer.toUnsignedLong(Integer.reverseBytes((int) mask)));
            case 64:
                return new Tnum(Long.reverseBytes(value), Long.reverseBytes(mask));
            default:
                throw new IllegalArgumentException("bswap width " + bits);
        }
    }

    /** The kernel's print form: a constant in decimal (up to 65535) or hex, else {@code (0x0; 0xff)}. */
    public String format() {
        if (mask == 0) return ScalarText.unsigned(value);
        return "(0x" + Long.toHexString(value) + "; 0x" + Long.toHexString(mask) + ")";
    }

    @Override
    public String toString() {
        return format();
    }
}
