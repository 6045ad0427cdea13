package dev.ebpf4j.loader.btf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a small raw BTF blob (the format of Documentation/bpf/btf.rst: a header, type records, a string
 * section): enough to describe map values that hold special fields (bpf_spin_lock, bpf_timer, kptrs).
 * Type ids start at 1 in the order types are added.
 */
public final class BtfBuilder {
    private static final int KIND_INT = 1, KIND_PTR = 2, KIND_STRUCT = 4, KIND_FWD = 7, KIND_TYPE_TAG = 18;
    private static final int INT_SIGNED = 1;

    private final ByteBuffer types = ByteBuffer.allocate(1 << 16).order(ByteOrder.nativeOrder());
    private final ByteArrayOutputStream strings = new ByteArrayOutputStream();
    private final Map<String, Integer> stringOffsets = new LinkedHashMap<>();
    private int nextId = 1;

    public BtfBuilder() {
        strings.write(0);   // offset 0 is the empty name
        stringOffsets.put("", 0);
    }

    /** A struct member: name, type id, offset in bits. */
    public record Member(String name, int type, int bitOffset) {}

    /** {@code int}-like: name, size in bytes, signed or not. */
    public int addInt(String name, int size, boolean signed) {
        header(name, KIND_INT, 0, size);
        types.putInt((signed ? INT_SIGNED : 0) << 24 | (size * 8));
        return nextId++;
    }

    /** A struct of {@code size} bytes. */
    public int addStruct(String name, int size, Member... members) {
        header(name, KIND_STRUCT, members.length, size);
        for (Member m : members) {
            types.putInt(string(m.name())).putInt(m.type()).putInt(m.bitOffset());
        }
        return nextId++;
    }

    /** A pointer to {@code type}. */
    public int addPtr(int type) {
        header("", KIND_PTR, 0, type);
        return nextId++;
    }

    /** A type tag such as {@code kptr} or {@code kptr_untrusted} on {@code type}. */
    public int addTypeTag(String tag, int type) {
        header(tag, KIND_TYPE_TAG, 0, type);
        return nextId++;
    }

    /** A forward declaration of a struct. */
    public int addFwdStruct(String name) {
        header(name, KIND_FWD, 0, 0);
        return nextId++;
    }

    private void header(String name, int kind, int vlen, int sizeOrType) {
        types.putInt(string(name)).putInt(kind << 24 | vlen).putInt(sizeOrType);
    }

    private int string(String s) {
        return stringOffsets.computeIfAbsent(s, k -> {
            int off = strings.size();
            strings.writeBytes(k.getBytes(StandardCharsets.US_ASCII));
            strings.write(0);
            return off;
        });
    }

    /** The raw BTF: header, types, strings. */
    public byte[] build() {
        int typeLen = types.position();
        byte[] str = strings.toByteArray();
        ByteBuffer out = ByteBuffer.allocate(24 + typeLen + str.length).order(ByteOrder.nativeOrder());
        out.putShort((short) 0xeB9F).put((byte) 1).put((byte) 0).putInt(24);
        out.putInt(0).putInt(typeLen).putInt(typeLen).putInt(str.length);
        out.put(types.array(), 0, typeLen).put(str);
        return out.array();
    }
}
