package dev.ebpf4j.verifier.walk;

import dev.ebpf4j.verifier.Messages;
import dev.ebpf4j.verifier.Reject;

/** BPF_EXIT: references must be released, R0 must be set (and in range for the types that restrict it). */
final class ExitRules {
    private ExitRules() {}

    static void exit(Walker w) {
        SpinLocks.checkNotHeld(w, "BPF_EXIT instruction in main prog");
        if (w.st.cur > 0) {
            Subprogs.ret(w);
            return;
        }
        checkReferenceLeak(w, "BPF_EXIT instruction in main prog");
        Reg r0 = w.srcReg(0);
        ReturnRanges.check(w, r0);
        w.pathDone = true;
    }

    /** Acquired references still held: the kernel lists each, then names what would leak them. */
    static void checkReferenceLeak(Walker w, String what) {
        if (w.st.cur > 0 || w.st.refs.length == 0) return;
        String[] lines = new String[w.st.refs.length + 1];
        for (int i = 0; i < w.st.refs.length; i++) {
            lines[i] = "Unreleased reference id=" + w.st.refs[i] + " alloc_insn=" + w.st.refInsns[i];
        }
        lines[lines.length - 1] = what + " would lead to reference leak";
        throw Reject.inval(lines);
    }
}
