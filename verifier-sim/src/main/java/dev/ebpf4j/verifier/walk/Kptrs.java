package dev.ebpf4j.verifier.walk;

import dev.ebpf4j.asm.Slots;
import dev.ebpf4j.verifier.Messages;
import dev.ebpf4j.verifier.Reject;
import dev.ebpf4j.verifier.tables.BtfStructs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Map values holding kptrs ({@code __kptr} / {@code __kptr_ref} fields, described by the BTF value type). Direct
 * loads and stores that touch a kptr are checked as the live 6.18 kernel checks them (constant offset, exactly the
 * field's offset, 8 bytes, plain BPF_MEM mode, no store into a referenced kptr, BPF_ST only of 0). A load gives a
 * nullable BTF pointer to the kptr's struct ({@link BtfPtr}); a pointer stored into an unreferenced kptr must be
 * of its struct; bpf_kptr_xchg moves a reference in and out of a referenced kptr. Kptrs to structs whose layout
 * the simulator does not have (btf-structs.txt) are refused as not modelled when loaded.
 */
final class Kptrs {
    private Kptrs() {}

    private static final Pattern FIELD =
            Pattern.compile("struct (\\w+) (__kptr_ref|__kptr)\\([^)]*\\) \\*\\w+ /\\*off (\\d+)\\*/");

    /** A kptr field: its offset in the value, whether it holds a reference, and the struct it points to. */
    record Field(int off, boolean referenced, String struct) {}

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
        while (m.find()) out.add(new Field(Integer.parseInt(m.group(3)), m.group(2).equals("__kptr_ref"), m.group(1)));
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
        Timers.checkAccess(w, reg, reg.off, size);
        int lock = SpinLocks.offset(w, reg.map);
        if (lock >= 0 && lo < lock + SpinLocks.LOCK_SIZE && lock < hi) {
            // live 6.18: the same message as for a load or store
            throw Reject.acces("bpf_spin_lock cannot be accessed directly by load/store");
        }
    }

    /**
     * A direct access of {@code size} bytes at {@code off} (the instruction offset plus the register's fixed offset)
     * through map value {@code reg}; {@code valueReg} is the register stored (-1 for none).
     */
    static boolean access(Walker w, Reg reg, int off, int size, boolean write, List<Field> fields) {
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
            if (!write) {
                load(w, Slots.dst(s), f);
                return true;
            }
            if (cls == 2) { // BPF_ST
                if (Slots.imm(s) != 0) {
                    throw Reject.acces("BPF_ST imm must be 0 when storing to kptr at off=" + f.off());
                }
                return false;
            }
            Reg v = w.st.reg(Slots.src(s));
            if (!(v.isConst() && v.constValue() == 0)) matchType(w, f, Slots.src(s), v);
            else Precision.mark(w, Slots.src(s)); // the store is allowed because the scalar is exactly zero
            return false;
        }
        return false;
    }

    /**
     * What a load of a kptr gives (live 6.18): a nullable pointer to the kptr's struct with a fresh id, untrusted
     * for an unreferenced kptr, and for a referenced one an RCU pointer when the struct is RCU-protected (a
     * non-sleepable program runs inside an RCU read section), else untrusted too.
     */
    private static void load(Walker w, int dst, Field f) {
        if (BtfStructs.layout(f.struct()) == null) {
            throw Reject.acces(Messages.notModelled("a kptr to struct " + f.struct()));
        }
        if ((w.opts.progFlags() & SLEEPABLE) != 0) {
            throw Reject.acces(Messages.notModelled("loading a kptr in a sleepable program"));
        }
        int flags = f.referenced() && BtfStructs.rcuProtected(f.struct()) ? BtfPtr.RCU : BtfPtr.UNTRUSTED;
        Reg d = w.st.reg(dst);
        BtfPtr.set(d, f.struct(), flags, true);
        d.id = w.newId();
    }

    private static final int SLEEPABLE = 16;

    /**
     * A pointer stored into a kptr, or given to bpf_kptr_xchg (its argument {@code regno}): a BTF pointer (null
     * allowed) at a constant, non-negative offset that is the kptr's struct or, for an unreferenced kptr, has it
     * nested at that offset.
     */
    static void matchType(Walker w, Field f, int regno, Reg v) {
        boolean btf = v.type == RegType.BTF_ID && (BtfPtr.flags(v) & ~(BtfPtr.UNTRUSTED | BtfPtr.RCU | BtfPtr.TRUSTED)) == 0
                && (f.referenced() ? !BtfPtr.has(v, BtfPtr.UNTRUSTED) : true);
        String regName = v.type == RegType.BTF_ID ? BtfPtr.structName(v) : "";
        if (btf) {
            if (v.off < 0) {
                throw Reject.acces(String.format("negative offset %s ptr R%d off=%d disallowed", BtfPtr.typeName(v), regno, v.off));
            }
            if (!v.fixedOffset()) {
                throw Reject.acces(String.format("variable %s access var_off=%s disallowed", BtfPtr.typeName(v),
                        Num.tnumString(v.val)));
            }
            if (structAt(regName, v.off, f.struct(), f.referenced())) return;
        }
        String expected = "ptr_" + f.struct() + (f.referenced() ? "" : " or untrusted_ptr_" + f.struct());
        throw Reject.acces("invalid kptr access, R" + regno + " type=" + BtfPtr.typeName(v) + regName + " expected=" + expected);
    }

    /** Whether struct {@code have} holds struct {@code want} at {@code off} (exactly it, when {@code strict}). */
    private static boolean structAt(String have, int off, String want, boolean strict) {
        if (off == 0 && have.equals(want)) return true;
        if (strict) return false;
        BtfStructs.Struct s = BtfStructs.layout(have);
        while (s != null) {
            BtfWalk.Found found;
            try {
                found = BtfWalk.walk(s, off, 1, true);
            } catch (Reject r) {
                return false;
            }
            if (found.kind() != BtfStructs.Kind.STRUCT) return false;
            if (found.target().equals(want)) return true;
            s = BtfStructs.layout(found.target());
            off = 0;
        }
        return false;
    }

    /** The map value argument of bpf_kptr_xchg: it must point exactly at a referenced kptr. */
    static Field xchgDest(Walker w, int regno, Reg reg) {
        List<Field> fields = fields(w, reg.map);
        if (fields == null) {
            // no BTF, or BTF without kptrs: the kernel names the map, whose kernel name the simulator may not know
            throw Reject.inval(Messages.notModelled("bpf_kptr_xchg on a map without kptrs"));
        }
        if (!Num.isConst(reg.val)) {
            throw Reject.inval("R" + regno + " doesn't have constant offset. kptr has to be at the constant offset");
        }
        long off = reg.off + Num.constValue(reg.val);
        for (Field f : fields) {
            if (f.off() != off) continue;
            if (!f.referenced()) throw Reject.acces("off=" + off + " kptr isn't referenced kptr");
            return f;
        }
        throw Reject.acces("off=" + off + " doesn't point to kptr");
    }
}
