package dev.ebpf4j.vm;

import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.Slots;

import java.util.List;
import java.util.function.IntFunction;

/**
 * A program predecoded once into flat arrays indexed by slot: the operation, registers, the immediate already
 * widened as the operation needs it (a whole LD_IMM64 value, a map's address), the jump target, and the masks of
 * registers each instruction reads and writes (for the uninitialised-register check). An instruction that cannot
 * run decodes to {@link Op#INVALID} with a reason, and faults only if it is reached. One extra slot at the end
 * ({@link Op#OUT_OF_PROGRAM}) catches falling off the program, and is where out-of-range jumps land.
 */
final class Decoded {
    final int n;
    final int[] op;
    final int[] dst;
    final int[] src;
    final int[] off;
    final long[] k;
    final int[] tgt;
    final int[] rmask;
    final int[] wmask;
    final String[] why;
    final long[] slots;
    /** The hot loop's view: {@code op | dst << 16 | src << 20} and {@code rmask | wmask << 16} per slot. */
    final int[] code;
    final int[] rw;

    Decoded(Program p, Vm vm, List<BpfMap> mapsByIndex, int codeRegion) {
        n = p.size();
        slots = p.slots();
        op = new int[n + 1];
        dst = new int[n + 1];
        src = new int[n + 1];
        off = new int[n + 1];
        k = new long[n + 1];
        tgt = new int[n + 1];
        rmask = new int[n + 1];
        wmask = new int[n + 1];
        why = new String[n + 1];
        op[n] = Op.OUT_OF_PROGRAM;
        for (int i = 0; i < n; i++) {
            if (op[i] == Op.INVALID && why[i] != null) continue; // second half of an LD_IMM64
            decode(i, vm, mapsByIndex::get, mapsByIndex.size(), codeRegion);
        }
        code = new int[n + 1];
        rw = new int[n + 1];
        for (int i = 0; i <= n; i++) {
            code[i] = op[i] | (dst[i] & 0xf) << 16 | (src[i] & 0xf) << 20;
            rw[i] = rmask[i] | wmask[i] << 16;
        }
    }

    private void invalid(int i, String reason) {
        op[i] = Op.INVALID;
        why[i] = reason;
        rmask[i] = 0;
        wmask[i] = 0;
    }

    private int target(long t) {
        return t < 0 || t >= n ? n : (int) t;
    }

    private static int bit(int reg) { return 1 << reg; }

    private void decode(int i, Vm vm, IntFunction<BpfMap> byIndex, int mapCount, int codeRegion) {
        long s = slots[i];
        int opc = Slots.opcode(s);
        int d = Slots.dst(s);
        int sr = Slots.src(s);
        int o = Slots.offset(s);
        int imm = Slots.imm(s);
        dst[i] = d;
        src[i] = sr;
        off[i] = o;
        k[i] = imm;
        String hex = String.format("opcode 0x%02x", opc);
        if (d > 10 || (sr > 10 && opc != 0x18 && opc != 0x85)) {
            invalid(i, hex + ": no register r" + Math.max(d, sr));
            return;
        }
        int cls = opc & 7;
        boolean x = (opc & 0x08) != 0;
        int code = opc >>> 4;
        switch (cls) {
            case 4: case 7: alu(i, opc, cls == 7, x, code, d, sr, o, imm, hex); break;
            case 5: case 6: jmp(i, opc, cls == 5, x, code, d, sr, o, imm, hex); break;
            case 0: ld(i, opc, d, sr, imm, vm, byIndex, mapCount, codeRegion, hex); break;
            case 1: {
                int mode = opc & 0xe0;
                int sz = sizeLog(opc);
                if (mode == 0x60) op[i] = Op.LDX + sz;
                else if (mode == 0x80 && sz < 3) op[i] = Op.LDXS + sz;
                else { invalid(i, hex + ": not a load"); return; }
                rmask[i] = bit(sr);
                wmask[i] = bit(d);
                break;
            }
            case 2: {
                if ((opc & 0xe0) != 0x60) { invalid(i, hex + ": not a store"); return; }
                op[i] = Op.ST + sizeLog(opc);
                rmask[i] = bit(d);
                break;
            }
            default: stx(i, opc, d, sr, imm, hex); break;
        }
        if ((wmask[i] & bit(10)) != 0) invalid(i, hex + ": r10 (the frame pointer) is read-only");
    }

    static int sizeLog(int opc) {
        switch (opc & 0x18) {
            case 0x10: return 0;
            case 0x08: return 1;
            case 0x00: return 2;
            default: return 3;
        }
    }

