package dev.ebpf4j.vm;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Just enough of a class file writer for {@link Jit}: a class with one static method, its constant pool and
 * bytecode with forward and backward branches. Version 50 (Java 6) class files need no StackMapTable (the JVM
 * infers the frames), which keeps this small.
 */
final class ClassBytes {
    // opcodes used by the compiler
    static final int ICONST_0 = 0x03, LCONST_0 = 0x09, LCONST_1 = 0x0a, BIPUSH = 0x10, SIPUSH = 0x11, LDC_W = 0x13,
            LDC2_W = 0x14, ILOAD = 0x15, LLOAD = 0x16, ALOAD = 0x19, ISTORE = 0x36, LSTORE = 0x37, LALOAD = 0x2f,
            LASTORE = 0x50, POP2 = 0x58, IADD = 0x60, LADD = 0x61, LSUB = 0x65, ISUB = 0x64, LMUL = 0x69, IMUL = 0x68,
            LNEG = 0x75, INEG = 0x74, ISHL = 0x78, LSHL = 0x79, ISHR = 0x7a, LSHR = 0x7b, IUSHR = 0x7c, LUSHR = 0x7d,
            IAND = 0x7e, LAND = 0x7f, IOR = 0x80, LOR = 0x81, IXOR = 0x82, LXOR = 0x83, I2L = 0x85, L2I = 0x88,
            I2B = 0x91, I2S = 0x93, LCMP = 0x94, IFEQ = 0x99, IFNE = 0x9a, IFLT = 0x9b, IFGE = 0x9c, IFGT = 0x9d,
            IFLE = 0x9e, IF_ICMPEQ = 0x9f, IF_ICMPNE = 0xa0, IF_ICMPLT = 0xa1, IF_ICMPGE = 0xa2, IF_ICMPGT = 0xa3,
            IF_ICMPLE = 0xa4, GOTO = 0xa7, LRETURN = 0xad, GETFIELD = 0xb4, PUTFIELD = 0xb5, INVOKEVIRTUAL = 0xb6,
            INVOKESTATIC = 0xb8, ATHROW = 0xbf;

    private final List<byte[]> pool = new ArrayList<>();
    private final Map<String, Integer> poolIndex = new HashMap<>();
    private int poolCount = 1;
    ByteArrayOutputStream code = new ByteArrayOutputStream();
    /** Branches to patch once the body is complete: {position of the branch, target position}. */
    final List<int[]> bytePatches = new ArrayList<>();
    /** 4-byte switch offsets to patch: {position of the offset, position of the switch, target position}. */
    final List<int[]> widePatches = new ArrayList<>();
    private final List<byte[]> methods = new ArrayList<>();

    private int entry(String key, byte[] bytes, int slots) {
        Integer i = poolIndex.get(key);
        if (i != null) return i;
        int idx = poolCount;
        pool.add(bytes);
        poolIndex.put(key, idx);
        poolCount += slots;
        return idx;
    }

    private static byte[] bytes(int tag, int... u2) {
        byte[] b = new byte[1 + 2 * u2.length];
        b[0] = (byte) tag;
        for (int i = 0; i < u2.length; i++) {
            b[1 + 2 * i] = (byte) (u2[i] >>> 8);
            b[2 + 2 * i] = (byte) u2[i];
        }
        return b;
    }

