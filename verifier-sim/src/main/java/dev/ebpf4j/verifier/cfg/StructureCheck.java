package dev.ebpf4j.verifier.cfg;

import dev.ebpf4j.asm.MapBinding;
import dev.ebpf4j.asm.MapSpec;
import dev.ebpf4j.asm.Slots;
import dev.ebpf4j.asm.uapi.MapType;
import dev.ebpf4j.verifier.Errno;
import dev.ebpf4j.verifier.Messages;
import dev.ebpf4j.verifier.Reject;

import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Pass 1: the checks the kernel makes before it walks any path (they all end with {@code processed 0 insns}
 * and EINVAL). The order is the kernel's: subprogram discovery, jumps within their subprogram and the last
 * instruction of each, LD_IMM64 and opcode sanity, then the depth-first control-flow walk (unreachable code,
 * jumps into the second half of an LD_IMM64).
 */
public final class StructureCheck {
    private static final int DISCOVERED = 0x10;
    private static final int EXPLORED = 0x20;
    private static final int FALLTHROUGH = 1;
    private static final int BRANCH = 2;

    private final long[] insns;
    private final List<MapBinding> maps;
    private final int n;
    private int[] subprogStarts;
    private boolean[] prune;
    /** Instructions reached other than by falling through (the kernel records them in the jump history). */
    private boolean[] jmpPoint;
    /** Targets of jumps and branches, and subprogram entries (the kernel's {@code jump_target}). */
    private boolean[] jumpTarget;
    private int[] mapAt;
    private int[] mapValueOff;
    private dev.ebpf4j.asm.uapi.ProgType type;
    private java.util.Map<Integer, String> btfValueMaps = java.util.Map.of();

    private StructureCheck(long[] insns, List<MapBinding> maps) {
        this.insns = insns;
        this.maps = maps;
        this.n = insns.length;
    }

    /** Runs pass 1; throws {@link Reject} at the first error. */
    public static Cfg check(long[] insns, List<MapBinding> maps) {
        return check(insns, maps, null, java.util.Map.of());
    }

    /**
     * Pass 1 with what the map/program compatibility check needs: the program type and the BTF descriptions of
     * map values with special fields.
     */
    public static Cfg check(long[] insns, List<MapBinding> maps, dev.ebpf4j.asm.uapi.ProgType type,
                            java.util.Map<Integer, String> btfValueMaps) {
        return check(insns, maps, type, btfValueMaps, starts -> { });
    }

    /**
     * The same, telling {@code onSubprogs} the subprogram starts as soon as they are known: the kernel logs them
     * ({@code func#1 @7}) before it checks anything else, so they precede every later error in a level-2 log.
     */
    public static Cfg check(long[] insns, List<MapBinding> maps, dev.ebpf4j.asm.uapi.ProgType type,
                            java.util.Map<Integer, String> btfValueMaps, java.util.function.Consumer<int[]> onSubprogs) {
        StructureCheck c = new StructureCheck(insns, maps);
        c.type = type;
        c.btfValueMaps = btfValueMaps;
        c.findSubprogs();
        onSubprogs.accept(c.subprogStarts.clone());
        c.checkSubprogs();
        c.checkAbnormalReturns();
        c.resolveLdImm64();
        c.walkCfg();
        return new Cfg(c.subprogStarts, c.prune, c.jmpPoint, c.jumpTarget, c.mapAt, c.mapValueOff);
    }

    private static int code(long s) { return Slots.opcode(s); }

    private static boolean isPseudoCall(long s) { return code(s) == 0x85 && Slots.src(s) == 1; }

    private static boolean isPseudoFunc(long s) { return code(s) == 0x18 && Slots.src(s) == 4; }

    private static boolean isKfuncCall(long s) { return code(s) == 0x85 && Slots.src(s) == 2; }