    private void alu(int i, int opc, boolean is64, boolean x, int code, int d, int sr, int o, int imm, String hex) {
        int form = (is64 ? 0 : 2) + (x ? 1 : 0);
        rmask[i] = bit(d) | (x ? bit(sr) : 0);
        wmask[i] = bit(d);
        int base;
        switch (code) {
            case 0x0: base = Op.ADD; break;
            case 0x1: base = Op.SUB; break;
            case 0x2: base = Op.MUL; break;
            case 0x3: base = o == 1 ? Op.SDIV : o == 0 ? Op.DIV : -1; break;
            case 0x4: base = Op.OR; break;
            case 0x5: base = Op.AND; break;
            case 0x6: base = Op.LSH; break;
            case 0x7: base = Op.RSH; break;
            case 0x9: base = o == 1 ? Op.SMOD : o == 0 ? Op.MOD : -1; break;
            case 0xa: base = Op.XOR; break;
            case 0xc: base = Op.ARSH; break;
            case 0x8:
                if (x) { invalid(i, hex + ": NEG takes no source register"); return; }
                op[i] = is64 ? Op.NEG64 : Op.NEG32;
                return;
            case 0xb:
                if (o == 0) {
                    op[i] = Op.MOV + form;
                    rmask[i] = x ? bit(sr) : 0;
                    if (!is64 && !x) k[i] = imm & 0xffffffffL;
                    return;
                }
                if (!x || !(o == 8 || o == 16 || (o == 32 && is64))) {
                    invalid(i, hex + ": MOV with offset " + o + " is not a sign-extending move this interpreter runs");
                    return;
                }
                op[i] = is64 ? (o == 8 ? Op.MOVSX64_8 : o == 16 ? Op.MOVSX64_16 : Op.MOVSX64_32)
                        : (o == 8 ? Op.MOVSX32_8 : Op.MOVSX32_16);
                rmask[i] = bit(sr);
                return;
            case 0xd:
                if ((is64 && x) || (imm != 16 && imm != 32 && imm != 64)) {
                    invalid(i, hex + ": byte swap of width " + imm);
                    return;
                }
                rmask[i] = bit(d);
                boolean swap = is64 || x;
                op[i] = (swap ? Op.BE16 : Op.LE16) + (imm == 16 ? 0 : imm == 32 ? 1 : 2);
                return;
            default:
                invalid(i, hex + ": unknown ALU operation");
                return;
        }
        if (base < 0 || (o != 0 && base != Op.SDIV && base != Op.SMOD)) {
            invalid(i, hex + ": ALU operation with reserved offset " + o);
            return;
        }
        op[i] = base + form;
        if (!x) {
            // widen the immediate as each operation's semantics say (isa.md section 2)
            boolean unsigned32 = !is64 && (base == Op.DIV || base == Op.MOD);
            k[i] = unsigned32 ? imm & 0xffffffffL : imm;
        }
    }

    private void jmp(int i, int opc, boolean is64, boolean x, int code, int d, int sr, int o, int imm, String hex) {
        int form = (is64 ? 0 : 2) + (x ? 1 : 0);
        rmask[i] = bit(d) | (x ? bit(sr) : 0);
        tgt[i] = target((long) i + 1 + o);
        switch (code) {
            case 0x0:
                if (x) { invalid(i, hex + ": indirect jump (gotox) is not supported"); return; }
                op[i] = Op.JA;
                rmask[i] = 0;
                if (!is64) tgt[i] = target((long) i + 1 + imm);
                return;
            case 0x1: op[i] = Op.JEQ + form; return;
            case 0x2: op[i] = Op.JGT + form; return;
            case 0x3: op[i] = Op.JGE + form; return;
            case 0x4: op[i] = Op.JSET + form; return;
            case 0x5: op[i] = Op.JNE + form; return;
            case 0x6: op[i] = Op.JSGT + form; return;
            case 0x7: op[i] = Op.JSGE + form; return;
            case 0xa: op[i] = Op.JLT + form; return;
            case 0xb: op[i] = Op.JLE + form; return;
            case 0xc: op[i] = Op.JSLT + form; return;
            case 0xd: op[i] = Op.JSLE + form; return;
            case 0x8:
                if (!is64) break;
                if (x) {
                    op[i] = Op.CALLX;
                    rmask[i] = bit(d);
                    return;
                }
                if (sr == 0) {
                    op[i] = Op.CALL_HELPER;
                    rmask[i] = Helpers.argMask(imm);
                    wmask[i] = 1;
                    return;
                }
                if (sr == 1) {
                    op[i] = Op.CALL_LOCAL;
                    rmask[i] = 0;
                    tgt[i] = target((long) i + 1 + imm);
                    return;
                }
                invalid(i, hex + ": kfunc calls (src_reg " + sr + ") are not supported");
                return;
            case 0x9:
                if (!is64 || x) break;
                op[i] = Op.EXIT;
                // r0 is checked in the interpreter, only when the main program exits: the kernel lets a
                // subprogram return without setting r0 (the caller's r0 then holds nothing)
                rmask[i] = 0;
                return;
            case 0xe:
                if (!is64 || x) break;
                op[i] = Op.MAY_GOTO;
                rmask[i] = 0;
                return;
            default:
                break;
        }
        invalid(i, hex + ": unknown jump operation");
    }

