package dev.ebpf4j.verifier.walk;

import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.verifier.Messages;
import dev.ebpf4j.verifier.Reject;
import dev.ebpf4j.verifier.tables.BtfStructs;
import dev.ebpf4j.verifier.tables.BtfStructs.Kind;
import dev.ebpf4j.verifier.tables.BtfStructs.Struct;

/**
 * Pointers to kernel structs ({@code PTR_TO_BTF_ID}). A register of type {@link RegType#BTF_ID} keeps in
 * {@link Reg#memSize} the struct's index in {@link BtfStructs} (low 16 bits) and its type flags above them, so
 * pruning and loop detection, which compare memSize, tell structs and flags apart. Loads through such a pointer
 * walk the struct's layout ({@link BtfWalk}); the rules and messages are those of the live 6.18 kernel.
 */
public final class BtfPtr {
    private BtfPtr() {}

    /** PTR_UNTRUSTED: may point anywhere; loads are fine (faults are caught), passing it to helpers is not. */
    static final int UNTRUSTED = 1 << 16;
    /** MEM_RCU: valid inside the RCU read section a non-sleepable program runs in. */
    static final int RCU = 1 << 17;
    /** PTR_TRUSTED. */
    static final int TRUSTED = 1 << 18;

    private static final String NON_STRUCT_PTR = "a load of a pointer to a non-struct type (rdonly_untrusted_mem)";

    static int struct(Reg r) { return r.memSize & 0xffff; }

    static boolean has(Reg r, int flag) { return (r.memSize & flag) != 0; }

    static int flags(Reg r) { return r.memSize & ~0xffff; }

    /** Makes {@code r} a pointer to struct {@code name} with {@code flags}. */
    static void set(Reg r, String name, int flags, boolean maybeNull) {
        r.setPointer(RegType.BTF_ID, 0);
        r.memSize = BtfStructs.index(name) | flags;
        r.maybeNull = maybeNull;
    }

    /** The type as {@code reg_type_str} prints it: flag prefixes, then the base name ({@code untrusted_ptr_or_null_}). */
    public static String typeName(Reg r) {
        if (r.type != RegType.BTF_ID) return r.type.logName(r.maybeNull);
        return (has(r, RCU) ? "rcu_" : "") + (has(r, UNTRUSTED) ? "untrusted_" : "") + (has(r, TRUSTED) ? "trusted_" : "")
                + r.type.logName(r.maybeNull);
    }

    /** The struct name the state printer appends to a BTF pointer's type. */
    public static String structName(Reg r) {
        return BtfStructs.name(struct(r));
    }

    /**
     * A load or store of {@code size} bytes at {@code off} (instruction offset plus the register's fixed offset)
     * through a non-null BTF pointer {@code reg}; {@code value} is the register loaded (null for none).
     */
    static void access(Walker w, int regno, Reg reg, int off, int size, boolean write, Reg value) {
        // the offset and write checks need no layout: they come first (live 6.18), except that tc and XDP hand
        // writes to a struct-specific rule (nf_conn) the simulator does not have
        String sname = BtfStructs.name(struct(reg));
        if (off < 0) throw Reject.acces(String.format("R%d is ptr_%s invalid negative access: off=%d", regno, sname, off));
        if (!reg.fixedOffset()) {
            throw Reject.acces(String.format("R%d is ptr_%s invalid variable offset: off=%d, var_off=%s",
                    regno, sname, off, Num.tnumString(reg.val)));
        }
        boolean structWriteRule = w.type == ProgType.SCHED_CLS || w.type == ProgType.SCHED_ACT || w.type == ProgType.XDP;
        if (write && !structWriteRule) throw Reject.acces("only read is supported");
        Struct s = BtfStructs.layout(struct(reg));
        if (s == null) throw Reject.acces(Messages.notModelled("an access through a BTF pointer to this struct"));
        if (write) throw Reject.acces("only read is supported");
        boolean untrusted = has(reg, UNTRUSTED);
        BtfWalk.Found f = BtfWalk.walk(s, off, size, false);
        if (value == null) return;
        if (f.kind() == Kind.INT) {
            value.setUnknown();
            return;
        }
        if (!f.tag().equals("-")) throw Reject.acces(Messages.notModelled("a load of a tagged (" + f.tag() + ") pointer"));
        if (f.target().equals("-")) throw Reject.acces(Messages.notModelled(NON_STRUCT_PTR));
        // 6.18 (live): a pointer field loaded through an untrusted, trusted or RCU pointer is untrusted unless the
        // kernel lists the field as trusted or RCU (none of the structs with a layout here has such lists:
        // nf_hook_state's in/out/sk/net and prog_test_ref_kfunc's next checked live)
        boolean flagged = untrusted || has(reg, TRUSTED) || has(reg, RCU);
        set(value, f.target(), flagged || f.untrusted() ? UNTRUSTED : 0, false);
    }

    /** A load through a map pointer: the map's kernel struct ({@code struct bpf_array}, ...) read by its layout. */
    static void loadFromMapStruct(String struct, int off, int size, Reg value) {
        Struct s = BtfStructs.layout(struct);
        if (s == null) throw Reject.acces(Messages.notModelled("a load through a map pointer of this map type"));
        BtfWalk.Found f = BtfWalk.walk(s, off, size, false);
        if (value == null) return;
        if (f.kind() == Kind.INT) {
            value.setUnknown();
            return;
        }
        if (!f.tag().equals("-")) throw Reject.acces(Messages.notModelled("a load of a tagged (" + f.tag() + ") pointer"));
        if (f.target().equals("-")) throw Reject.acces(Messages.notModelled(NON_STRUCT_PTR));
        set(value, f.target(), f.untrusted() ? UNTRUSTED : 0, false);
    }
}