    private void findSubprogs() {
        TreeSet<Integer> starts = new TreeSet<>();
        starts.add(0);
        for (int i = 0; i < n; i++) {
            long s = insns[i];
            if (isPseudoCall(s) || isPseudoFunc(s)) {
                long target = (long) i + Slots.imm(s) + 1;
                if (target < 0 || target >= n) throw Reject.inval(Messages.CALL_INVALID_DEST);
                starts.add((int) target);
            } else if (isKfuncCall(s) && (Slots.imm(s) != 0 || Slots.offset(s) != 0)) {
                // a call with no function (imm 0, off 0) passes here and is refused after the walk if reached
                throw Reject.inval(Messages.notModelled("a kfunc call (insn " + i + ")"));
            }
        }
        subprogStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    private void checkSubprogs() {
        int cur = 0;
        int start = subprogStarts[0];
        int end = subprogStarts.length > 1 ? subprogStarts[1] : n;
        for (int i = 0; i < n; i++) {
            int code = code(insns[i]);
            int cls = code & 7;
            boolean jump = (cls == 5 || cls == 6) && (code & 0xf0) != 0x90 && (code & 0xf0) != 0x80;
            if (jump) {
                long off = code == 0x06 ? (long) i + Slots.imm(insns[i]) + 1 : (long) i + Slots.offset(insns[i]) + 1;
                if (off < start || off >= end) throw Reject.inval(String.format(Messages.JUMP_OUT_OF_RANGE, i, off));
            }
            if (i == end - 1) {
                if (code != 0x95 && code != 0x06 && code != 0x05) throw Reject.inval(Messages.LAST_INSN);
                start = end;
                cur++;
                end = cur + 1 < subprogStarts.length ? subprogStarts[cur + 1] : n;
            }
        }
    }

    /**
     * LD_ABS/LD_IND and tail calls leave a function without passing through its exit. The kernel allows that in a
     * subprogram only when the program comes with BTF function info, which a raw program has not: the first
     * subprogram (after the main one) holding either is refused, LD_ABS before tail_call within one subprogram.
     */
    private void checkAbnormalReturns() {
        for (int k = 1; k < subprogStarts.length; k++) {
            int end = k + 1 < subprogStarts.length ? subprogStarts[k + 1] : n;
            boolean ldAbs = false, tailCall = false;
            for (int i = subprogStarts[k]; i < end; i++) {
                long s = insns[i];
                int code = code(s);
                if ((code & 7) == 0 && ((code & 0xe0) == 0x20 || (code & 0xe0) == 0x40)) ldAbs = true;
                if (code == 0x85 && Slots.src(s) == 0 && Slots.imm(s) == TAIL_CALL) tailCall = true;
            }
            if (ldAbs) throw Reject.inval(Messages.LD_ABS_IN_SUBPROG);
            if (tailCall) throw Reject.inval(Messages.TAIL_CALL_IN_SUBPROG);
        }
    }

    private static final int TAIL_CALL = 12;

    private void resolveLdImm64() {
        mapAt = new int[n];
        mapValueOff = new int[n];
        Arrays.fill(mapAt, -1);
        for (int i = 0; i < n; i++) {
            long s = insns[i];
            int code = code(s);
            if ((code & 7) == 1 && (((code & 0xe0) != 0x60 && (code & 0xe0) != 0x80) || Slots.imm(s) != 0)) {
                throw Reject.inval(Messages.LDX_RESERVED);
            }
            if (code == 0x18) {
                if (i == n - 1 || code(insns[i + 1]) != 0 || Slots.dst(insns[i + 1]) != 0
                        || Slots.src(insns[i + 1]) != 0 || Slots.offset(insns[i + 1]) != 0) {
                    throw Reject.inval(Messages.INVALID_LDIMM64);
                }
                resolveMapLoad(i, s, insns[i + 1]);
                i++;
                continue;
            }
            if (!OpcodeTable.isKnown(code)) throw Reject.inval(String.format(Messages.UNKNOWN_OPCODE, code));
        }
    }

    private void resolveMapLoad(int i, long s, long second) {
        int src = Slots.src(s);
        if (src == 0 || src == 4) return;
        if (src == 3) {
            // the second slot's imm names a module's BTF object by fd; the simulator has none (0 means vmlinux)
            if (Slots.imm(second) != 0) throw Reject.inval("invalid module BTF object FD specified.");
            throw Reject.inval(Messages.notModelled("an LD_IMM64 of a BTF id (insn " + i + ")"));
        }
        switch (src) {
            case 2: case 6: break;
            case 1: case 5:
                if (Slots.imm(second) == 0) break;
                // fall through
            default:
                throw Reject.inval(Messages.UNRECOGNIZED_LDIMM64);
        }
        if (src == 5 || src == 6) throw new Reject(Errno.EPROTO, Messages.FD_IDX_WITHOUT_ARRAY);
        int m = bindingOf(i);
        if (m < 0) {
            // the kernel resolves the number as a file descriptor of the loading process: 0, 1 and 2 are its
            // standard streams, open but not maps (EINVAL); any other number is taken as closed (EBADF)
            int fd = Slots.imm(s);
            throw new Reject(fd >= 0 && fd <= 2 ? Errno.EINVAL : Errno.EBADF, String.format(Messages.FD_NOT_MAP, fd));
        }
        mapAt[i] = m;
        compatible(m);
        if (src == 2) {
            long off = Slots.imm(second) & 0xffffffffL;
            if (off >= (1L << 29)) throw Reject.inval(String.format(Messages.DIRECT_VALUE_OFFSET, off));
            MapSpec spec = maps.get(m).map();
            if (spec.type() != MapType.ARRAY) throw Reject.inval(Messages.NO_DIRECT_VALUE);
            if (spec.maxEntries() != 1) {
                throw new Reject(Errno.ENOTSUPP, String.format(Messages.MAP_VALUE_PTR_ACCESS, spec.valueSize(), off));
            }
            if (off >= spec.valueSize()) {
                throw Reject.inval(String.format(Messages.MAP_VALUE_PTR_ACCESS, spec.valueSize(), off));
            }
            mapValueOff[i] = (int) off;
        }
    }

    /** Maps whose values hold spin locks or timers are off limits to some program types. */
    private void compatible(int m) {
        String btf = btfValueMaps.get(m);
        if (btf == null || type == null) return;
        boolean tracing = type == dev.ebpf4j.asm.uapi.ProgType.KPROBE || type == dev.ebpf4j.asm.uapi.ProgType.TRACEPOINT
                || type == dev.ebpf4j.asm.uapi.ProgType.PERF_EVENT || type == dev.ebpf4j.asm.uapi.ProgType.RAW_TRACEPOINT
                || type == dev.ebpf4j.asm.uapi.ProgType.RAW_TRACEPOINT_WRITABLE;
        if (btf.contains("bpf_spin_lock")) {
            if (type == dev.ebpf4j.asm.uapi.ProgType.SOCKET_FILTER) throw Reject.inval("socket filter progs cannot use bpf_spin_lock yet");
            if (tracing) throw Reject.inval("tracing progs cannot use bpf_spin_lock yet");
        }
        if (btf.contains("bpf_timer") && tracing) throw Reject.inval("tracing progs cannot use bpf_timer yet");
    }

    private int bindingOf(int slot) {
        for (int m = 0; m < maps.size(); m++) if (maps.get(m).insnIndices().contains(slot)) return m;
        return -1;
    }

    /** The kernel's iterative depth-first walk over the instruction graph. */
    private void walkCfg() {
        prune = new boolean[n];
        jmpPoint = new boolean[n];
        jumpTarget = new boolean[n];
        int[] state = new int[n];
        int[] stack = new int[n + 1];
        int sp = 0;
        state[0] = DISCOVERED;
        stack[sp++] = 0;
        while (sp > 0) {
            int t = stack[sp - 1];
            int r = visit(t, state, stack, sp);
            if (r == DONE) {
                state[t] = EXPLORED;
                sp--;
            } else if (r == KEEP) {
                sp++;
            } // KEEP_NO_PUSH: re-visit
        }
        for (int i = 0; i < n; i++) {
            if (state[i] != EXPLORED) throw Reject.inval(String.format(Messages.UNREACHABLE, i));
            if (code(insns[i]) == 0x18) {
                if (state[i + 1] != 0) throw Reject.inval(String.format(Messages.JUMP_INTO_LDIMM64, i));
                i++;
            }
        }
    }

    private static final int DONE = 0;
    private static final int KEEP = 1;

    private int visit(int t, int[] state, int[] stack, int sp) {
        long s = insns[t];
        int code = code(s);
        int cls = code & 7;
        if (isPseudoFunc(s)) return visitCall(t, 2, true, state, stack, sp);
        if (cls != 5 && cls != 6) return push(t, t + (code == 0x18 ? 2 : 1), FALLTHROUGH, state, stack, sp);
        int op = code & 0xf0;
        if (op == 0x90) return DONE;
        if (op == 0x80) return visitCall(t, 1, isPseudoCall(s), state, stack, sp);
        if (op == 0x00) {
            if ((code & 0x08) != 0) throw Reject.inval(Messages.notModelled("an indirect jump (gotox) at insn " + t));
            int off = cls == 5 ? Slots.offset(s) : Slots.imm(s);
            int r = push(t, t + off + 1, FALLTHROUGH, state, stack, sp);
            if (t + off + 1 >= 0 && t + off + 1 < n) prune[t + off + 1] = jmpPoint[t + off + 1] = jumpTarget[t + off + 1] = true;
            return r;
        }
        prune[t] = true;
        int r = push(t, t + 1, FALLTHROUGH, state, stack, sp);
        if (r != DONE) return r;
        return push(t, t + Slots.offset(s) + 1, BRANCH, state, stack, sp);
    }

    private int visitCall(int t, int size, boolean callee, int[] state, int[] stack, int sp) {
        int r = push(t, t + size, FALLTHROUGH, state, stack, sp);
        if (t + size < n) prune[t + size] = jmpPoint[t + size] = true;
        if (r != DONE) return r;
        if (callee) {
            prune[t] = true;
            return push(t, t + Slots.imm(insns[t]) + 1, BRANCH, state, stack, sp);
        }
        return r;
    }

    private int push(int t, int w, int e, int[] state, int[] stack, int sp) {
        if (e == FALLTHROUGH && state[t] >= (DISCOVERED | FALLTHROUGH)) return DONE;
        if (e == BRANCH && state[t] >= (DISCOVERED | BRANCH)) return DONE;
        if (w < 0 || w >= n) throw Reject.inval(String.format(Messages.JUMP_OUT_OF_RANGE, t, w));
        if (e == BRANCH) prune[w] = jmpPoint[w] = jumpTarget[w] = true;
        if (state[w] == 0) {
            state[t] = DISCOVERED | e;
            state[w] = DISCOVERED;
            stack[sp] = w;
            return KEEP;
        }
        if (state[w] == EXPLORED) state[t] = DISCOVERED | e;
        return DONE;
    }
}
