package dev.ebpf4j.verifier.walk;

import dev.ebpf4j.verifier.Messages;
import dev.ebpf4j.verifier.Reject;

/** Memory given to helpers: a pointer argument and the size in the next one, or the map's key/value size. */
final class HelperMem {
    private static final long MAX_VAR_SIZ = 1L << 29;

    private HelperMem() {}

    /** {@code check_helper_mem_access}: [reg, reg + size) must be inside the region the pointer points to. */
    static void access(Walker w, int regno, Reg reg, long size, boolean zeroOk, boolean write) {
        access(w, regno, reg, size, zeroOk, write, true);
    }

    /**
     * {@code constSize}: whether the size is a known constant. A helper writing a size that is not marks the slots
     * written without the log showing them (observed live: probe_read_kernel of [0, 8] bytes into fp-8 prints only
     * R0, yet fp-8 reads back as mmmmmmmm), and the stack liveness counts such a write as a read.
     */
    static void access(Walker w, int regno, Reg reg, long size, boolean zeroOk, boolean write, boolean constSize) {
        int sz = (int) size;
        switch (reg.type) {
            case PKT: case PKT_META:
                Packet.access(w, regno, reg, reg.off, sz, zeroOk);
                return;
            case MAP_KEY:
                Bounds.region(w, regno, reg, reg.off, sz, w.map(reg.map).keySize(), zeroOk, "map key");
                return;
            case MAP_VALUE: {
                int flags = w.map(reg.map).flags();
                long at = Num.smin(reg.val) + reg.off;
                if (write && (flags & 0x80) != 0) {
                    throw Reject.acces(String.format(Messages.WRITE_MAP_FORBIDDEN, w.map(reg.map).valueSize(), at, sz));
                }
                if (!write && (flags & 0x100) != 0) {
                    throw Reject.acces(String.format(Messages.READ_MAP_FORBIDDEN, w.map(reg.map).valueSize(), at, sz));
                }
                Bounds.region(w, regno, reg, reg.off, sz, w.map(reg.map).valueSize(), zeroOk, "map value");
                Kptrs.helperAccess(w, reg, sz);
                return;
            }
            case MEM: case RINGBUF_MEM:
                Bounds.region(w, regno, reg, reg.off, sz, reg.memSize, zeroOk, "memory");
                return;
            case STACK: {
                // a map key or value of size zero (queue, stack, bloom filter maps have no key)
                if (sz == 0 && !zeroOk) throw Reject.acces("invalid zero-sized read");
                if (sz == 0) {
                    // nothing is touched, but the pointer must still point into the frame (live 6.18: fp+0 and a
                    // variable offset that may reach above the frame are refused even for zero bytes)
                    Stack.bounds(w, regno, reg, reg.off, 0, write ? " write to" : " read from");
                    return;
                }
                long minOff = Stack.bounds(w, regno, reg, reg.off, sz, write ? " write to" : " read from");
                Frame f = Stack.frameOf(w, reg);
                w.growStack(f, -minOff);
                // 6.18's stack liveness sees a helper's reads, and its writes of a variable size as reads too;
                // memory a helper fills to a constant size is neither read nor counted as a write that ends a
                // slot's life (the level-2 log shows nothing at such a call)
                if (!write || !constSize) Stack.recordAccess(w, f, reg, reg.off, sz, false);
                long maxOff = Num.isConst(reg.val) ? minOff + sz : Num.smax(reg.val) + reg.off + sz;
                for (long o = minOff; o < maxOff; o++) {
                    int slot = (int) (-o - 1);
                    int spi = slot / 8;
                    if (write) {
                        if (constSize) w.scratchSlot(f.frameNo, spi);
                        if (f.kind[slot] == Frame.SPILL) {
                            for (int j = 0; j < 8; j++) {
                                if (f.kind[spi * 8 + j] == Frame.SPILL) f.kind[spi * 8 + j] = Frame.MISC;
                            }
                            f.spilled[spi] = null;
                        }
                        f.kind[slot] = Frame.MISC;
                    }
                }
                return;
            }
            default:
                throw Reject.acces(Messages.notModelled("helper memory in a " + reg.type.logName(reg.maybeNull)));
        }
    }

    /** {@code check_mem_size_reg}: the size register's bounds, then the memory of the previous argument. */
    static void sizeArg(Walker w, CallRules.Meta meta, int regno, Reg reg, boolean zeroOk) {
        long smin = Num.smin(reg.val);
        long umin = Num.umin(reg.val);
        long umax = Num.umax(reg.val);
        meta.sizeMax = umax;
        if (smin < 0) throw Reject.acces(String.format(Messages.SIZE_MIN_NEGATIVE, regno));
        if (umin == 0 && !zeroOk) throw Reject.acces(String.format(Messages.ZERO_SIZED_READ, regno, umin, umax));
        if (Long.compareUnsigned(umax, MAX_VAR_SIZ) >= 0) throw Reject.acces(String.format(Messages.SIZE_UNBOUNDED, regno));
        if (meta.memRegno == -2) {
            // a NULL buffer is only fine for a size that is exactly zero
            if (zeroOk && umax == 0) {
                Precision.mark(w, regno);
                return;
            }
            Reg mem = w.st.reg(regno - 1);
            throw Reject.acces(String.format(Messages.ARG_TYPE, regno - 1, mem.type.logName(mem.maybeNull), "fp"));
        }
        if (meta.memRegno != regno - 1) throw Reject.acces(Messages.notModelled("a size argument without its memory"));
        Reg mem = w.st.reg(regno - 1);
        access(w, regno - 1, mem, umax, zeroOk, meta.memUninit, Num.isConst(reg.val));
        Precision.mark(w, regno); // the memory checked depends on the size's bounds
    }
}
