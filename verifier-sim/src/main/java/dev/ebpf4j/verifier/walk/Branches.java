package dev.ebpf4j.verifier.walk;

import dev.ebpf4j.verifier.domain.Scalar;

/**
 * Deciding and refining conditional jumps: scalar comparisons through the scalar domain, pointer-against-zero
 * tests of pointers that cannot be null, packet-pointer comparisons that prove bytes readable (or the pointer past
 * pkt_end, which decides later comparisons).
 */
final class Branches {
    private static final int MAX_PACKET_OFF = 0xffff;
    /** Range of a packet pointer proven to be at least pkt_end (printed as its 64-bit pattern). */
    static final int AT_PKT_END = -1;
    /** Range of a packet pointer proven to be beyond pkt_end. */
    static final int BEYOND_PKT_END = -2;

    private Branches() {}

    /** 1 when the jump is always taken, 0 when never, -1 when it depends. */
    static int taken(Reg d, Reg s, int op, boolean jmp32) {
        if (d.type.isPacketAny() && s.type.isPacketAny() && !jmp32) return pktTaken(d, s, op);
        if (d.isPointer() || s.isPointer()) {
            Reg ptr = d;
            Reg val = s;
            if (!val.isConst()) {
                ptr = s;
                val = d;
            }
            if (!val.isConst()) return -1;
            if (!notNull(ptr)) return -1;
            // the low 32 bits of a valid pointer may well be zero: a 32-bit test of one decides nothing (live 6.18)
            if (jmp32) return -1;
            long v = jmp32 ? (int) val.constValue() : val.constValue();
            if (v != 0) return -1;
            if (op == 0x10) return 0;
            if (op == 0x50) return 1;
            return -1;
        }
        return Num.branchTaken(op, jmp32, d.val, s.val);
    }

    /**
     * A packet pointer already known to lie at or beyond pkt_end (negative range, set by an earlier comparison)
     * decides a new comparison with pkt_end: beyond decides {@code >} and {@code <=}, at-or-beyond decides
     * {@code >=} and {@code <}. Nothing else is decided between packet pointers.
     */
    private static int pktTaken(Reg d, Reg s, int op) {
        Reg pkt;
        if (s.type == RegType.PKT_END) {
            pkt = d;
        } else if (d.type == RegType.PKT_END) {
            pkt = s;
            op = flip(op);
        } else {
            return -1;
        }
        if (pkt.range >= 0) return -1;
        switch (op) {
            case 0x20: case 0xb0: // > and <=
                if (pkt.range == BEYOND_PKT_END) return op == 0x20 ? 1 : 0;
                return -1;
            case 0x30: case 0xa0: // >= and <
                return op == 0x30 ? 1 : 0;
            default:
                return -1;
        }
    }

    /** The same comparison with its operands swapped. */
    private static int flip(int op) {
        switch (op) {
            case 0x20: return 0xa0;
            case 0xa0: return 0x20;
            case 0x30: return 0xb0;
            case 0xb0: return 0x30;
            case 0x60: return 0xc0;
            case 0xc0: return 0x60;
            case 0x70: return 0xd0;
            case 0xd0: return 0x70;
            default: return op;
        }
    }

    static boolean notNull(Reg r) {
        if (r.maybeNull) return false;
        // a non-NULL base plus an offset that may be huge can wrap to zero
        if (Num.smin(r.val) <= -Bounds.MAX_VAR_OFF || Num.smax(r.val) >= Bounds.MAX_VAR_OFF) return false;
        switch (r.type) {
            // 6.18 counts map pointers too (live: "if r7 == 0x0" with r7=map_ptr is decided, ctx/fp/packet are not)
            case SOCK: case TCP_SOCK: case XDP_SOCK: case BUF: case MAP_VALUE: case MAP_KEY: case SOCK_COMMON: case MEM:
            case RINGBUF_MEM: case MAP_PTR:
                return true;
            case BTF_ID:
                // a trusted BTF pointer (a held reference, or PTR_TRUSTED without unsafe flags) is never NULL
                return r.refObjId != 0 || BtfPtr.flags(r) == BtfPtr.TRUSTED;
            default:
                return false;
        }
    }

