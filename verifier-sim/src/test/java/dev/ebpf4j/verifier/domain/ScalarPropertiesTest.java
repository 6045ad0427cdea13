package dev.ebpf4j.verifier.domain;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.JmpOp;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import java.util.Arrays;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * Soundness: whatever concrete operands are drawn from two abstract values, the concrete result lies in the
 * abstract result (its tnum and all eight bounds), and a branch refinement never loses a value that takes that
 * branch. The abstract values come from {@link Member}, so each carries a concrete value it must contain.
 */
class ScalarPropertiesTest {
    private static final int EXAMPLES = 40_000;
    private static final Gen<Member> MEMBERS = longs().all().map(Member::of);
    private static final Gen<AluOp> ALU_OPS = arbitrary().pick(Arrays.stream(AluOp.values())
            .filter(op -> op != AluOp.END).toArray(AluOp[]::new));
    private static final Gen<JmpOp> CONDITIONS = arbitrary().pick(Arrays.stream(JmpOp.values())
            .filter(JmpOp::isConditional).toArray(JmpOp[]::new));
    /** Immediates: either a random 32-bit value or a small one (shift amounts, masks). */
    private static final Gen<Integer> IMMEDIATES = integers().all().mix(integers().between(-70, 70), 40);

    @Test
    void membersAreInTheirAbstractValues() {
        qt().withExamples(EXAMPLES).forAll(MEMBERS).checkAssert(m -> {
            assertTrue(m.abs().contains(m.value()), () -> m.abs() + " lacks " + Long.toHexString(m.value()));
            assertNull(m.abs().violation(), () -> m.abs().toString());
        });
    }

    private static void assertAluSound(Member a, AluOp op, boolean alu64, Scalar src, long y) {
        Scalar dst = a.abs();
        if ((op == AluOp.AND || op == AluOp.OR) && src.isConst()) {
            // the kernel walks the -1 and the 0 cases separately; the concrete value is in one of them
            Optional<Scalar[]> split = dst.splitMinusOneOrZero();
            if (split.isPresent()) {
                dst = split.get()[0].contains(a.value()) ? split.get()[0] : split.get()[1];
                assertTrue(dst.contains(a.value()), "split lost " + a.value());
            }
        }
        Scalar result = dst.alu(op, alu64, src);
        long expected = Concrete.alu(op, alu64, a.value(), y);
        Scalar in = dst;
        assertTrue(result.contains(expected), () -> String.format("%s %s %s: %s (x=%#x) op %s (y=%#x) gave %s, lacks %#x",
                op, alu64 ? "64" : "32", "", in, a.value(), src, y, result, expected));
    }

    @Test
    void everyAluOperationIsSoundWithRegisterOperands() {
        qt().withExamples(EXAMPLES * 4).forAll(MEMBERS, MEMBERS, ALU_OPS, booleans().all()).checkAssert((a, b, op, alu64) -> {
            if (op == AluOp.MOVSX32 && !alu64) return; // no such instruction
            assertAluSound(a, op, alu64, b.abs(), b.value());
        });
    }

    @Test
    void everyAluOperationIsSoundWithImmediates() {
        qt().withExamples(EXAMPLES * 4).forAll(MEMBERS, IMMEDIATES, ALU_OPS, booleans().all()).checkAssert((a, imm, op, alu64) -> {
            if (op == AluOp.MOVSX8 || op == AluOp.MOVSX16 || op == AluOp.MOVSX32) return; // register forms only
            assertAluSound(a, op, alu64, Scalar.constant(imm), imm);
        });
    }

    @Test
    void byteSwapsTruncationsAndExtensionsAreSound() {
        Gen<Integer> widths = arbitrary().pick(16, 32, 64);
        qt().withExamples(EXAMPLES).forAll(MEMBERS, widths, booleans().all()).checkAssert((a, bits, swap) -> {
            long expected = Concrete.endian(a.value(), bits, swap);
            Scalar r = a.abs().endian(bits, swap);
            assertTrue(r.contains(expected), () -> a.abs() + " end" + bits + (swap ? " swap" : "") + " -> " + r);
            int bytes = bits / 8;
            long keep = bytes == 8 ? -1L : (1L << bits) - 1;
            assertTrue(a.abs().truncate(bytes).contains(a.value() & keep));
            int shift = 64 - bits;
            assertTrue(a.abs().signExtend(bytes).contains((a.value() << shift) >> shift));
            assertTrue(a.abs().zeroExtend32().contains(a.value() & 0xffffffffL));
        });
    }

