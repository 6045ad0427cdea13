package dev.ebpf4j.verifier.walk;

/**
 * The walk's single point of contact with the scalar domain: every scalar operation the rules need goes through
 * here, so the domain's own API can change without touching the rules.
 */
public final class Num {
    private Num() {}

    public static Scalar known(long v) { return new Scalar(true, v); }

    public static Scalar unknown() { return Scalar.UNKNOWN; }

    /** An unknown value of {@code bytes} bytes, zero-extended (a load). */
    public static Scalar unknownOfSize(int bytes) { return Scalar.UNKNOWN; }

    /** An unknown value of {@code bytes} bytes, sign-extended (a MEMSX load). */
    public static Scalar unknownOfSizeSigned(int bytes) { return Scalar.UNKNOWN; }

    public static boolean isConst(Scalar s) { return s.known(); }

    public static long constValue(Scalar s) { return s.value(); }

    public static boolean same(Scalar a, Scalar b) { return a.equals(b); }

    /** Whether every value of {@code cur} is a value of {@code old} (pruning). */
    public static boolean within(Scalar old, Scalar cur) {
        return !old.known() || cur.equals(old);
    }

    public static long smin(Scalar s) { return s.known() ? s.value() : Long.MIN_VALUE; }

    public static long smax(Scalar s) { return s.known() ? s.value() : Long.MAX_VALUE; }

    public static long umin(Scalar s) { return s.known() ? s.value() : 0; }

    public static long umax(Scalar s) { return s.known() ? s.value() : -1L; }

    public static long tnumValue(Scalar s) { return s.known() ? s.value() : 0; }

    public static long tnumMask(Scalar s) { return s.known() ? 0 : -1L; }

    /** {@code (value; mask)} as the kernel prints a tnum. */
    public static String tnumString(Scalar s) {
        return "(0x" + Long.toHexString(tnumValue(s)) + "; 0x" + Long.toHexString(tnumMask(s)) + ")";
    }

    /**
     * A binary or unary ALU operation on scalars. {@code op} is the opcode's high nibble (0x00 ADD .. 0xd0 END),
     * {@code off} the offset field (signed div/mod, movsx width), {@code imm} for END's width.
     */
    public static Scalar alu(int op, boolean is64, int off, int imm, boolean toBe, Scalar dst, Scalar src) {
        if (op == 0xb0) { // MOV (also MOVSX)
            if (!src.known()) return Scalar.UNKNOWN;
            long v = src.value();
            if (off == 8) v = (byte) v;
            else if (off == 16) v = (short) v;
            else if (off == 32) v = (int) v;
            return is64 ? known(v) : known(v & 0xffffffffL);
        }
        if (!dst.known() || (op != 0x80 && op != 0xd0 && !src.known())) return Scalar.UNKNOWN;
        long a = dst.value();
        long b = src.known() ? src.value() : 0;
        long r;
        if (is64) {
            switch (op) {
                case 0x00: r = a + b; break;
                case 0x10: r = a - b; break;
                case 0x20: r = a * b; break;
                case 0x30: r = b == 0 ? 0 : off == 1 ? (b == -1 ? -a : a / b) : Long.divideUnsigned(a, b); break;
                case 0x40: r = a | b; break;
                case 0x50: r = a & b; break;
                case 0x60: r = a << (b & 63); break;
                case 0x70: r = a >>> (b & 63); break;
                case 0x80: r = -a; break;
                case 0x90: r = b == 0 ? a : off == 1 ? (b == -1 ? 0 : a % b) : Long.remainderUnsigned(a, b); break;
                case 0xa0: r = a ^ b; break;
                case 0xc0: r = a >> (b & 63); break;
                case 0xd0: r = swap(a, imm, true); break;
                default: return Scalar.UNKNOWN;
            }
            return known(r);
        }
        int x = (int) a;
        int y = (int) b;
        int q;
        switch (op) {
            case 0x00: q = x + y; break;
            case 0x10: q = x - y; break;
            case 0x20: q = x * y; break;
            case 0x30: q = y == 0 ? 0 : off == 1 ? (y == -1 ? -x : x / y) : Integer.divideUnsigned(x, y); break;
            case 0x40: q = x | y; break;
            case 0x50: q = x & y; break;
            case 0x60: q = x << (y & 31); break;
            case 0x70: q = x >>> (y & 31); break;
            case 0x80: q = -x; break;
            case 0x90: q = y == 0 ? x : off == 1 ? (y == -1 ? 0 : x % y) : Integer.remainderUnsigned(x, y); break;
            case 0xa0: q = x ^ y; break;
            case 0xc0: q = x >> (y & 31); break;
            case 0xd0: return known(swap(a, imm, toBe));
            default: return Scalar.UNKNOWN;
        }
        return known(q & 0xffffffffL);
    }

