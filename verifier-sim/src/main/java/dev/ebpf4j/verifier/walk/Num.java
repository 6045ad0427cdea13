package dev.ebpf4j.verifier.walk;


import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.JmpOp;
import dev.ebpf4j.verifier.domain.Decision;
import dev.ebpf4j.verifier.domain.Scalar;
import dev.ebpf4j.verifier.domain.ScalarPair;

/**
 * The walk's single point of contact with the scalar domain ({@link dev.ebpf4j.verifier.domain}): every scalar
 * operation the rules need goes through here, in the opcode terms the rules use.
 */
public final class Num {
    private static final Scalar ZERO = Scalar.constant(0);

    private Num() {}

    public static Scalar known(long v) { return v == 0 ? ZERO : Scalar.constant(v); }

    public static Scalar unknown() { return Scalar.unknown(); }

    public static boolean isConst(Scalar s) { return s.isConst(); }

    public static long constValue(Scalar s) { return s.varOff().value(); }

    public static boolean same(Scalar a, Scalar b) { return a.equals(b); }

    /** Whether every value of {@code cur} is a value of {@code old} (pruning). */
    public static boolean within(Scalar old, Scalar cur) { return old.includes(cur); }

    public static long smin(Scalar s) { return s.smin(); }

    public static long smax(Scalar s) { return s.smax(); }

    public static long umin(Scalar s) { return s.umin(); }

    public static long umax(Scalar s) { return s.umax(); }

    public static long tnumValue(Scalar s) { return s.varOff().value(); }

    public static long tnumMask(Scalar s) { return s.varOff().mask(); }

    /** {@code (value; mask)} as the kernel prints a tnum. */
    public static String tnumString(Scalar s) { return s.varOff().format(); }

    private static final AluOp[] BY_NIBBLE = {AluOp.ADD, AluOp.SUB, AluOp.MUL, AluOp.DIV, AluOp.OR, AluOp.AND,
        AluOp.LSH, AluOp.RSH, AluOp.NEG, AluOp.MOD, AluOp.XOR, AluOp.MOV, AluOp.ARSH};

    /**
     * A binary or unary ALU operation on scalars. {@code op} is the opcode's high nibble (0x00 ADD .. 0xd0 END),
     * {@code off} the offset field (signed div/mod, movsx width), {@code imm} END's width, {@code toBe} END's
     * source bit. For MOV the result is {@code src} moved (sign-extended for MOVSX, zero-extended in 32 bits).
     */
    public static Scalar alu(int op, boolean is64, int off, int imm, boolean toBe, Scalar dst, Scalar src) {
        if (op == 0xd0) return dst.endian(imm, toBe || is64);
        if (op == 0x80) return dst.neg(is64);
        AluOp a;
        if (op == 0xb0 && off != 0) a = off == 8 ? AluOp.MOVSX8 : off == 16 ? AluOp.MOVSX16 : AluOp.MOVSX32;
        else if (op == 0x30 && off == 1) a = AluOp.SDIV;
        else if (op == 0x90 && off == 1) a = AluOp.SMOD;
        else a = BY_NIBBLE[op >> 4];
        return dst.alu(a, is64, src);
    }

    /** Zero-extends the low {@code bytes} bytes (a narrow load). */
    public static Scalar truncate(Scalar s, int bytes) {
        return bytes >= 8 ? s : s.truncate(bytes);
    }

    /** Sign-extends the low {@code bytes} bytes (a MEMSX load). */
    public static Scalar signExtend(Scalar s, int bytes) {
        return bytes >= 8 ? s : s.signExtend(bytes);
    }

    /** How many low bits the value may occupy. */
    public static int bitWidth(Scalar s) { return s.width(); }

    /** 1 when a conditional jump is always taken, 0 never, -1 unknown. {@code op} is the opcode's high nibble. */
    public static int branchTaken(int op, boolean is32, Scalar a, Scalar b) {
        Decision d = a.branchTaken(JmpOp.of(op), is32, b);
        return d == Decision.TRUE ? 1 : d == Decision.FALSE ? 0 : -1;
    }

    /**
     * Refines both operands of a comparison for the side where it is {@code taken}; {dst, src}. A contradictory
     * refinement (an impossible side) comes back with the kernel's reset bounds, as the kernel walks it.
     */
    public static Scalar[] refine(int op, boolean is32, Scalar a, Scalar b, boolean taken) {
        ScalarPair p = Scalar.refine(JmpOp.of(op), is32, a, b, taken);
        return new Scalar[] {p.dst(), p.src()};
    }

    /** The bounds and tnum the kernel prints inside a register's parentheses ("" when unknown). */
    public static String printRanges(Scalar s) {
        String f = s.format();
        if (!f.startsWith("scalar(")) return "";
        return f.substring(7, f.length() - 1);
    }

    /** The scalar as the log prints it, with its id. */
    public static String print(Scalar s, int id) {
        return s.format(id, false);
    }
}
