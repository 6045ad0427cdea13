package dev.ebpf4j.verifier.walk;

import dev.ebpf4j.verifier.Messages;
import dev.ebpf4j.verifier.Reject;

/**
 * Map values holding a {@code struct bpf_spin_lock} (and no other BTF-described field). The lock word may not be
 * loaded or stored directly nor reached by a helper, {@code bpf_spin_lock}/{@code bpf_spin_unlock} must take it at
 * its exact, constant offset, one lock at a time, and while it is held no helper may be called (bpf-to-bpf calls
 * may: the lock stays held across them and a subprogram may take or drop it), no LD_ABS/LD_IND run and the main
 * program may not exit (rules and messages checked against the live 6.18 kernel). The held lock is part of the
 * state: the map and the id of the value it was taken through ({@link State#lockMap}, {@link State#lockId}).
 */
final class SpinLocks {
    private SpinLocks() {}

    static final int LOCK_SIZE = 4;

    /** The offset of the spin lock in map {@code map}'s value, or -1 when it holds none or other fields too. */
    static int offset(Walker w, int map) {
        return ValueFields.only(w, map, "bpf_spin_lock");
    }

    /** A load or store of {@code size} bytes at {@code off} into a map value must not touch the lock word. */
    static void checkDirectAccess(Walker w, Reg reg, int off, int size) {
        ValueFields.refuseDirectAccess(reg, off, size, offset(w, reg.map), LOCK_SIZE, "bpf_spin_lock");
    }

    static boolean held(Walker w) {
        return w.st.lockMap >= 0;
    }

    /**
     * Before a call of kind {@code src} (0 helper, 1 bpf-to-bpf, 2 kfunc): while a lock is held only bpf_spin_unlock
     * and subprograms may be called (some kfuncs may too, which the simulator does not model).
     */
    static void checkCall(Walker w, int src, int imm) {
        if (!held(w) || src == 1 || (src == 0 && imm == 94)) return;
        if (src == 2) throw Reject.inval(Messages.notModelled("a kfunc call while holding a bpf_spin_lock"));
        throw Reject.inval("function calls are not allowed while holding a lock");
    }

    /** The argument of bpf_spin_lock (93) or bpf_spin_unlock (94). */
    static void lockArg(Walker w, int regno, Reg reg, int helper) {
        // the other kind the kernel takes is an allocated object (ptr_ with MEM_ALLOC), never made here
        if (reg.type != RegType.MAP_VALUE || reg.maybeNull) {
            throw Reject.acces(String.format(Messages.ARG_TYPE, regno, BtfPtr.typeName(reg), "map_value, ptr_"));
        }
        int lock = offset(w, reg.map);
        if (lock < 0 || reg.id == 0) {
            // no lock in the value (the kernel's message names the map), or a value without an id (ld_imm64)
            throw Reject.acces(Messages.notModelled("this bpf_spin_lock argument (R" + regno + ")"));
        }
        if (!Num.isConst(reg.val)) {
            throw Reject.inval("R" + regno + " doesn't have constant offset. bpf_spin_lock has to be at the constant offset");
        }
        long off = reg.off + Num.constValue(reg.val);
        if (off != lock) {
            throw Reject.inval("off " + off + " doesn't point to 'struct bpf_spin_lock' that is at " + lock);
        }
        if (helper == 93) {
            w.st.lockMap = reg.map;
            w.st.lockId = reg.id;
            return;
        }
        if (!held(w)) throw Reject.inval("bpf_spin_unlock without taking a lock");
        if (w.st.lockMap != reg.map || w.st.lockId != reg.id) throw Reject.inval("bpf_spin_unlock of different lock");
        w.st.lockMap = -1;
        w.st.lockId = 0;
    }

    /** Exit or LD_ABS/LD_IND with the lock held ({@code what} names the instruction as the kernel does). */
    static void checkNotHeld(Walker w, String what) {
        if (!held(w)) return;
        // only the main program's exit is refused: a subprogram may return with the lock held (live 6.18)
        if (what.equals(MAIN_EXIT) && w.st.cur > 0) return;
        throw Reject.inval(what + " cannot be used inside bpf_spin_lock-ed region");
    }

    static final String MAIN_EXIT = "BPF_EXIT instruction in main prog";
}
