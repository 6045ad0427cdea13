package dev.ebpf4j.verifier.walk;

import dev.ebpf4j.asm.MapSpec;
import dev.ebpf4j.asm.Slots;
import dev.ebpf4j.verifier.Messages;
import dev.ebpf4j.verifier.Reject;
import dev.ebpf4j.verifier.tables.CtxAccess;

/**
 * LDX, ST, STX and atomics: the kernel's {@code check_mem_access} by pointer type (stack, map value, context,
 * packet, ...), alignment, and what a load leaves in the destination register.
 */
final class MemoryRules {
    static final boolean READ = false;
    static final boolean WRITE = true;
    private static final int MAP_RDONLY_PROG = 0x80;
    private static final int MAP_WRONLY_PROG = 0x100;

    /** {@code sizeof(struct bpf_flow_keys)} (include/uapi/linux/bpf.h; live 6.18: off=52 size=4 is the last read). */
    static final int FLOW_KEYS_SIZE = 56;

    private MemoryRules() {}

    static int size(long s) {
        switch (Slots.opcode(s) & 0x18) {
            case 0x00: return 4;
            case 0x08: return 2;
            case 0x10: return 1;
            default: return 8;
        }
    }

    static void checkLdx(Walker w, long s) {
        int src = Slots.src(s);
        int dst = Slots.dst(s);
        boolean ldsx = (Slots.opcode(s) & 0xe0) == 0x80;
        Reg base = w.srcReg(src);
        w.dstReg(dst);
        RegType baseType = base.type;
        access(w, src, Slots.offset(s), size(s), READ, dst, false, ldsx);
        PtrTypes.save(w, baseType);
    }

    static void checkStx(Walker w, long s) {
        int code = Slots.opcode(s);
        if ((code & 0xe0) == 0xc0) {
            Atomics.check(w, s);
            return;
        }
        if ((code & 0xe0) != 0x60 || Slots.imm(s) != 0) throw Reject.inval(Messages.STX_RESERVED);
        int src = Slots.src(s);
        int dst = Slots.dst(s);
        w.srcReg(src);
        Reg base = w.srcReg(dst);
        RegType baseType = base.type;
        access(w, dst, Slots.offset(s), size(s), WRITE, src, false, false);
        PtrTypes.save(w, baseType);
    }

    static void checkSt(Walker w, long s) {
        int code = Slots.opcode(s);
        if ((code & 0xe0) != 0x60 || Slots.src(s) != 0) throw Reject.inval(Messages.ST_RESERVED);
        int dst = Slots.dst(s);
        Reg base = w.srcReg(dst);
        RegType baseType = base.type;
        stImm = Slots.imm(s);
        try {
            access(w, dst, Slots.offset(s), size(s), WRITE, -1, false, false);
        } finally {
            stImm = null;
        }
        PtrTypes.save(w, baseType);
    }

    /** The immediate of the BPF_ST being checked (a store of a known constant), else null. */
    static Integer stImm;

