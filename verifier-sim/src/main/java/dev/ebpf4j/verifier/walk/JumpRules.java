package dev.ebpf4j.verifier.walk;


import dev.ebpf4j.asm.Slots;
import dev.ebpf4j.verifier.Messages;
import dev.ebpf4j.verifier.Reject;

/**
 * JMP and JMP32: unconditional jumps, conditional jumps (decided ones follow one side; undecided ones push the
 * other side with both refined), null checks by id, packet range learning; calls and exits go to their rules.
 */
final class JumpRules {
    private JumpRules() {}

    static void check(Walker w, long s) {
        int code = Slots.opcode(s);
        int op = code & 0xf0;
        boolean jmp32 = (code & 7) == 6;
        boolean x = (code & 0x08) != 0;
        int dst = Slots.dst(s);
        int src = Slots.src(s);
        int imm = Slots.imm(s);
        int off = Slots.offset(s);
        switch (op) {
            case 0x80:
                if (x || (src != 2 && off != 0) || (src != 0 && src != 1 && src != 2) || dst != 0 || jmp32) {
                    throw Reject.inval(Messages.CALL_RESERVED);
                }
                SpinLocks.checkCall(w, src, imm);
                if (src == 1) CallRules.callLocal(w, s);
                else if (src == 2) {
                    // a kfunc call with no function (imm 0) is let through the walk, registers untouched, and
                    // refused after it unless dead code removal drops it (live 6.18)
                    if (imm != 0 || off != 0) throw Reject.inval(Messages.notModelled("a kfunc call"));
                    w.unresolvedKfunc = true;
                    // every call marks R0 for the log, even this one: its line ends in an empty "   ;"
                    w.scratchedRegs |= 1;
                    return;
                }
                else CallRules.callHelper(w, s);
                w.scratchedRegs |= 1;
                return;
            case 0x00:
                if (x || src != 0 || dst != 0 || (!jmp32 && imm != 0) || (jmp32 && off != 0)) {
                    throw Reject.inval(Messages.JA_RESERVED);
                }
                w.insn += (jmp32 ? imm : off) + 1;
                w.jumped = true;
                return;
            case 0x90:
                if (x || imm != 0 || src != 0 || dst != 0 || jmp32) throw Reject.inval(Messages.EXIT_RESERVED);
                ExitRules.exit(w);
                return;
            case 0xe0:
                if (code != 0xe5 || src != 0 || dst != 0 || imm != 0) {
                    throw Reject.inval(String.format(Messages.INVALID_MAY_GOTO, imm));
                }
                w.mayGoto(off);
                return;
            case 0xf0:
                throw Reject.inval(String.format("invalid BPF_JMP/JMP32 opcode %x", op));
            default:
                conditional(w, op, jmp32, x, dst, src, imm, off);
        }
    }

    private static void conditional(Walker w, int op, boolean jmp32, boolean x, int dst, int src, int imm, int off) {
        Reg d = w.srcReg(dst);
        Reg sr;
        if (x) {
            if (imm != 0) throw Reject.inval(Messages.JMP_RESERVED);
            sr = w.srcReg(src);
        } else {
            if (src != 0) throw Reject.inval(Messages.JMP_RESERVED);
            sr = new Reg();
            sr.setScalar(Num.known(imm));
        }
        int stackFlags = (x && sr.type == RegType.STACK ? Hist.SRC_STACK : 0) | (d.type == RegType.STACK ? Hist.DST_STACK : 0);
        if (stackFlags != 0) w.pushHist(stackFlags);
        int pred = Branches.taken(d, sr, op, jmp32);
        if (pred >= 0) {
            // the walk follows one side only because of these values: they must stay exact
            if (!d.isPointer()) Precision.mark(w, dst);
            if (x && !sr.isPointer()) Precision.mark(w, src);
        }
        if (pred == 1) {
            w.printStateNow();
            w.insn += off + 1;
            w.jumped = true;
            return;
        }
        if (pred == 0) {
            w.printStateNow();
            return;
        }
        int target = w.insn + off + 1;
        // linked scalars are listed before the branch is pushed: the ones past the limit lose their link on both sides
        java.util.List<LinkedScalars.Entry> linked = LinkedScalars.newList();
        if (x) LinkedScalars.collect(w, w.st, sr, linked);
        LinkedScalars.collect(w, w.st, d, linked);
        if (linked.size() > 1) recordLinked(w, linked);
        State other = w.pushBranch(target);
        Reg od = other.reg(dst);
        Reg os = x ? other.reg(src) : sr.copy();
        // the pushed side is where the condition holds; the current side where it does not
        Branches.refine(w, other, od, os, op, jmp32, true);
        Branches.refine(w, w.st, d, x ? sr : sr.copy(), op, jmp32, false);
        if (x && sr.isScalar() && sr.id != 0) {
            LinkedScalars.sync(w.st, sr, linked);
            LinkedScalars.sync(other, os, linked);
        }
        if (d.isScalar() && d.id != 0) {
            LinkedScalars.sync(w.st, d, linked);
            LinkedScalars.sync(other, od, linked);
        }
        if (!jmp32 && x && d.isPointer() && sr.isPointer() && d.maybeNull != sr.maybeNull
                && d.type != RegType.BTF_ID && sr.type != RegType.BTF_ID) {
            State eq = op == 0x10 ? other : op == 0x50 ? w.st : null;
            if (eq != null) {
                int r = sr.maybeNull ? src : dst;
                Nulls.markNotNull(w, eq.reg(r), true);
            }
        }
        if (!jmp32 && !x && imm == 0 && (op == 0x10 || op == 0x50) && d.maybeNull && d.isPointer()) {
            Nulls.mark(w, w.st, d.id, op == 0x50);
            Nulls.mark(w, other, od.id, op == 0x10);
        } else if (x && !jmp32) {
            Branches.matchPacketPointers(op, d, sr, dst, src, w.st, other);
        }
        w.printStateNow();
    }

    /** Scalars refined together by this branch: the history remembers them for precision backtracking. */
    private static void recordLinked(Walker w, java.util.List<LinkedScalars.Entry> linked) {
        int[] out = new int[linked.size()];
        for (int i = 0; i < out.length; i++) {
            LinkedScalars.Entry e = linked.get(i);
            out[i] = e.frame() << 8 | (e.isReg() ? 0x80 : 0) | e.index();
        }
        w.pushHist(0).linked = out;
    }
}