    private static long swap(long a, int width, boolean swap) {
        switch (width) {
            case 16: return (swap ? Short.reverseBytes((short) a) : (short) a) & 0xffffL;
            case 32: return (swap ? Integer.reverseBytes((int) a) : (int) a) & 0xffffffffL;
            default: return swap ? Long.reverseBytes(a) : a;
        }
    }

    /** Zero-extends the low {@code bytes} bytes (a narrow load or a 32-bit result). */
    public static Scalar truncate(Scalar s, int bytes) {
        if (!s.known() || bytes >= 8) return s;
        return known(s.value() & ((1L << (bytes * 8)) - 1));
    }

    /** Sign-extends the low {@code bytes} bytes (a MEMSX load). */
    public static Scalar signExtend(Scalar s, int bytes) {
        if (!s.known() || bytes >= 8) return s;
        int shift = 64 - bytes * 8;
        return known((s.value() << shift) >> shift);
    }

    /** How many low bits the value may occupy (64 unless known to fit fewer). */
    public static int bitWidth(Scalar s) {
        if (s.known()) return 64 - Long.numberOfLeadingZeros(s.value());
        return 64;
    }

    /** Adds a constant (pointer offsets). */
    public static Scalar addConst(Scalar s, long c) {
        return s.known() ? known(s.value() + c) : s;
    }

    /**
     * Whether a conditional jump is taken: 1 always, 0 never, -1 unknown. {@code op} is the opcode's high nibble.
     */
    public static int branchTaken(int op, boolean is32, Scalar a, Scalar b) {
        if (!a.known() || !b.known()) return -1;
        return compare(op, is32, a.value(), b.value()) ? 1 : 0;
    }

    static boolean compare(int op, boolean is32, long a, long b) {
        if (is32) {
            a = (int) a;
            b = (int) b;
            if (op == 0x20 || op == 0x30 || op == 0xa0 || op == 0xb0) {
                a &= 0xffffffffL;
                b &= 0xffffffffL;
            }
        }
        switch (op) {
            case 0x10: return a == b;
            case 0x50: return a != b;
            case 0x20: return Long.compareUnsigned(a, b) > 0;
            case 0x30: return Long.compareUnsigned(a, b) >= 0;
            case 0xa0: return Long.compareUnsigned(a, b) < 0;
            case 0xb0: return Long.compareUnsigned(a, b) <= 0;
            case 0x60: return a > b;
            case 0x70: return a >= b;
            case 0xc0: return a < b;
            case 0xd0: return a <= b;
            case 0x40: return (a & b) != 0;
            default: throw new IllegalArgumentException("op " + op);
        }
    }

    /**
     * Refines both operands of a comparison for the branch where it is {@code taken}. Returns {dst, src} or null
     * when that branch is impossible.
     */
    public static Scalar[] refine(int op, boolean is32, Scalar a, Scalar b, boolean taken) {
        boolean eq = (op == 0x10 && taken) || (op == 0x50 && !taken);
        if (eq && !is32) {
            if (a.known() && !b.known()) return new Scalar[] {a, a};
            if (b.known() && !a.known()) return new Scalar[] {b, b};
        }
        return new Scalar[] {a, b};
    }

    /** The kernel's printing of a scalar register: {@code 5}, {@code 0x70081}, {@code scalar(...)}. */
    public static String print(Scalar s) {
        if (s.known()) {
            long v = s.value();
            if (v >= -32768 && v <= 65535) return Long.toString(v);
            return "0x" + Long.toHexString(v);
        }
        return "scalar()";
    }

    /** The kernel's {@code print_scalar_ranges} plus {@code var_off}, without parentheses; "" when unknown. */
    public static String printRanges(Scalar s) {
        return "";
    }

    /** The bounds part inside a pointer's parentheses ({@code smin=...,var_off=...}), "" when the offset is 0. */
    public static String printPointerBounds(Scalar s) {
        return s.known() && s.value() == 0 ? "" : "var_off=" + tnumString(s);
    }
}
