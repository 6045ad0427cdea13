package dev.ebpf4j.verifier.walk;

import dev.ebpf4j.asm.Slots;
import dev.ebpf4j.verifier.Messages;
import dev.ebpf4j.verifier.Reject;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Map values holding kptrs ({@code __kptr} / {@code __kptr_ref} fields, described by the BTF value type). Direct
 * loads and stores that touch a kptr are checked as the live 6.18 kernel checks them (constant offset, exactly the
 * field's offset, 8 bytes, plain BPF_MEM mode, no store into a referenced kptr, BPF_ST only of 0). What a load
 * of a kptr yields (an untrusted BTF pointer) and storing a pointer into one are not modelled: refused. A program
 * using such a map that passes every check is refused as not modelled by {@link dev.ebpf4j.verifier.Verifier}.
 */
final class Kptrs {
    private Kptrs() {}

    private static final Pattern FIELD = Pattern.compile("(__kptr_ref|__kptr)\\([^)]*\\) \\*\\w+ /\\*off (\\d+)\\*/");

    /** A kptr field: its offset in the value and whether it holds a reference. */
    record Field(int off, boolean referenced) {}

    /** The kptr fields of map {@code map}'s value, or null when it has none or also other special fields. */
    static List<Field> fields(Walker w, int map) {
        if (map < 0) return null;
        String d = w.opts.btfValueMaps().get(map);
        if (d == null || d.contains("bpf_spin_lock") || d.contains("bpf_timer") || d.contains("bpf_list")
                || d.contains("bpf_rb") || d.contains("bpf_refcount") || d.contains("bpf_wq")) {
            return null;
        }
        List<Field> out = new ArrayList<>();
        Matcher m = FIELD.matcher(d);
        while (m.find()) out.add(new Field(Integer.parseInt(m.group(2)), m.group(1).equals("__kptr_ref")));
        return out.isEmpty() ? null : out;
    }

    /** A helper reading or writing {@code size} bytes of a map value: it may not touch a kptr, nor a spin lock. */
    static void helperAccess(Walker w, Reg reg, int size) {
        long lo = Num.smin(reg.val) + reg.off;
        long hi = Num.umax(reg.val) + reg.off + size;
        List<Field> fields = fields(w, reg.map);
        if (fields != null) {
            for (Field f : fields) {
                if (lo < f.off() + 8 && f.off() < hi) throw Reject.acces("kptr cannot be accessed indirectly by helper");
            }
        }
        int lock = SpinLocks.offset(w, reg.map);
        if (lock >= 0 && lo < lock + SpinLocks.LOCK_SIZE && lock < hi) {
            // the kernel refuses this too, with a message not yet checked against it
            throw Reject.acces(Messages.notModelled("a helper access over a bpf_spin_lock"));
        }
    }

    /**
     * A direct access of {@code size} bytes at {@code off} (the instruction offset plus the register's fixed offset)
     * through map value {@code reg}; {@code valueReg} is the register stored (-1 for none).
     */
    static void access(Walker w, Reg reg, int off, int size, boolean write, List<Field> fields) {
        long lo = Num.smin(reg.val) + off;
        long hi = Num.umax(reg.val) + off + size;
        for (Field f : fields) {
            if (!(lo < f.off() + 8 && f.off() < hi)) continue;
            if (!Num.isConst(reg.val)) throw Reject.acces("kptr access cannot have variable offset");
            long at = off + Num.constValue(reg.val);
            if (at != f.off()) throw Reject.acces("kptr access misaligned expected=" + f.off() + " off=" + at);
            if (size != 8) throw Reject.acces("kptr access size must be BPF_DW");
            long s = w.insns[w.insn];
            int cls = Slots.opcode(s) & 7;
            int mode = Slots.opcode(s) & 0xe0;
            if (mode != 0x60) throw Reject.acces("kptr in map can only be accessed using BPF_MEM instruction mode");
            if (f.referenced() && write) throw Reject.acces("store to referenced kptr disallowed");
            if (!write) throw Reject.acces(Messages.notModelled("loading a kptr from a map value"));
            if (cls == 2) { // BPF_ST
                if (Slots.imm(s) != 0) {
                    throw Reject.acces("BPF_ST imm must be 0 when storing to kptr at off=" + f.off());
                }
                return;
            }
            Reg v = w.st.reg(Slots.src(s));
            if (!(v.isConst() && v.constValue() == 0)) {
                throw Reject.acces(Messages.notModelled("storing a pointer into a kptr"));
            }
            Precision.mark(w, Slots.src(s));
            return;
        }
    }
}