    private void ld(int i, int opc, int d, int sr, int imm, Vm vm, IntFunction<BpfMap> byIndex, int mapCount,
                    int codeRegion, String hex) {
        if (opc == 0x18) {
            if (i + 1 >= n) {
                invalid(i, "LD_IMM64 is truncated: its second slot is missing");
                return;
            }
            long next = slots[i + 1];
            invalid(i + 1, "jump into the second half of an LD_IMM64");
            op[i] = Op.LDDW;
            wmask[i] = bit(d);
            int hi = Slots.imm(next);
            BpfMap map;
            switch (sr) {
                case 0:
                    k[i] = (imm & 0xffffffffL) | (long) hi << 32;
                    return;
                case 1: case 2:
                    map = vm.mapByFd(imm);
                    if (map == null) { invalid(i, "LD_IMM64 refers to map fd " + imm + ", which is not loaded"); return; }
                    break;
                case 5: case 6:
                    map = imm >= 0 && imm < mapCount ? byIndex.apply(imm) : null;
                    if (map == null) { invalid(i, "LD_IMM64 refers to map index " + imm + ", which the program does not have"); return; }
                    break;
                case 4:
                    k[i] = vm.memory.base(codeRegion) + ((long) i + 1 + imm);
                    return;
                default:
                    op[i] = Op.LDDW_UNSUPPORTED;
                    why[i] = "LD_IMM64 with pseudo source " + sr + " (BTF id) is not supported";
                    return;
            }
            if (sr == 1 || sr == 5) {
                k[i] = map.address();
            } else if (map instanceof ArrayMap && !map.perCpu()) {
                k[i] = ((ArrayMap) map).elementAddress(0) + (hi & 0xffffffffL);
            } else {
                invalid(i, "LD_IMM64 map value of " + map + ": only plain array maps have direct value access");
            }
            return;
        }
        int mode = opc & 0xe0;
        int sz = sizeLog(opc);
        if ((mode == 0x20 || mode == 0x40) && sz < 3) {
            op[i] = (mode == 0x20 ? Op.LDABS_B : Op.LDIND_B) + sz;
            rmask[i] = bit(6) | (mode == 0x40 ? bit(sr) : 0);
            wmask[i] = 1;
            return;
        }
        invalid(i, hex + ": unknown LD instruction");
    }

    private void stx(int i, int opc, int d, int sr, int imm, String hex) {
        int mode = opc & 0xe0;
        int sz = sizeLog(opc);
        rmask[i] = bit(d) | bit(sr);
        if (mode == 0x60) {
            op[i] = Op.STX + sz;
            return;
        }
        if (mode != 0xc0) { invalid(i, hex + ": unknown STX mode"); return; }
        if (imm == 0x100) {
            op[i] = Op.LOAD_ACQ + sz;
            rmask[i] = bit(sr);
            wmask[i] = bit(d);
            return;
        }
        if (imm == 0x110) {
            op[i] = Op.STORE_REL + sz;
            return;
        }
        if (sz < 2) { invalid(i, hex + ": atomic read-modify-write of " + (1 << sz) + " bytes"); return; }
        int w = sz == 3 ? 1 : 0;
        switch (imm) {
            case 0x00: op[i] = Op.A_ADD + w; return;
            case 0x40: op[i] = Op.A_OR + w; return;
            case 0x50: op[i] = Op.A_AND + w; return;
            case 0xa0: op[i] = Op.A_XOR + w; return;
            case 0x01: op[i] = Op.A_FADD + w; break;
            case 0x41: op[i] = Op.A_FOR + w; break;
            case 0x51: op[i] = Op.A_FAND + w; break;
            case 0xa1: op[i] = Op.A_FXOR + w; break;
            case 0xe1: op[i] = Op.A_XCHG + w; break;
            case 0xf1:
                op[i] = Op.A_CMPXCHG + w;
                rmask[i] |= 1;
                wmask[i] = 1;
                return;
            default: invalid(i, hex + ": unknown atomic operation 0x" + Integer.toHexString(imm)); return;
        }
        wmask[i] = bit(sr);
    }
}
