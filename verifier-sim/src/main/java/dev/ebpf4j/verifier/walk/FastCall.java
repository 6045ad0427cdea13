package dev.ebpf4j.verifier.walk;

import dev.ebpf4j.asm.Slots;
import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.verifier.cfg.Cfg;
import dev.ebpf4j.verifier.tables.HelperArgCount;
import dev.ebpf4j.verifier.tables.HelperAvailability;
import dev.ebpf4j.verifier.tables.HelperTable;

import java.util.Arrays;

/**
 * The bpf_fastcall contract (6.18): a helper call that clobbers fewer than r0-r5 (its return and argument registers)
 * may be surrounded by spills and fills of the other caller-saved registers at the lowest stack offsets of its
 * subprogram, {@code *(u64 *)(r10 -Y) = rX; call; rX = *(u64 *)(r10 -Y)}. When the JIT inlines the helper
 * (bpf_get_smp_processor_id on x86-64) the kernel drops those pairs after the walk and the subprogram's stack
 * shrinks to the part above them, which the combined-stack check then counts. Any other access below that part
 * (by an instruction outside the pattern) cancels the discount for the subprogram; a pattern around a helper that
 * is not inlined keeps the stack as it is.
 */
final class FastCall {
    private static final int ALL_CALLER_SAVED = 0x3f;
    private static final int GET_SMP_PROCESSOR_ID = 8;

    private final Cfg cfg;
    private final int n;
    private final boolean[] pattern;
    private final int[] spills;
    /** Per subprogram: the offset just above its pattern spills (0 when none); Integer.MIN_VALUE once cancelled. */
    private final int[] stackOff;
    private final boolean[] keep;

    private FastCall(int n, Cfg cfg) {
        this.n = n;
        this.cfg = cfg;
        int subprogs = cfg.subprogStarts().length;
        this.pattern = new boolean[n];
        this.spills = new int[n];
        this.stackOff = new int[subprogs];
        this.keep = new boolean[subprogs];
    }

    static FastCall find(long[] insns, Cfg cfg, ProgType type) {
        int[] starts = cfg.subprogStarts();
        FastCall fc = new FastCall(insns.length, cfg);
        for (int s = 0; s < starts.length; s++) {
            int end = cfg.subprogEnd(s);
            int lowest = 0;
            for (int i = starts[s]; i < end; i++) {
                if (Slots.opcode(insns[i]) == 0x7b && Slots.dst(insns[i]) == 10) lowest = Math.min(lowest, Slots.offset(insns[i]));
            }
            for (int i = starts[s]; i < end; i++) {
                long c = insns[i];
                if (Slots.opcode(c) != 0x85 || Slots.src(c) != 0) continue;
                fc.matchCall(insns, cfg, type, s, i, lowest);
            }
        }
        return fc;
    }

    private void matchCall(long[] insns, Cfg cfg, ProgType type, int sub, int call, int lowest) {
        int id = Slots.imm(insns[call]);
        HelperAvailability.Status avail = HelperAvailability.status(type, null, id);
        if (avail != HelperAvailability.Status.ALLOWED) return;
        int clobbered = clobbers(type, id);
        if (clobbered == ALL_CALLER_SAVED) return;
        int expected = ~clobbered & ALL_CALLER_SAVED;
        int i;
        int off = lowest;
        for (i = 1; i <= 5; i++, off += 8) {
            if (call - i < 0 || call + i >= n) break;
            if (cfg.jumpTarget()[call - i + 1] || cfg.jumpTarget()[call + i]) break;
            long stx = insns[call - i];
            long ldx = insns[call + i];
            if (Slots.opcode(stx) != 0x7b || Slots.opcode(ldx) != 0x79 || Slots.dst(stx) != 10 || Slots.src(ldx) != 10) break;
            if (Slots.src(stx) != Slots.dst(ldx)) break;
            if ((expected & (1 << Slots.src(stx))) == 0) break;
            if (Slots.offset(stx) != off || Slots.offset(ldx) != off) break;
            expected &= ~(1 << Slots.src(stx));
            pattern[call - i] = true;
            pattern[call + i] = true;
        }
        if (i == 1) return;
        if (id == GET_SMP_PROCESSOR_ID && inlined(type)) spills[call] = i - 1;
        else keep[sub] = true;
        stackOff[sub] = Math.min(stackOff[sub], off);
    }

    /**
     * Whether the type's bpf_get_smp_processor_id is the fastcall one the x86-64 JIT inlines: tc, XDP, lwt and the
     * tracing types have it; socket filters and the cgroup types get the plain ("raw") one, whose pattern keeps
     * its stack (live 6.18: the same program is refused as a socket filter and accepted as tc).
     */
    private static boolean inlined(ProgType type) {
        switch (type) {
            case SCHED_CLS: case SCHED_ACT: case XDP: case LWT_IN: case LWT_OUT: case LWT_XMIT: case LWT_SEG6LOCAL:
            case KPROBE: case TRACEPOINT: case PERF_EVENT: case RAW_TRACEPOINT: case RAW_TRACEPOINT_WRITABLE:
                return true;
            default:
                return false;
        }
    }

    /** r0 unless the helper returns nothing, and its argument registers (r1-r5 when not known). */
    private static int clobbers(ProgType type, int id) {
        HelperTable.Proto p = HelperTable.proto(id, HelperTable.typeBit(type));
        int mask = p != null && p.ret() == HelperTable.Ret.VOID ? 0 : 1;
        int args = HelperArgCount.count(type, id);
        if (args < 0 || args > 5) args = 5;
        return mask | (((1 << args) - 1) << 1);
    }

    /** A stack access at {@code off} by instruction {@code insn} into a frame of subprogram {@code sub}. */
    void access(int sub, int insn, long off) {
        if (stackOff[sub] <= off || pattern[insn]) return;
        stackOff[sub] = Integer.MIN_VALUE;
        for (int i = cfg.subprogStarts()[sub]; i < cfg.subprogEnd(sub); i++) {
            spills[i] = 0;
            pattern[i] = false;
        }
    }

    /** The stack depths after the kernel drops the pattern spills of inlined helpers. */
    int[] adjusted(int[] depth) {
        int[] out = Arrays.copyOf(depth, depth.length);
        for (int s = 0; s < cfg.subprogStarts().length; s++) {
            boolean modified = false;
            for (int i = cfg.subprogStarts()[s]; i < cfg.subprogEnd(s); i++) if (spills[i] > 0) modified = true;
            if (modified && !keep[s]) out[s] = -stackOff[s];
        }
        return out;
    }
}
