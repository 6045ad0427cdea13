package dev.ebpf4j.verifier.walk;


import dev.ebpf4j.verifier.Messages;
import dev.ebpf4j.verifier.Reject;

/**
 * The 512-byte stack: bounds, spills and fills of registers (pointers only whole and aligned), bytes written
 * as data ({@code m}) or zero ({@code 0}). Privileged programs may read bytes never written.
 */
final class Stack {
    private Stack() {}

    /** {@code check_stack_access_within_bounds}; returns the lowest offset touched. */
    static long bounds(Walker w, int regno, Reg reg, int off, int size, String extra) {
        long minOff;
        long maxOff;
        boolean fixed = Num.isConst(reg.val);
        if (fixed) {
            minOff = Num.constValue(reg.val) + off;
            maxOff = minOff + size;
        } else {
            long smin = Num.smin(reg.val);
            long smax = Num.smax(reg.val);
            if (smax >= Bounds.MAX_VAR_OFF || smin <= -Bounds.MAX_VAR_OFF) {
                throw Reject.acces(String.format(Messages.STACK_VAR_UNBOUNDED, extra, regno));
            }
            minOff = smin + off;
            maxOff = smax + off + size;
        }
        boolean bad = minOff < -Frame.STACK_SIZE || minOff > -1 || maxOff > 0 || size < 0;
        if (bad) {
            // a start inside the frame whose end runs past its top is EINVAL on the live kernel, the rest EACCES
            boolean pastTop = !(minOff < -Frame.STACK_SIZE || minOff > -1 || size < 0);
            String m = fixed ? String.format(Messages.STACK_BOUNDS, extra, regno, off, size)
                    : String.format(Messages.STACK_VAR, extra, regno, Num.tnumString(reg.val), off, size);
            throw pastTop ? Reject.inval(m) : Reject.acces(m);
        }
        return minOff;
    }

    static Frame frameOf(Walker w, Reg reg) {
        return w.st.frames[reg.frameNo];
    }

    static void access(Walker w, int regno, Reg reg, int off, int size, boolean write, int valueReg) {
        long minOff = bounds(w, regno, reg, off, size, write ? " write to" : " read from");
        Frame f = frameOf(w, reg);
        w.growStack(f, -minOff);
        w.fastCall.access(f.subprog, w.insn, minOff);
        recordAccess(w, f, reg, off, size, write);
        if (Num.isConst(reg.val)) {
            int o = (int) (Num.constValue(reg.val) + off);
            if (write) writeFixed(w, f, o, size, valueReg);
            else readFixed(w, f, o, size, valueReg);
        } else {
            if (write) writeVar(w, f, reg, off, size, valueReg);
            else readVar(w, f, reg, off, size, valueReg);
        }
    }

    /** Tells the stack liveness which slots this instruction read, or which whole slot it overwrote. */
    static void recordAccess(Walker w, Frame f, Reg reg, int off, int size, boolean write) {
        boolean own = f == w.st.frame();
        int up = w.st.cur - f.frameNo;
        long lo;
        long hi;
        if (Num.isConst(reg.val)) {
            lo = Num.constValue(reg.val) + off;
            hi = lo + size;
        } else {
            lo = Num.smin(reg.val) + off;
            hi = Num.smax(reg.val) + off + size;
        }
        int spiLo = (int) ((-hi) / 8);
        int spiHi = (int) ((-lo - 1) / 8);
        if (write) {
            boolean whole = Num.isConst(reg.val) && size == 8 && lo % 8 == 0;
            w.stackLive.write(w.insn, whole && own ? spiHi : -1);
            if (w.livenessLog != null) w.livenessLog.write(w.st, f.frameNo, w.insn, whole ? spiHi : -1);
        } else {
            w.stackLive.read(w.insn, spiLo, spiHi, up);
            if (w.livenessLog != null) w.livenessLog.read(w.st, f.frameNo, w.insn, StackLiveness.range(spiLo, spiHi));
        }
    }

    static void writeFixed(Walker w, Frame f, int off, int size, int valueReg) {
        int slot = -off - 1;
        int spi = slot / 8;
        Reg value = valueReg >= 0 ? w.st.reg(valueReg) : null;
        w.scratchSlot(f.frameNo, spi);
        if (value != null && off % 8 == 0 && value.type == RegType.SCALAR) {
            boolean fits = Num.bitWidth(value.val) <= size * 8;
            if (fits) LinkedScalars.beforeCopy(w, value);
            spill(f, spi, value, size);
            if (!fits) f.spilled[spi].clearLink();
            w.histStack(f.frameNo, spi);
            return;
        }
        if (value == null && off % 8 == 0 && MemoryRules.stImm != null) {
            Reg tmp = new Reg();
            tmp.setScalar(Num.known(MemoryRules.stImm));
            spill(f, spi, tmp, size);
            w.histStack(f.frameNo, spi);
            return;
        }
        if (value != null && value.isPointer()) {
            if (size != 8) throw Reject.acces(Messages.SPILL_SIZE);
            if (f != w.st.frame() && value.type == RegType.STACK) {
                throw Reject.inval("cannot spill pointers to stack into stack frame of the caller");
            }
            spill(f, spi, value, size);
            w.histStack(f.frameNo, spi);
            return;
        }
        byte kind = Frame.MISC;
        if ((value != null && value.isConst() && value.constValue() == 0)
                || (value == null && MemoryRules.stImm != null && MemoryRules.stImm == 0)) {
            kind = Frame.ZERO;
            // the slot is known zero only because the register is: its value must stay exact
            if (value != null) Precision.mark(w, valueReg);
        }
        scrubSpill(f, spi);
        for (int i = 0; i < size; i++) f.kind[slot - i] = kind;
    }

