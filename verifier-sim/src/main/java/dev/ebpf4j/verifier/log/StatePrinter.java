package dev.ebpf4j.verifier.log;

import dev.ebpf4j.asm.MapSpec;
import dev.ebpf4j.verifier.domain.ScalarText;
import dev.ebpf4j.verifier.walk.Frame;
import dev.ebpf4j.verifier.walk.Num;
import dev.ebpf4j.verifier.walk.Reg;
import dev.ebpf4j.verifier.walk.RegType;
import dev.ebpf4j.verifier.walk.StateView;

/** Prints registers and stack slots as the 6.18 log does ({@code R1=ctx() R10=fp0 fp-8=mmmm????}). */
public final class StatePrinter {
    private static final char[] SLOT_CHARS = {'?', 'r', 'm', '0'};

    private StatePrinter() {}

    /** One frame's state, each item preceded by a space; all of it, or only what was scratched. */
    public static String frameState(StateView env, Frame f, boolean all) {
        StringBuilder sb = new StringBuilder();
        if (f.frameNo > 0) sb.append(" frame").append(f.frameNo).append(':');
        for (int r = 0; r <= 10; r++) {
            Reg reg = f.regs[r];
            if (reg.type == RegType.NOT_INIT) continue;
            if (!all && !env.regScratched(r)) continue;
            sb.append(" R").append(r).append('=');
            reg(sb, env, f, reg);
        }
        int slots = (f.allocated + 7) / 8;
        for (int spi = 0; spi < slots; spi++) {
            if (!all && !env.slotScratched(f.frameNo, spi)) continue;
            boolean valid = false;
            char[] chars = new char[8];
            for (int j = 0; j < 8; j++) {
                byte k = f.kind[spi * 8 + j];
                if (k != Frame.INVALID) valid = true;
                chars[j] = SLOT_CHARS[k];
            }
            if (!valid) continue;
            sb.append(" fp").append(-(spi + 1) * 8).append('=');
            if (f.kind[spi * 8 + 7] == Frame.SPILL) {
                int j = 0;
                while (j < 8 && f.kind[spi * 8 + j] != Frame.SPILL) j++;
                sb.append(chars, 0, j);
                reg(sb, env, f, f.spilled[spi]);
            } else {
                sb.append(chars);
            }
        }
        // The references belong to the whole state (6.18): every frame's line ends with them.
        if (env.refs().length > 0) {
            sb.append(" refs=");
            for (int i = 0; i < env.refs().length; i++) sb.append(i == 0 ? "" : ",").append(env.refs()[i]);
        }
        return sb.toString();
    }

    /** The kernel's verbose_snum: decimal in [-32768, 32767], else the 64-bit pattern in hex. */
    static void snum(StringBuilder sb, long v) {
        sb.append(ScalarText.signed(v));
    }

    /** The kernel's verbose_unum: decimal up to 65535, else hex. */
    static void unum(StringBuilder sb, long v) {
        sb.append(ScalarText.unsigned(v));
    }

    /** One register's value. */
    public static void reg(StringBuilder sb, StateView env, Frame f, Reg reg) {
        RegType t = reg.type;
        if (t == RegType.SCALAR && reg.precise) sb.append('P'); // only kept states carry precision marks
        if (t == RegType.SCALAR && Num.isConst(reg.val)) {
            snum(sb, Num.constValue(reg.val));
            return;
        }
        sb.append(dev.ebpf4j.verifier.walk.BtfPtr.typeName(reg));
        if (t == RegType.BTF_ID) sb.append(dev.ebpf4j.verifier.walk.BtfPtr.structName(reg));
        if (t == RegType.STACK) {
            if (reg.frameNo != f.frameNo) sb.append('[').append(reg.frameNo).append(']');
            if (Num.isConst(reg.val)) {
                snum(sb, Num.constValue(reg.val) + reg.off);
                return;
            }
        }
        sb.append('(');
        String sep = "";
        if (reg.id != 0) {
            sb.append("id=").append(reg.baseId());
            // a scalar linked by an added constant shows it: id=1+4, id=1-3
            if ((reg.id & Reg.ADD_CONST) != 0) sb.append(reg.off >= 0 ? "+" : "").append(reg.off);
            sep = ",";
        }
        if (reg.refObjId != 0) { sb.append(sep).append("ref_obj_id=").append(reg.refObjId); sep = ","; }
        if ((t == RegType.MAP_PTR || t == RegType.MAP_VALUE || t == RegType.MAP_KEY) && reg.map >= 0) {
            MapSpec m = env.map(reg.map);
            if (!m.name().isEmpty()) { sb.append(sep).append("map=").append(kernelMapName(m.name())); sep = ","; }
            sb.append(sep).append("ks=").append(m.keySize()).append(",vs=").append(m.valueSize());
            sep = ",";
        }
        if (t != RegType.SCALAR && reg.off != 0) { sb.append(sep).append("off="); snum(sb, reg.off); sep = ","; }
        if (t.isPacket()) { sb.append(sep).append("r="); unum(sb, reg.range); sep = ","; }
        if (t == RegType.MEM || t == RegType.RINGBUF_MEM) { sb.append(sep).append("sz="); unum(sb, reg.memSize); sep = ","; }
        if (Num.isConst(reg.val)) {
            if (Num.constValue(reg.val) != 0) { sb.append(sep).append("imm="); snum(sb, Num.constValue(reg.val)); }
        } else {
            String ranges = Num.printRanges(reg.val);
            if (!ranges.isEmpty()) sb.append(sep).append(ranges);
        }
        sb.append(')');
    }

    /** A map's name as the kernel keeps it: at most 15 characters (BPF_OBJ_NAME_LEN less the terminating zero). */
    static String kernelMapName(String name) {
        return name.length() <= 15 ? name : name.substring(0, 15);
    }
}
