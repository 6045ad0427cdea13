package dev.ebpf4j.vm;

/**
 * Internet checksum arithmetic as the kernel's generic helpers define it ({@code csum_add}, {@code csum_fold},
 * {@code csum_partial} on little-endian words): ones' complement sums kept in 32 bits with end-around carry.
 */
final class Checksums {
    private Checksums() {}

    static int add(int a, int b) {
        int res = a + b;
        return res + (Integer.compareUnsigned(res, b) < 0 ? 1 : 0);
    }

    static int sub(int a, int b) { return add(a, ~b); }

    /** Folds a 32-bit sum to the 16-bit complemented checksum. */
    static int fold(int csum) {
        int s = (csum & 0xffff) + (csum >>> 16);
        s = (s & 0xffff) + (s >>> 16);
        return ~s & 0xffff;
    }

    static int add16(int a, int b) {
        int res = (a + b) & 0xffff;
        return (res + (res < (b & 0xffff) ? 1 : 0)) & 0xffff;
    }

    /** {@code csum_partial} of whole 32-bit little-endian words. */
    static int partial(byte[] b, int from, int len, int seed) {
        long s = seed & 0xffffffffL;
        for (int i = 0; i + 4 <= len; i += 4) s += Memory.get(b, from + i, 4);
        while ((s >>> 32) != 0) s = (s & 0xffffffffL) + (s >>> 32);
        return (int) s;
    }

    /** {@code csum_replace4} / {@code inet_proto_csum_replace4} on a stored (raw) 16-bit checksum. */
    static int replace4(int sum16, int from, int to) {
        return fold(add(sub(~(sum16 & 0xffff), from), to));
    }

    /** {@code csum_replace2}. */
    static int replace2(int sum16, int from, int to) {
        return ~add16(add16(~sum16 & 0xffff, ~from & 0xffff), to & 0xffff) & 0xffff;
    }

    /** {@code csum_replace_by_diff}. */
    static int replaceByDiff(int sum16, int diff) {
        return fold(add(diff, ~(sum16 & 0xffff)));
    }
}
