package dev.ebpf4j.vm;

/**
 * The program's context ({@code struct __sk_buff}, {@code struct xdp_md}): field-wise access, because the
 * kernel rewrites context accesses into reads of the real kernel objects and some fields (data, data_end) give
 * 64-bit pointers through 32-bit loads.
 */
abstract class Context {
    /** One field: where, how big, whether the program may write it, whether it yields a packet pointer. */
    record Field(String name, int offset, int size, boolean writable, int pointer) {}

    static final int NOT_POINTER = 0;
    static final int DATA = 1;
    static final int DATA_END = 2;
    static final int DATA_META = 3;
    static final int NULL_POINTER = 4;

    final String name;
    final byte[] bytes;
    private final Field[] byByte;
    Packet packet;

    Context(String name, int size, Field... fields) {
        this.name = name;
        this.bytes = new byte[size];
        this.byByte = new Field[size];
        for (Field f : fields) {
            for (int i = 0; i < f.size(); i++) byByte[f.offset() + i] = f;
        }
    }


    int size() { return bytes.length; }

    private Field field(int off, int size, String what) {
        Field f = off >= 0 && off < byByte.length ? byByte[off] : null;
        if (f == null || off + size > f.offset() + f.size() || (off & (size - 1)) != 0) {
            throw new VmFault(FaultKind.BAD_CONTEXT_ACCESS, 0, name, "invalid " + name + " access: " + what + " of "
                    + size + " bytes at offset " + off + (f == null ? " (no field there)" : " (field " + f.name() + ")"));
        }
        return f;
    }

    long load(int off, int size) {
        Field f = field(off, size, "read");
        if (f.pointer() != NOT_POINTER) {
            if (off != f.offset() || (size != 4 && size != 8) || size < Math.min(f.size(), 4)) {
                throw new VmFault(FaultKind.BAD_CONTEXT_ACCESS, 0, name, "invalid " + name + " access: pointer field "
                        + f.name() + " must be read whole, not " + size + " bytes at offset " + off);
            }
            switch (f.pointer()) {
                case DATA: return packet.dataAddr();
                case DATA_END: return packet.endAddr();
                case DATA_META: return packet.metaAddr();
                default: return 0;
            }
        }
        return Memory.get(bytes, off, size);
    }

    void store(int off, int size, long value) {
        Field f = field(off, size, "write");
        if (!f.writable()) {
            throw new VmFault(FaultKind.READ_ONLY, 0, name, "write of " + size + " bytes to read-only " + name
                    + " field " + f.name() + " (offset " + off + ")");
        }
        Memory.put(bytes, off, size, value);
    }

    int u32(int off) { return (int) Memory.get(bytes, off, 4); }

    void setU32(int off, long v) { Memory.put(bytes, off, 4, v); }
}