    /**
     * The kernel's {@code check_mem_access}: {@code regno} holds the pointer, {@code valueReg} the register
     * stored or loaded (-1 for none).
     */
    static void access(Walker w, int regno, int off, int size, boolean write, int valueReg, boolean strictOnce,
                       boolean ldsx) {
        Reg reg = w.st.reg(regno);
        Alignment.check(w, reg, off, size, strictOnce);
        off += reg.off;
        Reg value = valueReg >= 0 ? w.st.reg(valueReg) : null;
        if (reg.maybeNull && reg.type != RegType.SCALAR) {
            throw Reject.acces(String.format(Messages.INVALID_MEM_ACCESS, regno, BtfPtr.typeName(reg)));
        }
        switch (reg.type) {
            case MAP_VALUE: {
                MapSpec m = w.map(reg.map);
                int cap = m.flags();
                long at = Num.smin(reg.val) + off;
                if (write && (cap & MAP_RDONLY_PROG) != 0) {
                    throw Reject.acces(String.format(Messages.WRITE_MAP_FORBIDDEN, m.valueSize(), at, size));
                }
                if (!write && (cap & MAP_WRONLY_PROG) != 0) {
                    throw Reject.acces(String.format(Messages.READ_MAP_FORBIDDEN, m.valueSize(), at, size));
                }
                boolean lockMap = SpinLocks.offset(w, reg.map) >= 0;
                boolean timerMap = Timers.offset(w, reg.map) >= 0;
                java.util.List<Kptrs.Field> kptrs = Kptrs.fields(w, reg.map);
                if (w.opts.btfValueMaps().containsKey(reg.map) && !lockMap && !timerMap && kptrs == null) {
                    throw Reject.acces(Messages.notModelled("access to a map value with BTF-described fields (spin lock, timer, kptr)"));
                }
                Bounds.region(w, regno, reg, off, size, m.valueSize(), false, "map value");
                if (lockMap) SpinLocks.checkDirectAccess(w, reg, off, size);
                if (timerMap) Timers.checkAccess(w, reg, off, size);
                if (kptrs != null && Kptrs.access(w, reg, off, size, write, kptrs)) break;
                if (!write && value != null) value.setUnknown();
                break;
            }
            case MAP_KEY: {
                if (write) throw Reject.acces("write to change key R" + regno + " not allowed");
                Bounds.region(w, regno, reg, off, size, w.map(reg.map).keySize(), false, "map key");
                if (value != null) value.setUnknown();
                break;
            }
            case MEM: case RINGBUF_MEM: {
                if (write && reg.rdonly) {
                    throw Reject.acces("R" + regno + " cannot write into " + reg.type.logName(false));
                }
                Bounds.region(w, regno, reg, off, size, reg.memSize, false, "memory");
                if (value != null && (!write || reg.rdonly)) value.setUnknown();
                break;
            }
            case CTX:
                ctx(w, regno, reg, off, size, write, value, ldsx);
                break;
            case STACK:
                Stack.access(w, regno, reg, off, size, write, valueReg);
                break;
            case PKT: case PKT_META: {
                if (write && !Packet.mayWrite(w)) throw Reject.acces(Messages.PKT_WRITE_FORBIDDEN);
                Packet.access(w, regno, reg, off, size);
                if (!write && value != null) value.setUnknown();
                break;
            }
            case SOCK: case SOCK_COMMON: case TCP_SOCK: case XDP_SOCK: {
                if (write) throw Reject.acces("R" + regno + " cannot write into " + reg.type.logName(false));
                Sockets.access(w, regno, reg, off, size);
                if (value != null) value.setUnknown();
                break;
            }
            case MAP_PTR:
                MapPtrAccess.access(w, regno, reg, off, size, write, value);
                break;
            case FLOW_KEYS:
                // any store (root may store pointers) and any load inside struct bpf_flow_keys; the pointer's
                // offset is always constant (variable arithmetic on it is refused)
                if (off < 0 || size <= 0 || off + size > FLOW_KEYS_SIZE) {
                    throw Reject.acces(String.format(Messages.FLOW_KEYS_ACCESS, off, size));
                }
                if (!write && value != null) value.setUnknown();
                break;
            case TP_BUFFER:
                // any constant, non-negative offset: the buffer's size is checked when the program is attached
                if (off < 0) {
                    throw Reject.acces(String.format("R%d invalid tracepoint buffer access: off=%d, size=%d", regno, off, size));
                }
                if (!reg.fixedOffset()) {
                    throw Reject.acces(String.format("R%d invalid variable buffer offset: off=%d, var_off=%s", regno, off,
                            Num.tnumString(reg.val)));
                }
                if (!write && value != null) value.setUnknown();
                break;
            case BTF_ID:
                BtfPtr.access(w, regno, reg, off, size, write, value);
                break;
            default:
                throw Reject.acces(String.format(Messages.INVALID_MEM_ACCESS, regno, BtfPtr.typeName(reg)));
        }
        if (size < 8 && value != null && !write && value.type == RegType.SCALAR) {
            value.val = ldsx ? Num.signExtend(value.val, size) : Num.truncate(value.val, size);
        }
    }

    private static void ctx(Walker w, int regno, Reg reg, int off, int size, boolean write, Reg value,
                            boolean ldsx) {
        if (reg.off < 0) {
            throw Reject.acces(String.format(Messages.NEGATIVE_CTX, regno, reg.off));
        }
        if (reg.off != 0) throw Reject.acces(String.format(Messages.MODIFIED_CTX, regno, reg.off));
        if (!reg.fixedOffset()) {
            throw Reject.acces(String.format(Messages.VARIABLE_CTX, Num.tnumString(reg.val)));
        }
        CtxAccess.Access a;
        try {
            a = CtxAccess.access(w.type, w.opts.expectedAttachType(), off, size, write, ldsx);
        } catch (CtxAccess.NotModelled e) {
            throw Reject.acces(Messages.notModelled(e.getMessage()));
        }
        if (a == null) throw Reject.acces(String.format(Messages.CTX_ACCESS, off, size));
        if (!write && value != null) {
            if (a.type() == RegType.SCALAR) {
                value.setUnknown();
            } else if (a.type() == RegType.BTF_ID) {
                BtfPtr.set(value, a.btfStruct(), BtfPtr.TRUSTED, a.maybeNull());
            } else {
                value.setPointer(a.type(), 0);
                value.maybeNull = a.maybeNull();
                if (a.maybeNull()) value.id = w.newId();
            }
        }
    }
}