    @Test
    void sequencesOfOperationsStaySound() {
        // longer chains reach states (wrapped ranges, partial tnums) a single step from a Member rarely does
        qt().withExamples(EXAMPLES / 4).forAll(MEMBERS, longs().all()).checkAssert((a, seed) -> {
            java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
            AluOp[] ops = {AluOp.ADD, AluOp.SUB, AluOp.MUL, AluOp.AND, AluOp.OR, AluOp.XOR, AluOp.LSH, AluOp.RSH,
                AluOp.ARSH, AluOp.NEG};
            Scalar s = a.abs();
            long x = a.value();
            for (int i = 0; i < 8; i++) {
                AluOp op = ops[r.nextInt(ops.length)];
                boolean alu64 = r.nextBoolean();
                long y = op == AluOp.LSH || op == AluOp.RSH || op == AluOp.ARSH ? r.nextInt(alu64 ? 64 : 32)
                        : Member.interesting(r);
                Scalar src = Scalar.constant((int) y);
                y = (int) y;
                if ((op == AluOp.AND || op == AluOp.OR)) {
                    Optional<Scalar[]> split = s.splitMinusOneOrZero();
                    if (split.isPresent()) s = split.get()[0].contains(x) ? split.get()[0] : split.get()[1];
                }
                Scalar before = s;
                s = s.alu(op, alu64, src);
                x = Concrete.alu(op, alu64, x, y);
                long v = x;
                Scalar after = s;
                assertTrue(s.contains(x), () -> before + " " + op + " " + src + " -> " + after + " lacks " + v);
                // a refinement the concrete value satisfies keeps it too
                JmpOp cond = JmpOp.values()[1 + r.nextInt(6)];
                if (!cond.isConditional()) continue;
                long k = Member.interesting(r);
                boolean jmp32 = r.nextBoolean();
                boolean outcome = Concrete.cond(cond, jmp32, x, k);
                ScalarPair p = Scalar.refine(cond, jmp32, s, Scalar.constant(k), outcome);
                assertTrue(p.consistent() && p.dst().contains(x), () -> after + " " + cond + " " + k + " -> " + p);
                s = p.dst();
            }
        });
    }

    private static void assertBranchSound(Member a, JmpOp op, boolean jmp32, Scalar src, long y) {
        boolean outcome = Concrete.cond(op, jmp32, a.value(), y);
        Decision d = a.abs().branchTaken(op, jmp32, src);
        assertNotEquals(outcome ? Decision.FALSE : Decision.TRUE, d,
                () -> a.abs() + " " + op + (jmp32 ? "32 " : " ") + src + " decided " + d + " but x=" + a.value() + " y=" + y);
        ScalarPair p = Scalar.refine(op, jmp32, a.abs(), src, outcome);
        String where = a.abs() + " " + op + (jmp32 ? "32 " : " ") + src + " (" + outcome + ") x=" + a.value() + " y=" + y
                + " -> " + p;
        assertTrue(p.consistent(), where);
        assertTrue(p.dst().contains(a.value()), where);
        assertTrue(p.src().contains(y), where);
    }

    @Test
    void branchRefinementKeepsEveryValueThatTakesTheBranchRegisterForm() {
        qt().withExamples(EXAMPLES * 4).forAll(MEMBERS, MEMBERS, CONDITIONS, booleans().all()).checkAssert((a, b, op, jmp32) ->
                assertBranchSound(a, op, jmp32, b.abs(), b.value()));
    }

    @Test
    void branchRefinementKeepsEveryValueThatTakesTheBranchImmediateForm() {
        qt().withExamples(EXAMPLES * 4).forAll(MEMBERS, IMMEDIATES, CONDITIONS, booleans().all()).checkAssert((a, imm, op, jmp32) ->
                assertBranchSound(a, op, jmp32, Scalar.constant(imm), imm));
    }

    @Test
    void tnumOperationsAreSound() {
        Gen<Long> values = longs().all();
        qt().withExamples(EXAMPLES).forAll(values, values, values, values).checkAssert((x, y, m1, m2) -> {
            Tnum a = new Tnum(x & ~m1, m1);
            Tnum b = new Tnum(y & ~m2, m2);
            long cx = x;
            long cy = y;
            assertTrue(a.add(b).contains(cx + cy));
            assertTrue(a.sub(b).contains(cx - cy));
            assertTrue(a.mul(b).contains(cx * cy));
            assertTrue(a.and(b).contains(cx & cy));
            assertTrue(a.or(b).contains(cx | cy));
            assertTrue(a.xor(b).contains(cx ^ cy));
            assertTrue(a.neg().contains(-cx));
            assertTrue(a.union(b).contains(cx) && a.union(b).contains(cy));
            assertTrue(a.in(a.intersect(a)));
            int s = (int) (cy & 63);
            assertTrue(a.lshift(s).contains(cx << s));
            assertTrue(a.rshift(s).contains(cx >>> s));
            assertTrue(a.arshift(s, 64).contains(cx >> s));
            assertTrue(a.arshift(s & 31, 32).contains(Integer.toUnsignedLong((int) cx >> (s & 31))));
        });
    }

    @Test
    void nextIsTheSmallestLargerMember() {
        qt().withExamples(EXAMPLES).forAll(longs().all(), longs().between(0, 0xfff), longs().between(0, 0xfff)).checkAssert((v, m, z) -> {
            Tnum t = new Tnum(v & ~m & 0xfff, m);
            long expected = t.umax();
            if (z < t.umin()) {
                expected = t.umin();
            } else {
                for (long c = z + 1; c <= t.umax(); c++) {
                    if (t.contains(c)) {
                        expected = c;
                        break;
                    }
                }
            }
            assertEquals(expected, t.next(z), () -> t + " next(" + z + ")");
        });
    }
}
