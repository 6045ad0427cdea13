package dev.ebpf4j.verifier.walk;

import dev.ebpf4j.asm.Slots;
import dev.ebpf4j.verifier.Messages;
import dev.ebpf4j.verifier.Reject;

/** bpf-to-bpf calls: a new frame with r1-r5 passed in, at most 8 frames; the return restores the caller. */
final class Subprogs {
    static final int MAX_CALL_FRAMES = 8;

    private Subprogs() {}

    static void call(Walker w, long s) {
        int target = w.insn + Slots.imm(s) + 1;
        if (w.st.cur + 1 >= MAX_CALL_FRAMES) {
            throw new Reject(dev.ebpf4j.verifier.Errno.E2BIG,
                    String.format("the call stack of %d frames is too deep", w.st.cur + 2));
        }
        int sub = w.cfg.subprogAt(target);
        Frame callee = new Frame(w.st.cur + 1, w.insn, sub);
        Frame caller = w.st.frame();
        for (int r = 1; r <= 5; r++) callee.regs[r].set(caller.regs[r]);
        callee.regs[10].setPointer(RegType.STACK, 0);
        callee.regs[10].frameNo = callee.frameNo;
        for (int r = 0; r <= 5; r++) caller.regs[r].setNotInit();
        w.st.pushFrame(callee);
        w.logCall(caller, callee);
        w.insn = target;
        w.jumped = true;
    }

    /** The exit of a subprogram: r0 goes back to the caller, execution resumes after the call. */
    static void ret(Walker w) {
        Frame callee = w.st.frame();
        Reg r0 = callee.regs[0];
        if (r0.type == RegType.STACK) {
            throw Reject.inval("cannot return stack pointer to the caller");
        }
        Reg ret = r0.copy();
        w.logLiveness();
        w.st.popFrame();
        w.st.frame().regs[0].set(ret);
        w.logReturn(callee, w.st.frame(), callee.callsite);
        w.insn = callee.callsite + 1;
        w.jumped = true;
    }
}