    /**
     * Narrows scalar operands for one side of the branch ({@code taken} says which); the registers linked to them
     * follow in {@link LinkedScalars#sync}.
     */
    static void refine(Walker w, State s, Reg d, Reg src, int op, boolean jmp32, boolean taken) {
        if (!d.isScalar() || !src.isScalar()) return;
        Scalar[] r = Num.refine(op, jmp32, d.val, src.val, taken);
        if (r == null) return;
        d.val = r[0];
        src.val = r[1];
    }

    /**
     * {@code if pkt OP pkt_end}: the side where the packet pointer is not beyond the end learns that its
     * fixed offset is readable, for every copy of that pointer (same id).
     */
    static void matchPacketPointers(int op, Reg d, Reg s, int dstNo, int srcNo, State fall, State other) {
        boolean dPkt = (d.type == RegType.PKT && s.type == RegType.PKT_END)
                || (d.type == RegType.PKT_META && isInitPkt(s));
        boolean sPkt = (d.type == RegType.PKT_END && s.type == RegType.PKT)
                || (isInitPkt(d) && s.type == RegType.PKT_META);
        // Each side of the comparison learns something: where the pointer is not past the end, every copy of it
        // gets a readable range; where it is past (or at) the end, the compared register alone is marked so.
        switch (op) {
            case 0x20: // >
                if (dPkt) { goodPointers(fall, d, false); markPktEnd(other, dstNo, true); }
                else if (sPkt) { goodPointers(other, s, true); markPktEnd(fall, srcNo, false); }
                break;
            case 0xa0: // <
                if (dPkt) { goodPointers(other, d, true); markPktEnd(fall, dstNo, false); }
                else if (sPkt) { goodPointers(fall, s, false); markPktEnd(other, srcNo, true); }
                break;
            case 0x30: // >=
                if (dPkt) { goodPointers(fall, d, true); markPktEnd(other, dstNo, false); }
                else if (sPkt) { goodPointers(other, s, false); markPktEnd(fall, srcNo, true); }
                break;
            case 0xb0: // <=
                if (dPkt) { goodPointers(other, d, false); markPktEnd(fall, dstNo, true); }
                else if (sPkt) { goodPointers(fall, s, true); markPktEnd(other, srcNo, false); }
                break;
            default:
                break;
        }
    }

    /** Marks one register as lying beyond pkt_end ({@code beyond}) or at least at it; packet-meta pointers are not marked. */
    private static void markPktEnd(State s, int regno, boolean beyond) {
        Reg r = s.reg(regno);
        if (r.type != RegType.PKT) return;
        r.range = beyond ? BEYOND_PKT_END : AT_PKT_END;
    }

    private static boolean isInitPkt(Reg r) {
        return r.type == RegType.PKT && r.off == 0 && r.fixedOffset();
    }

    private static void goodPointers(State s, Reg ref, boolean rightOpen) {
        if (ref.off < 0 || (ref.off == 0 && rightOpen)) return;
        long umax = Num.umax(ref.val);
        if (Long.compareUnsigned(umax, MAX_PACKET_OFF) > 0 || umax + ref.off > MAX_PACKET_OFF) return;
        int range = ref.off + (rightOpen ? 1 : 0);
        RegType t = ref.type;
        int id = ref.id;
        for (int f = 0; f <= s.cur; f++) {
            Frame fr = s.frames[f];
            for (Reg r : fr.regs) if (r.type == t && r.id == id) r.range = Math.max(r.range, range);
            for (Reg r : fr.spilled) if (r != null && r.type == t && r.id == id) r.range = Math.max(r.range, range);
        }
    }
}
