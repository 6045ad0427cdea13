package dev.ebpf4j.vm;

/** Out-of-line pieces of compiled code (see {@link Jit}): the rarer operations, kept in one place. */
final class JitSupport {
    private JitSupport() {}

    static void checkBudget(long steps, long budget) {
        if (steps > budget) throw VmFault.of(FaultKind.INSN_LIMIT, "instruction budget of " + budget + " exhausted");
    }

    /** An atomic read-modify-write; returns the old value (zero-extended for 32 bits). */
    static long atomic(Memory mem, int op, long addr, long v, long r0) {
        boolean is64 = ((op - Op.A_ADD) & 1) == 1;
        int size = is64 ? 8 : 4;
        Region reg = mem.resolve(addr, size, true, true);
        byte[] m = reg.mem;
        int i = mem.lastIndex;
        long old = Memory.get(m, i, size);
        switch ((op - Op.A_ADD) & ~1) {
            case 0: case 8: Memory.put(m, i, size, old + v); break;
            case 2: case 10: Memory.put(m, i, size, old | v); break;
            case 4: case 12: Memory.put(m, i, size, old & v); break;
            case 6: case 14: Memory.put(m, i, size, old ^ v); break;
            case 16: Memory.put(m, i, size, v); break;
            default:
                if (is64 ? old == r0 : (int) old == (int) r0) Memory.put(m, i, size, v);
                break;
        }
        return old;
    }

    static long loadAcquire(Memory mem, long addr, int size) {
        Region reg = mem.resolve(addr, size, false, true);
        return Memory.get(reg.mem, mem.lastIndex, size);
    }

    static void storeRelease(Memory mem, long addr, int size, long v) {
        Region reg = mem.resolve(addr, size, true, true);
        Memory.put(reg.mem, mem.lastIndex, size, v);
    }
}
