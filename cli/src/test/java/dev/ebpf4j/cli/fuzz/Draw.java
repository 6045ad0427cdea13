package dev.ebpf4j.cli.fuzz;

import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

import java.util.List;

/**
 * Choices drawn from QuickTheories' randomness. Every draw shrinks towards its simplest answer (the low end of a
 * range, the first of a list, "no" for a chance), so a failing program shrinks to fewer and plainer fragments.
 */
final class Draw {
    private final RandomnessSource in;

    Draw(RandomnessSource in) {
        this.in = in;
    }

    /** A value in [lo, hi], shrinking to lo. */
    int between(int lo, int hi) {
        return (int) in.next(Constraint.between(lo, hi).withShrinkPoint(lo));
    }

    /** A value in [lo, hi], shrinking to {@code target}. */
    int between(int lo, int hi, int target) {
        return (int) in.next(Constraint.between(lo, hi).withShrinkPoint(target));
    }

    /** An index below n, shrinking to 0. */
    int index(int n) {
        return between(0, n - 1);
    }

    /** True with the given percentage; shrinks to false. */
    boolean chance(int percent) {
        return between(0, 99) >= 100 - percent;
    }

    <T> T pick(List<T> options) {
        return options.get(index(options.size()));
    }

    @SafeVarargs
    final <T> T pick(T... options) {
        return options[index(options.length)];
    }

    /** An index chosen by weight, shrinking to 0. */
    int weighted(int... weights) {
        int total = 0;
        for (int w : weights) total += w;
        int v = between(0, total - 1);
        for (int i = 0; i < weights.length; i++) {
            if (v < weights[i]) return i;
            v -= weights[i];
        }
        return weights.length - 1;
    }

    /** Any 32-bit value, shrinking to 0. */
    int anyInt() {
        return (int) in.next(Constraint.between(Integer.MIN_VALUE, Integer.MAX_VALUE).withShrinkPoint(0));
    }
}