    int utf8(String s) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(o)) {
            d.writeByte(1);
            d.writeUTF(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entry("U" + s, o.toByteArray(), 1);
    }

    int classRef(String internalName) { return entry("C" + internalName, bytes(7, utf8(internalName)), 1); }

    int string(String s) { return entry("S" + s, bytes(8, utf8(s)), 1); }

    private int nameAndType(String name, String desc) {
        return entry("N" + name + ":" + desc, bytes(12, utf8(name), utf8(desc)), 1);
    }

    int methodRef(String owner, String name, String desc) {
        return entry("M" + owner + "." + name + desc, bytes(10, classRef(owner), nameAndType(name, desc)), 1);
    }

    int fieldRef(String owner, String name, String desc) {
        return entry("F" + owner + "." + name + desc, bytes(9, classRef(owner), nameAndType(name, desc)), 1);
    }

    int longConst(long v) {
        byte[] b = new byte[9];
        b[0] = 5;
        for (int i = 0; i < 8; i++) b[1 + i] = (byte) (v >>> (56 - 8 * i));
        return entry("J" + v, b, 2);
    }

    int intConst(int v) {
        byte[] b = {3, (byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        return entry("I" + v, b, 1);
    }

    // --- code ---

    int pos() { return code.size(); }

    void op(int opcode) { code.write(opcode); }

    void u1(int opcode, int v) {
        code.write(opcode);
        code.write(v);
    }

    void u2(int opcode, int v) {
        code.write(opcode);
        code.write(v >>> 8);
        code.write(v);
    }

    void pushInt(int v) {
        if (v >= -1 && v <= 5) op(ICONST_0 + v);
        else if (v >= -128 && v <= 127) u1(BIPUSH, v & 0xff);
        else if (v >= -32768 && v <= 32767) u2(SIPUSH, v & 0xffff);
        else u2(LDC_W, intConst(v));
    }

    void pushLong(long v) {
        if (v == 0) op(LCONST_0);
        else if (v == 1) op(LCONST_1);
        else u2(LDC2_W, longConst(v));
    }

    void lload(int slot) { u1(LLOAD, slot); }

    void lstore(int slot) { u1(LSTORE, slot); }

    /** A branch whose 16-bit offset is patched later; returns where to patch. */
    int branch(int opcode) {
        int at = pos();
        code.write(opcode);
        code.write(0);
        code.write(0);
        return at;
    }

    /**
     * {@code lookupswitch} on the int on the stack: to {@code targets[i]} (patched later by position) when it
     * equals {@code keys[i]} (sorted), else to {@code dflt}. Returns the positions of the offsets to patch, the
     * default first.
     */
    int[] lookupSwitch(int[] keys) {
        int at = pos();
        code.write(0xab);
        while (pos() % 4 != 0) code.write(0);
        int[] slots = new int[keys.length + 1];
        slots[0] = pos();
        writeInt(0);
        writeInt(keys.length);
        for (int i = 0; i < keys.length; i++) {
            writeInt(keys[i]);
            slots[i + 1] = pos();
            writeInt(0);
        }
        lastSwitch = at;
        return slots;
    }

    int lastSwitch;

    private void writeInt(int v) {
        code.write(v >>> 24);
        code.write(v >>> 16);
        code.write(v >>> 8);
        code.write(v);
    }

    /** Ends the current method: its code with branches patched, one catch-all handler for {@code catchType}. */
    void finishMethod(String method, String desc, int maxStack, int maxLocals, int tryStart, int tryEnd, int handler,
                      String catchType) {
        byte[] body = code.toByteArray();
        for (int[] f : bytePatches) {
            int rel = f[1] - f[0];
            if (rel != (short) rel) throw new IllegalStateException("branch out of range");
            body[f[0] + 1] = (byte) (rel >>> 8);
            body[f[0] + 2] = (byte) rel;
        }
        for (int[] f : widePatches) {
            int rel = f[2] - f[1];
            body[f[0]] = (byte) (rel >>> 24);
            body[f[0] + 1] = (byte) (rel >>> 16);
            body[f[0] + 2] = (byte) (rel >>> 8);
            body[f[0] + 3] = (byte) rel;
        }
        int methodName = utf8(method), methodDesc = utf8(desc), codeAttr = utf8("Code");
        int catchClass = classRef(catchType);
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(o)) {
            d.writeShort(0x0001 | 0x0008); // public static
            d.writeShort(methodName);
            d.writeShort(methodDesc);
            d.writeShort(1);
            d.writeShort(codeAttr);
            d.writeInt(2 + 2 + 4 + body.length + 2 + 8 + 2);
            d.writeShort(maxStack);
            d.writeShort(maxLocals);
            d.writeInt(body.length);
            d.write(body);
            d.writeShort(1);
            d.writeShort(tryStart);
            d.writeShort(tryEnd);
            d.writeShort(handler);
            d.writeShort(catchClass);
            d.writeShort(0); // code attributes
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        methods.add(o.toByteArray());
        code = new ByteArrayOutputStream();
        bytePatches.clear();
        widePatches.clear();
    }

    /** The bytes of a class {@code name} extending Object with the finished methods. */
    byte[] classFile(String name) {
        int thisClass = classRef(name);
        int superClass = classRef("java/lang/Object");
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(o)) {
            d.writeInt(0xCAFEBABE);
            d.writeShort(0);
            d.writeShort(50);
            d.writeShort(poolCount);
            for (byte[] e : pool) d.write(e);
            d.writeShort(0x0001 | 0x0010 | 0x0020); // public final super
            d.writeShort(thisClass);
            d.writeShort(superClass);
            d.writeShort(0); // interfaces
            d.writeShort(0); // fields
            d.writeShort(methods.size());
            for (byte[] m : methods) d.write(m);
            d.writeShort(0); // class attributes
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return o.toByteArray();
    }
}