    /** A spill slot partly overwritten with data keeps no register. */
    private static void scrubSpill(Frame f, int spi) {
        if (f.kind[spi * 8 + 7] == Frame.SPILL || f.spilled[spi] != null) {
            for (int j = 0; j < 8; j++) if (f.kind[spi * 8 + j] == Frame.SPILL) f.kind[spi * 8 + j] = Frame.MISC;
            f.spilled[spi] = null;
        }
    }

    private static void spill(Frame f, int spi, Reg value, int size) {
        f.spilled[spi] = value.copy();
        int base = spi * 8;
        for (int i = 8; i > 8 - size; i--) f.kind[base + i - 1] = Frame.SPILL;
        for (int i = 8 - size; i > 0; i--) {
            byte k = f.kind[base + i - 1];
            if (k == Frame.SPILL) f.kind[base + i - 1] = Frame.MISC;
            // INVALID and ZERO bytes above a narrow spill stay as they were
        }
    }

    static void readFixed(Walker w, Frame f, int off, int size, int dstReg) {
        int slot = -off - 1;
        int spi = slot / 8;
        w.scratchSlot(f.frameNo, spi);
        Reg dst = dstReg >= 0 ? w.st.reg(dstReg) : null;
        int base = spi * 8;
        if (f.kind[base + 7] == Frame.SPILL) {
            Reg sp = f.spilled[spi];
            int spillSize = 1;
            for (int i = 7; i > 0 && f.kind[base + i - 1] == Frame.SPILL; i--) spillSize++;
            if (size != 8 || spillSize != 8) {
                if (sp.type != RegType.SCALAR) throw Reject.acces(Messages.FILL_SIZE);
                if (dst == null) return;
                if (size <= spillSize && off % 8 == 0) {
                    dst.set(sp);
                    if (Num.bitWidth(sp.val) > size * 8) dst.clearLink();
                    w.histStack(f.frameNo, spi);
                } else {
                    int spillCnt = 0;
                    int zeroCnt = 0;
                    for (int i = 0; i < size; i++) {
                        byte k = f.kind[slot - i];
                        if (k == Frame.SPILL) spillCnt++;
                        else if (k == Frame.ZERO) zeroCnt++;
                    }
                    if (spillCnt == size && sp.isConst() && sp.constValue() == 0) {
                        dst.setScalar(Num.known(0));
                        w.histStack(f.frameNo, spi);
                    } else if (zeroCnt == size) dst.setScalar(Num.known(0));
                    else dst.setUnknown();
                }
                return;
            }
            if (dst != null) dst.set(sp);
            w.histStack(f.frameNo, spi);
            return;
        }
        if (dst == null) return;
        boolean allZero = true;
        for (int i = 0; i < size; i++) if (f.kind[slot - i] != Frame.ZERO) allZero = false;
        if (allZero) dst.setScalar(Num.known(0));
        else dst.setUnknown();
    }

    private static void writeVar(Walker w, Frame f, Reg reg, int off, int size, int valueReg) {
        long minOff = Num.smin(reg.val) + off;
        long maxOff = Num.smax(reg.val) + off + size;
        Reg value = valueReg >= 0 ? w.st.reg(valueReg) : null;
        boolean zero = (value != null && value.isConst() && value.constValue() == 0)
                || (value == null && MemoryRules.stImm != null && MemoryRules.stImm == 0);
        // a pointer written at a variable offset is only data there (root may leak pointers: live 6.18 shows the
        // slots as mmmmmmmm)
        // whether a zero already there stays zero: then the value written must stay exactly zero
        boolean zeroUsed = false;
        for (long o = minOff; o < maxOff; o++) {
            int slot = (int) (-o - 1);
            int spi = slot / 8;
            // a zero written over a spilled constant zero leaves the spill as it is (live: fp-8=0 stays 0)
            Reg sp = f.spilled[spi];
            if (zero && f.kind[slot] == Frame.SPILL && sp != null && sp.isConst() && sp.constValue() == 0) {
                w.scratchSlot(f.frameNo, spi);
                zeroUsed = true;
                continue;
            }
            scrubSpill(f, spi);
            byte k = f.kind[slot];
            if (!zero) f.kind[slot] = Frame.MISC;
            else if (k != Frame.ZERO) f.kind[slot] = Frame.MISC;
            else zeroUsed = true;
            w.scratchSlot(f.frameNo, spi);
        }
        // only a zero that kept zeros zero is marked precise (live 6.18: none when the slots held data)
        if (zeroUsed && value != null) Precision.mark(w, valueReg);
    }

    private static void readVar(Walker w, Frame f, Reg reg, int off, int size, int dstReg) {
        long minOff = Num.smin(reg.val) + off;
        long maxOff = Num.smax(reg.val) + off + size;
        // the log shows only the slot of the lowest byte that may be read (live: fp-32 for a read in fp-32..fp-8)
        w.scratchSlot(f.frameNo, (int) (-minOff - 1) / 8);
        boolean allZero = true;
        for (long o = minOff; o < maxOff; o++) {
            int slot = (int) (-o - 1);
            byte k = f.kind[slot];
            // a spilled pointer read at a variable offset reads as data (root; live 6.18: R0=scalar())
            if (k != Frame.ZERO) allZero = false;
        }
        if (dstReg >= 0) {
            Reg dst = w.st.reg(dstReg);
            if (allZero) dst.setScalar(Num.known(0));
            else dst.setUnknown();
        }
    }
}
