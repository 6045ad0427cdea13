package dev.ebpf4j.verifier.walk;

import dev.ebpf4j.verifier.Messages;
import dev.ebpf4j.verifier.Reject;

/**
 * The kernel rewrites context and socket accesses per instruction, so one load or store instruction may not be
 * reached with a context pointer on one path and another pointer kind on another ({@code save_aux_ptr_type}).
 */
final class PtrTypes {
    private PtrTypes() {}

    static void save(Walker w, RegType t) {
        int code = t.ordinal() + 1;
        int prev = w.auxPtrType[w.prevInsn];
        if (prev == 0) {
            w.auxPtrType[w.prevInsn] = code;
            return;
        }
        if (prev != code) {
            RegType p = RegType.values()[prev - 1];
            if (!mismatchOk(t) || !mismatchOk(p)) throw Reject.inval(Messages.SAME_INSN_DIFFERENT_PTRS);
        }
    }

    private static boolean mismatchOk(RegType t) {
        switch (t) {
            case CTX: case SOCK: case SOCK_COMMON: case TCP_SOCK: case XDP_SOCK: case BTF_ID:
                return false;
            default:
                return true;
        }
    }
}
