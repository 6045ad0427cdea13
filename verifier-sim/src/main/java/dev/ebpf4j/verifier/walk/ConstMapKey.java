package dev.ebpf4j.verifier.walk;

import dev.ebpf4j.asm.MapSpec;
import dev.ebpf4j.asm.uapi.MapType;

/**
 * Linux 6.18 drops the null check of an array-map lookup whose key is a constant it can read off the stack
 * and is below max_entries: the element always exists. Observed on the live kernel (privileged loads):
 * <ul>
 *   <li>the key pointer points into the stack at a fixed offset;</li>
 *   <li>the key is 0 when the bytes from its first slot byte down to the start of its 8-byte slot (in the
 *       verifier's byte order, which is the key's own bytes and the higher-addressed rest of the slot) are
 *       zero-marked for at least the key's size ({@code *(u32 *)(r10 -4) = 0} counts, so do four byte stores
 *       of 0);</li>
 *   <li>otherwise the slot must hold a spilled constant scalar whose spilled bytes counted the same way are
 *       exactly the key's size: a 4-byte store of a constant at {@code r10 -8} counts, an 8-byte spill read
 *       as a key at {@code r10 -8} does not, but read at {@code r10 -4} it does;</li>
 *   <li>only ARRAY and PERCPU_ARRAY maps.</li>
 * </ul>
 */
final class ConstMapKey {
    private ConstMapKey() {}

    /** The constant key {@code reg} points to, or -1 when the verifier cannot tell it. */
    static long of(Walker w, Reg reg, int keySize) {
        if (reg.type != RegType.STACK || reg.maybeNull || !Num.isConst(reg.val)) return -1;
        long addr = reg.off + Num.constValue(reg.val);
        if (addr >= 0 || addr < -Frame.STACK_SIZE) return -1;
        Frame f = Stack.frameOf(w, reg);
        int slot = (int) (-addr - 1);
        int spi = slot / 8;
        int top = slot % 8;
        int base = spi * 8;
        int zeros = 0;
        for (int i = top; i >= 0 && f.kind[base + i] == Frame.ZERO; i--) zeros++;
        if (zeros >= keySize) return 0;
        Reg spilled = f.spilled[spi];
        if (f.kind[base + 7] != Frame.SPILL || spilled == null || spilled.type != RegType.SCALAR) return -1;
        int spills = 0;
        for (int i = top; i >= 0 && f.kind[base + i] == Frame.SPILL; i--) spills++;
        if (spills != keySize || !spilled.isConst()) return -1;
        Precision.markSlot(w, f.frameNo, spi); // the lookup result depends on the exact key
        long v = spilled.constValue();
        return v < 0 ? -1 : v;
    }

    /** Whether a lookup in {@code m} with key {@code key} (or -1) can never return null. */
    static boolean neverNull(MapSpec m, long key) {
        if (key < 0) return false;
        if (m.type() != MapType.ARRAY && m.type() != MapType.PERCPU_ARRAY) return false;
        return key < Integer.toUnsignedLong(m.maxEntries());
    }
}
