package dev.ebpf4j.verifier.domain;

/**
 * The verifier log's spelling of scalars (Linux 6.18 {@code print_reg_state}), and reading it back.
 *
 * <p>Rules (each checked against live logs): a known value prints as a number; numbers print in decimal when small
 * (signed values in [-32768, 32767], unsigned ones up to 65535), else in hex of their 64-bit (or, for the 32-bit
 * signed bounds, 32-bit) pattern. Otherwise {@code scalar(...)} lists smin, smax, umin, umax, smin32, smax32,
 * umin32, umax32, each left out at its default; a bound equal to a later one of the same kind (min with min, max
 * with max) absorbs it as {@code smin=umin=1}, never mixing a negative with a non-negative reading; then
 * {@code var_off=(value; mask)} unless nothing is known of the bits.
 */
public final class ScalarText {
    private static final String[] NAMES = {"smin", "smax", "umin", "umax", "smin32", "smax32", "umin32", "umax32"};

    private ScalarText() {}

    static boolean isSignedDecimal(long v) {
        return v >= Short.MIN_VALUE && v <= Short.MAX_VALUE;
    }

    /** A signed number as the log prints it: decimal if small, else {@code 0x} and the 64-bit pattern. */
    public static String signed(long v) {
        return isSignedDecimal(v) ? Long.toString(v) : "0x" + Long.toHexString(v);
    }

    /** An unsigned number as the log prints it: decimal up to 65535, else hex. */
    public static String unsigned(long v) {
        return Long.compareUnsigned(v, 0xffff) <= 0 ? Long.toString(v) : "0x" + Long.toHexString(v);
    }

    static String format(Scalar s, int id, boolean precise) {
        return format(s, id == 0 ? null : Integer.toString(id), precise);
    }

    /**
     * The log form with an id text such as {@code "2"} or {@code "2+8"} (a linked register's offset), or null for
     * none; the id is not shown for known values, as in the kernel.
     */
    public static String format(Scalar s, String id, boolean precise) {
        StringBuilder b = new StringBuilder(64);
        if (precise) b.append('P');
        if (s.varOff().isConst()) {
            return b.append(signed(s.varOff().value())).toString();
        }
        b.append("scalar(");
        String sep = "";
        if (id != null && !id.isEmpty()) {
            b.append("id=").append(id);
            sep = ",";
        }
        appendFields(b, s, sep);
        return b.append(')').toString();
    }

    /**
     * The bounds and var_off fields alone, comma-separated ({@code smin=0,umax=0x7fffffffffffffff,var_off=(...)}),
     * possibly empty: how a pointer with a variable offset prints them ({@code map_value(map=m,ks=4,vs=8,<fields>)}).
     * Meant for a non-constant offset (the kernel prints a constant one as {@code imm=} instead).
     */
    public static String fields(Scalar s) {
        StringBuilder b = new StringBuilder(64);
        appendFields(b, s, "");
        return b.toString();
    }

    private static void appendFields(StringBuilder b, Scalar s, String sep) {
        long[] val = {
            s.smin(), s.smax(), s.umin(), s.umax(),
            isSignedDecimal(s.s32min()) ? s.s32min() : Integer.toUnsignedLong(s.s32min()),
            isSignedDecimal(s.s32max()) ? s.s32max() : Integer.toUnsignedLong(s.s32max()),
            Integer.toUnsignedLong(s.u32min()), Integer.toUnsignedLong(s.u32max())};
        boolean[] omit = {
            s.smin() == Long.MIN_VALUE, s.smax() == Long.MAX_VALUE, s.umin() == 0, s.umax() == -1L,
            s.s32min() == Integer.MIN_VALUE, s.s32max() == Integer.MAX_VALUE, s.u32min() == 0, s.u32max() == -1};
        for (int i = 0; i < 8; i++) {
            if (omit[i]) continue;
            boolean negative = NAMES[i].charAt(0) == 's' && val[i] < 0;
            b.append(sep).append(NAMES[i]).append('=');
            sep = ",";
            for (int j = i + 2; j < 8; j += 2) {
                if (omit[j] || val[j] != val[i]) continue;
                boolean negativeJ = NAMES[j].charAt(0) == 's' && val[j] < 0;
                if (negativeJ != negative) continue;
                omit[j] = true;
                b.append(NAMES[j]).append('=');
            }
            b.append(NAMES[i].charAt(0) == 's' ? signed(val[i]) : unsigned(val[i]));
        }
        if (!s.varOff().isUnknown()) {
            b.append(sep).append("var_off=").append(s.varOff().format());
        }
    }

    /**
     * Reads a scalar as the log prints it ({@code 5}, {@code P-1}, {@code 0xffff}, {@code scalar()},
     * {@code scalar(id=1,smin=umin=1,var_off=(0x0; 0xff))}); ids and the precise mark are dropped.
     *
     * @throws IllegalArgumentException naming the offending part when the text is not a scalar
     */
    public static Scalar parse(String text) {
        String t = text.trim();
        if (t.startsWith("P")) t = t.substring(1);
        if (!t.startsWith("scalar(")) {
            return Scalar.constant(number(t, text));
        }
        if (!t.endsWith(")")) throw new IllegalArgumentException("scalar without closing parenthesis: " + text);
        String body = t.substring("scalar(".length(), t.length() - 1);
        long smin = Long.MIN_VALUE, smax = Long.MAX_VALUE, umin = 0, umax = -1L;
        int s32min = Integer.MIN_VALUE, s32max = Integer.MAX_VALUE, u32min = 0, u32max = -1;
        Tnum varOff = Tnum.UNKNOWN;
        if (!body.isEmpty()) {
            for (String field : body.split(",")) {
                if (field.startsWith("var_off=")) {
                    varOff = tnum(field.substring("var_off=".length()), text);
                    continue;
                }
                String[] parts = field.split("=");
                if (parts.length < 2) throw new IllegalArgumentException("bad field \"" + field + "\" in " + text);
                if (parts[0].equals("id")) continue;
                long v = number(parts[parts.length - 1], text);
                for (int i = 0; i < parts.length - 1; i++) {
                    switch (parts[i]) {
                        case "smin": smin = v; break;
                        case "smax": smax = v; break;
                        case "umin": umin = v; break;
                        case "umax": umax = v; break;
                        case "smin32": s32min = (int) v; break;
                        case "smax32": s32max = (int) v; break;
                        case "umin32": u32min = (int) v; break;
                        case "umax32": u32max = (int) v; break;
                        default: throw new IllegalArgumentException("unknown bound \"" + parts[i] + "\" in " + text);
                    }
                }
            }
        }
        return new Scalar(varOff, smin, smax, umin, umax, s32min, s32max, u32min, u32max);
    }

    private static Tnum tnum(String s, String whole) {
        if (!s.startsWith("(") || !s.endsWith(")") || !s.contains("; ")) {
            if (!s.startsWith("(")) return Tnum.constant(number(s, whole));
            throw new IllegalArgumentException("bad var_off \"" + s + "\" in " + whole);
        }
        String[] vm = s.substring(1, s.length() - 1).split("; ");
        long value = number(vm[0], whole);
        long mask = number(vm[1], whole);
        if ((value & mask) != 0) throw new IllegalArgumentException("var_off value and mask overlap in " + whole);
        return new Tnum(value, mask);
    }

    private static long number(String s, String whole) {
        try {
            if (s.startsWith("0x")) return Long.parseUnsignedLong(s.substring(2), 16);
            if (s.startsWith("-0x")) return -Long.parseUnsignedLong(s.substring(3), 16);
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad number \"" + s + "\" in " + whole);
        }
    }
}
