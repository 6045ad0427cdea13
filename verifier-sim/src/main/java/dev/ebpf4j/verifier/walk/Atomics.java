package dev.ebpf4j.verifier.walk;

import dev.ebpf4j.asm.Slots;
import dev.ebpf4j.verifier.Messages;
import dev.ebpf4j.verifier.Reject;

/** BPF_ATOMIC: the operation list, operand sizes, where atomics may not go, and the fetched value. */
final class Atomics {
    private static final int FETCH = 0x01;
    private static final int XCHG = 0xe1;
    private static final int CMPXCHG = 0xf1;
    private static final int LOAD_ACQ = 0x100;
    private static final int STORE_REL = 0x110;

    private Atomics() {}

    static void check(Walker w, long s) {
        int imm = Slots.imm(s);
        int size = MemoryRules.size(s);
        switch (imm) {
            case 0x00: case 0x01: case 0x40: case 0x41: case 0x50: case 0x51: case 0xa0: case 0xa1:
            case XCHG: case CMPXCHG:
                break;
            case LOAD_ACQ:
                loadAcquire(w, s);
                return;
            case STORE_REL:
                storeRelease(w, s);
                return;
            default:
                throw Reject.inval(String.format(Messages.INVALID_ATOMIC, imm));
        }
        if (size != 4 && size != 8) throw Reject.inval(Messages.INVALID_ATOMIC_SIZE);
        int src = Slots.src(s);
        int dst = Slots.dst(s);
        int off = Slots.offset(s);
        w.srcReg(src);
        Reg d = w.srcReg(dst);
        if (imm == CMPXCHG) w.srcReg(0);
        if (notForAtomics(d.type)) {
            throw Reject.acces(String.format(Messages.ATOMIC_INTO, dst, BtfPtr.typeName(d)));
        }
        int load = -1;
        if ((imm & FETCH) != 0) {
            load = imm == CMPXCHG ? 0 : src;
            // the register the old value goes to is written first (unknown from here on): when it is also the
            // pointer, the accesses below see a scalar (live 6.18)
            w.dstReg(load).setUnknown();
        }
        MemoryRules.access(w, dst, off, size, MemoryRules.READ, -1, true, false);
        if (load >= 0) {
            MemoryRules.access(w, dst, off, size, MemoryRules.READ, load, true, false);
        }
        MemoryRules.access(w, dst, off, size, MemoryRules.WRITE, -1, true, false);
    }

    /** Pointer types no atomic may go through. */
    private static boolean notForAtomics(RegType t) {
        return t == RegType.CTX || t.isPacket() || t == RegType.FLOW_KEYS || t == RegType.SOCK
                || t == RegType.SOCK_COMMON || t == RegType.TCP_SOCK || t == RegType.XDP_SOCK;
    }

    /**
     * {@code dst = load_acquire((size *)(src + off))}: any size, checked as a load (zero extension below 8 bytes)
     * with strict alignment; the live kernel checks the access first and refuses the pointer type after it
     * (an out-of-bounds packet read says so before "loads from R2 pkt is not allowed").
     */
    private static void loadAcquire(Walker w, long s) {
        int base = Slots.src(s);
        int dst = Slots.dst(s);
        Reg b = w.srcReg(base);
        w.dstReg(dst);
        RegType baseType = b.type;
        boolean maybeNull = b.maybeNull;
        MemoryRules.access(w, base, Slots.offset(s), MemoryRules.size(s), MemoryRules.READ, dst, true, false);
        if (notForAtomics(baseType)) {
            throw Reject.acces(String.format(Messages.ATOMIC_LOADS_FROM, base, baseType.logName(maybeNull)));
        }
        PtrTypes.save(w, baseType);
    }

    /** {@code store_release((size *)(dst + off), src)}: a store, strictly aligned; the same order as the load. */
    private static void storeRelease(Walker w, long s) {
        int base = Slots.dst(s);
        int src = Slots.src(s);
        w.srcReg(src);
        Reg b = w.srcReg(base);
        RegType baseType = b.type;
        boolean maybeNull = b.maybeNull;
        MemoryRules.access(w, base, Slots.offset(s), MemoryRules.size(s), MemoryRules.WRITE, src, true, false);
        if (notForAtomics(baseType)) {
            throw Reject.acces(String.format(Messages.ATOMIC_INTO, base, baseType.logName(maybeNull)));
        }
        PtrTypes.save(w, baseType);
    }
}
