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
            case LOAD_ACQ: case STORE_REL:
                throw Reject.inval(Messages.notModelled("load-acquire/store-release"));
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
        if (d.type == RegType.CTX || d.type.isPacket() || d.type == RegType.FLOW_KEYS || d.type == RegType.SOCK
                || d.type == RegType.SOCK_COMMON || d.type == RegType.TCP_SOCK || d.type == RegType.XDP_SOCK) {
            throw Reject.acces(String.format(Messages.ATOMIC_INTO, dst, d.type.logName(d.maybeNull)));
        }
        int load = -1;
        if ((imm & FETCH) != 0) {
            load = imm == CMPXCHG ? 0 : src;
            w.dstReg(load);
        }
        MemoryRules.access(w, dst, off, size, MemoryRules.READ, -1, true, false);
        if (load >= 0) {
            MemoryRules.access(w, dst, off, size, MemoryRules.READ, load, true, false);
        }
        MemoryRules.access(w, dst, off, size, MemoryRules.WRITE, -1, true, false);
    }
}
