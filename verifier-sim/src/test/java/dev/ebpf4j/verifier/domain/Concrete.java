package dev.ebpf4j.verifier.domain;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.JmpOp;

/** What the instructions compute on concrete values (the BPF ISA; shift amounts taken modulo the width). */
final class Concrete {
    private Concrete() {}

    static long alu(AluOp op, boolean alu64, long x, long y) {
        if (!alu64) {
            int a = (int) x;
            int b = (int) y;
            int r;
            switch (op) {
                case ADD: r = a + b; break;
                case SUB: r = a - b; break;
                case MUL: r = a * b; break;
                case DIV: r = b == 0 ? 0 : Integer.divideUnsigned(a, b); break;
                case SDIV: r = b == 0 ? 0 : (a == Integer.MIN_VALUE && b == -1 ? a : a / b); break;
                case MOD: r = b == 0 ? a : Integer.remainderUnsigned(a, b); break;
                case SMOD: r = b == 0 ? a : (b == -1 ? 0 : a % b); break;
                case OR: r = a | b; break;
                case AND: r = a & b; break;
                case XOR: r = a ^ b; break;
                case LSH: r = a << (b & 31); break;
                case RSH: r = a >>> (b & 31); break;
                case ARSH: r = a >> (b & 31); break;
                case NEG: r = -a; break;
                case MOV: r = b; break;
                case MOVSX8: r = (byte) b; break;
                case MOVSX16: r = (short) b; break;
                default: throw new IllegalArgumentException(op + " in 32 bits");
            }
            return Integer.toUnsignedLong(r);
        }
        switch (op) {
            case ADD: return x + y;
            case SUB: return x - y;
            case MUL: return x * y;
            case DIV: return y == 0 ? 0 : Long.divideUnsigned(x, y);
            case SDIV: return y == 0 ? 0 : (x == Long.MIN_VALUE && y == -1 ? x : x / y);
            case MOD: return y == 0 ? x : Long.remainderUnsigned(x, y);
            case SMOD: return y == 0 ? x : (y == -1 ? 0 : x % y);
            case OR: return x | y;
            case AND: return x & y;
            case XOR: return x ^ y;
            case LSH: return x << (y & 63);
            case RSH: return x >>> (y & 63);
            case ARSH: return x >> (y & 63);
            case NEG: return -x;
            case MOV: return y;
            case MOVSX8: return (byte) y;
            case MOVSX16: return (short) y;
            case MOVSX32: return (int) y;
            default: throw new IllegalArgumentException(op.toString());
        }
    }

    static long endian(long x, int bits, boolean swap) {
        if (!swap) return bits == 64 ? x : x & ((1L << bits) - 1);
        switch (bits) {
            case 16: return Short.toUnsignedLong(Short.reverseBytes((short) x));
            case 32: return Integer.toUnsignedLong(Integer.reverseBytes((int) x));
            default: return Long.reverseBytes(x);
        }
    }

    static boolean cond(JmpOp op, boolean jmp32, long x, long y) {
        if (jmp32) {
            x = (int) x;
            y = (int) y;
            long ux = x & 0xffffffffL;
            long uy = y & 0xffffffffL;
            return compare(op, x, y, ux, uy);
        }
        return compare(op, x, y, x, y);
    }

    private static boolean compare(JmpOp op, long sx, long sy, long ux, long uy) {
        switch (op) {
            case JEQ: return ux == uy;
            case JNE: return ux != uy;
            case JSET: return (ux & uy) != 0;
            case JGT: return Long.compareUnsigned(ux, uy) > 0;
            case JGE: return Long.compareUnsigned(ux, uy) >= 0;
            case JLT: return Long.compareUnsigned(ux, uy) < 0;
            case JLE: return Long.compareUnsigned(ux, uy) <= 0;
            case JSGT: return sx > sy;
            case JSGE: return sx >= sy;
            case JSLT: return sx < sy;
            case JSLE: return sx <= sy;
            default: throw new IllegalArgumentException(op.toString());
        }
    }
}
