package dev.ebpf4j.verifier.walk;


import dev.ebpf4j.asm.Slots;
import dev.ebpf4j.verifier.Messages;
import dev.ebpf4j.verifier.Reject;

/** Class LD: LD_IMM64 (constants, map pointers, map values, functions) and the legacy LD_ABS/LD_IND. */
final class LoadRules {
    private LoadRules() {}

    static void check(Walker w, long s) {
        int code = Slots.opcode(s);
        int mode = code & 0xe0;
        if (mode == 0x20 || mode == 0x40) {
            ldAbs(w, s, mode == 0x40);
            return;
        }
        if (mode != 0x00) throw Reject.inval(Messages.INVALID_LD_MODE);
        if ((code & 0x18) != 0x18) throw Reject.inval("invalid BPF_LD_IMM insn");
        if (Slots.offset(s) != 0) throw Reject.inval(Messages.LD_IMM64_RESERVED);
        int dst = Slots.dst(s);
        Reg d = w.dstReg(dst);
        int src = Slots.src(s);
        long second = w.insns[w.insn + 1];
        switch (src) {
            case 0: {
                long v = (Slots.imm(s) & 0xffffffffL) | ((long) Slots.imm(second) << 32);
                d.setScalar(Num.known(v));
                return;
            }
            case 1: case 5:
                d.setPointer(RegType.MAP_PTR, 0);
                d.map = w.cfg.mapAt()[w.insn];
                return;
            case 2: case 6:
                d.setPointer(RegType.MAP_VALUE, w.cfg.mapValueOff()[w.insn]);
                d.map = w.cfg.mapAt()[w.insn];
                return;
            case 4:
                // a function's address (a callback for bpf_loop, timers, ...) needs the program's BTF function
                // info, which a raw program has not: the kernel refuses it where it is reached
                throw Reject.inval("missing btf func_info");
            default:
                throw Reject.inval(Messages.notModelled("this LD_IMM64 pseudo source"));
        }
    }

    private static void ldAbs(Walker w, long s, boolean ind) {
        switch (w.type) {
            case SOCKET_FILTER: case SCHED_CLS: case SCHED_ACT:
                break;
            default:
                throw Reject.inval(Messages.LD_ABS_NOT_ALLOWED);
        }
        if (Slots.dst(s) != 0 || Slots.offset(s) != 0 || (Slots.opcode(s) & 0x18) == 0x18 || (!ind && Slots.src(s) != 0)) {
            throw Reject.inval(Messages.LD_ABS_RESERVED);
        }
        w.srcReg(6);
        SpinLocks.checkNotHeld(w, "BPF_LD_[ABS|IND]");
        ExitRules.checkReferenceLeak(w, "BPF_LD_[ABS|IND]");
        Reg r6 = w.st.reg(6);
        if (r6.type != RegType.CTX || r6.maybeNull) throw Reject.inval(Messages.LD_ABS_R6);
        if (ind) w.srcReg(Slots.src(s));
        if (r6.off < 0) throw Reject.acces(String.format(Messages.NEGATIVE_CTX, 6, r6.off));
        if (r6.off != 0) throw Reject.acces(String.format(Messages.MODIFIED_CTX, 6, r6.off));
        for (int r = 1; r <= 5; r++) {
            w.st.reg(r).setNotInit();
            w.scratchedRegs |= 1 << r;
        }
        w.st.reg(0).setUnknown();
        w.scratchedRegs |= 1;
    }
}
