package dev.ebpf4j.verifier.walk;

import dev.ebpf4j.verifier.Messages;
import dev.ebpf4j.verifier.Reject;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Map values holding a {@code struct bpf_spin_lock} (and no other BTF-described field). The lock word may not be
 * loaded or stored directly, {@code bpf_spin_lock}/{@code bpf_spin_unlock} must take it at its exact offset, and
 * while it is held no function may be called, no LD_ABS/LD_IND run and the main program may not exit (messages
 * checked against the live 6.18 kernel). Only these refusals are claimed: a program that uses such a map and
 * passes every check is still refused as not modelled by {@link dev.ebpf4j.verifier.Verifier}, since the
 * simulator does not model everything the kernel checks about locks (pruning on the held lock, subprograms).
 */
final class SpinLocks {
    private SpinLocks() {}

    private static final Pattern ONLY_LOCK =
            Pattern.compile("struct \\w+ \\{[^}]*\\} \\(bpf_spin_lock at offset (\\d+)\\)");
    static final int LOCK_SIZE = 4;

    /** The offset of the spin lock in map {@code map}'s value, or -1 when it holds none or other fields too. */
    static int offset(Walker w, int map) {
        if (map < 0) return -1;
        String d = w.opts.btfValueMaps().get(map);
        if (d == null) return -1;
        Matcher m = ONLY_LOCK.matcher(d);
        if (!m.matches()) return -1;
        String body = d.substring(d.indexOf('{'), d.indexOf('}'));
        if (body.indexOf("bpf_spin_lock") != body.lastIndexOf("bpf_spin_lock")) return -1;
        for (String other : new String[] {"bpf_timer", "kptr", "bpf_list", "bpf_rb", "bpf_refcount", "bpf_wq"}) {
            if (body.contains(other)) return -1;
        }
        return Integer.parseInt(m.group(1));
    }

    /** A load or store of {@code size} bytes at {@code off} into a map value must not touch the lock word. */
    static void checkDirectAccess(Walker w, Reg reg, int off, int size) {
        int lock = offset(w, reg.map);
        long lo = Num.smin(reg.val) + off;
        long hi = Num.umax(reg.val) + off + size;
        if (lo < lock + LOCK_SIZE && lock < hi) {
            throw Reject.acces("bpf_spin_lock cannot be accessed directly by load/store");
        }
    }

    /** Before any call: only bpf_spin_unlock may be called while a lock is held. */
    static void checkCall(Walker w, boolean isUnlockHelper) {
        if (w.st.lockId != 0 && !isUnlockHelper) {
            throw Reject.inval("function calls are not allowed while holding a lock");
        }
    }

    /** The argument of bpf_spin_lock (93) or bpf_spin_unlock (94). */
    static void lockArg(Walker w, int regno, Reg reg, int helper) {
        int lock = reg.type == RegType.MAP_VALUE && !reg.maybeNull ? offset(w, reg.map) : -1;
        if (lock < 0 || !reg.fixedOffset() || reg.off != lock || reg.id == 0) {
            // other misuses have their own kernel messages, not checked against the live kernel yet
            throw Reject.acces(Messages.notModelled("this bpf_spin_lock argument (R" + regno + ")"));
        }
        if (helper == 93) {
            w.st.lockMap = reg.map;
            w.st.lockId = reg.id;
            return;
        }
        if (w.st.lockId == 0) throw Reject.inval("bpf_spin_unlock without taking a lock");
        if (w.st.lockMap != reg.map || w.st.lockId != reg.id) throw Reject.inval("bpf_spin_unlock of different lock");
        w.st.lockMap = -1;
        w.st.lockId = 0;
    }

    /** Exit or LD_ABS/LD_IND with the lock held ({@code what} names the instruction as the kernel does). */
    static void checkNotHeld(Walker w, String what) {
        if (w.st.lockId == 0) return;
        if (w.st.cur > 0) throw Reject.inval(Messages.notModelled("a subprogram holding a bpf_spin_lock"));
        throw Reject.inval(what + " cannot be used inside bpf_spin_lock-ed region");
    }
}
