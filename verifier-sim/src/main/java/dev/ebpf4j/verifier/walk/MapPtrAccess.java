package dev.ebpf4j.verifier.walk;

import dev.ebpf4j.asm.uapi.MapType;
import dev.ebpf4j.verifier.Messages;
import dev.ebpf4j.verifier.Reject;

/**
 * Loads and stores through a map pointer ({@code CONST_PTR_TO_MAP}). The kernel reads such a pointer as the BTF
 * struct behind the map ({@code struct bpf_array}, {@code struct bpf_htab}): a negative offset is refused first,
 * then any write (checked against the live 6.18 kernel). Reads at a non-negative offset walk that struct's BTF
 * layout (btf-structs.txt, from the live kernel's vmlinux BTF); map types whose struct
 * name has not been checked.
 */
final class MapPtrAccess {
    private MapPtrAccess() {}

    static void access(Walker w, int regno, Reg reg, int off, int size, boolean write, Reg value) {
        MapType t = w.map(reg.map).type();
        String struct = structName(t);
        if (struct == null || !reg.fixedOffset()) {
            throw Reject.acces(Messages.notModelled("an access through a map pointer of this map type"));
        }
        long at = off + Num.smin(reg.val);
        if (at < 0) throw Reject.acces("R" + regno + " is " + struct + " invalid negative access: off=" + at);
        if (write) throw Reject.acces("only read from " + struct + " is supported");
        BtfPtr.loadFromMapStruct(struct, (int) at, size, value);
    }

    /** The BTF struct the kernel names for the map type (only the families probed on the live kernel). */
    private static String structName(MapType t) {
        switch (t) {
            case ARRAY: case PERCPU_ARRAY: return "bpf_array";
            case HASH: case PERCPU_HASH: case LRU_HASH: case LRU_PERCPU_HASH: return "bpf_htab";
            default: return null;
        }
    }
}
