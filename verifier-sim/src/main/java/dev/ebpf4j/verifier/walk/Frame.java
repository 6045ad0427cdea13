package dev.ebpf4j.verifier.walk;

/**
 * One call frame ({@code struct bpf_func_state}): eleven registers and a 512-byte stack. Stack bytes are indexed
 * like the kernel's slots: byte {@code p = -off - 1} (0 is fp-1), slot {@code p / 8}, kind {@code kind[p]}.
 */
public final class Frame {
    public static final int STACK_SIZE = 512;
    public static final int SLOTS = STACK_SIZE / 8;

    public static final byte INVALID = 0;
    public static final byte SPILL = 1;
    public static final byte MISC = 2;
    public static final byte ZERO = 3;

    public final Reg[] regs = new Reg[11];
    public final byte[] kind = new byte[STACK_SIZE];
    /** The register spilled in each slot (when its bytes are SPILL). */
    public final Reg[] spilled = new Reg[SLOTS];
    /** Deepest stack byte touched (the kernel's allocated_stack). */
    public int allocated;
    public final int frameNo;
    /** Instruction of the call that made this frame, -1 for the main program. */
    public final int callsite;
    public final int subprog;

    public Frame(int frameNo, int callsite, int subprog) {
        this.frameNo = frameNo;
        this.callsite = callsite;
        this.subprog = subprog;
        for (int i = 0; i < regs.length; i++) {
            regs[i] = new Reg();
            regs[i].setNotInit();
        }
    }

    public Frame copy() {
        Frame f = new Frame(frameNo, callsite, subprog);
        for (int i = 0; i < regs.length; i++) f.regs[i].set(regs[i]);
        System.arraycopy(kind, 0, f.kind, 0, STACK_SIZE);
        for (int i = 0; i < SLOTS; i++) if (spilled[i] != null) f.spilled[i] = spilled[i].copy();
        f.allocated = allocated;
        return f;
    }

    public boolean isSpill(int spi) {
        return kind[spi * 8 + 7] == SPILL;
    }

    /** Whether all 8 bytes of a slot hold one spilled register. */
    public boolean isFullSpill(int spi) {
        for (int j = 0; j < 8; j++) if (kind[spi * 8 + j] != SPILL) return false;
        return true;
    }

    /** Exact equality of registers and stack (loop detection). */
    public boolean sameAs(Frame o) {
        for (int i = 0; i < regs.length; i++) if (!regs[i].sameAs(o.regs[i])) return false;
        for (int i = 0; i < STACK_SIZE; i++) if (kind[i] != o.kind[i]) return false;
        for (int s = 0; s < SLOTS; s++) {
            if (kind[s * 8 + 7] == SPILL && !spilled[s].sameAs(o.spilled[s])) return false;
        }
        return callsite == o.callsite;
    }
}
