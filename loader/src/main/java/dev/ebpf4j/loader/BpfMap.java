package dev.ebpf4j.loader;

import dev.ebpf4j.asm.MapSpec;
import dev.ebpf4j.asm.uapi.MapType;
import dev.ebpf4j.loader.internal.Attr;
import dev.ebpf4j.loader.internal.Sys;
import jnr.ffi.Pointer;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A BPF map this process holds an fd to: create one from a {@link MapSpec}, open a pinned one, then look up,
 * update, delete and iterate elements as raw bytes, or through {@link #typed typed views}.
 *
 * <p>Keys and values are raw bytes in the machine's byte order. A per-CPU map's value, as this class reads and
 * writes it, holds one slot per possible CPU, each slot {@code valueSize} rounded up to 8 bytes
 * ({@link #valueBufferSize()}); {@link #lookupPerCpu} splits it for you.
 */
public final class BpfMap extends FdHandle {
    private static final int ELEM_ATTR = 32;

    private final MapInfo info;
    private final int valueBufferSize;

    private BpfMap(int fd, MapInfo info) {
        super(fd);
        this.info = info;
        this.valueBufferSize = info.perCpu() ? ((info.valueSize() + 7) & ~7) * Cpus.possible() : info.valueSize();
    }

    // ---------------------------------------------------------------- creating and opening

    /** Creates a map: name, type, sizes, flags; then the initial value at key 0, then freezes it if asked. */
    public static BpfMap create(MapSpec spec) {
        return create(spec, MapCreateOptions.NONE);
    }

    /** {@link #create(MapSpec)} with a BTF description of the value (for maps whose values hold spin locks, timers…). */
    public static BpfMap create(MapSpec spec, MapCreateOptions options) {
        int innerFd = -1;
        if (spec.innerMap() != null) {
            try (BpfMap inner = create(spec.innerMap())) {
                innerFd = inner.fd();
                return createWithInner(spec, options, innerFd);
            }
        }
        return createWithInner(spec, options, innerFd);
    }

    /** A map with no flags: the common case. */
    public static BpfMap create(String name, MapType type, int keySize, int valueSize, int maxEntries) {
        return create(MapSpec.of(name, type, keySize, valueSize, maxEntries));
    }

    private static BpfMap createWithInner(MapSpec spec, MapCreateOptions options, int innerFd) {
        String name = kernelName(spec.name());
        Attr t = Attr.get(72);
        Pointer a = t.attr();
        a.putInt(0, spec.type().value());
        a.putInt(4, spec.keySize());
        a.putInt(8, spec.valueSize());
        a.putInt(12, spec.maxEntries());
        a.putInt(16, spec.flags());
        a.putInt(20, innerFd < 0 ? 0 : innerFd);
        byte[] nb = name.getBytes(StandardCharsets.US_ASCII);
        a.put(28, nb, 0, nb.length);
        if (options.btfFd() >= 0) {
            a.putInt(48, options.btfFd());
            a.putInt(52, options.btfKeyTypeId());
            a.putInt(56, options.btfValueTypeId());
        }
        a.putLong(64, options.mapExtra());
        int fd = (int) Sys.bpf(BpfCommand.MAP_CREATE, a, 72, "map '" + spec.name() + "' " + spec.type().kernelName()
                + " key " + spec.keySize() + " value " + spec.valueSize() + " max_entries " + spec.maxEntries()
                + (spec.flags() != 0 ? " flags 0x" + Integer.toHexString(spec.flags()) : ""));
        BpfMap map = new BpfMap(fd, new MapInfo(spec.type(), -1, spec.keySize(), spec.valueSize(), spec.maxEntries(),
                spec.flags(), name));
        try {
            byte[] initial = spec.initialValue();
            if (initial != null) {
                byte[] value = Arrays.copyOf(initial, map.valueBufferSize);
                map.update(new byte[spec.keySize()], value, UpdateFlag.ANY);
            }
            if (spec.frozen()) map.freeze();
            return map;
        } catch (RuntimeException e) {
            map.close();
            throw e;
        }
    }

    /** Opens a map pinned on bpffs. */
    public static BpfMap openPinned(Path path) {
        int fd = BpfFs.objGet(path, "map");
        try {
            return adopt(fd);
        } catch (RuntimeException e) {
            Sys.closeQuietly(fd);
            throw e;
        }
    }

    /** Takes ownership of an fd that refers to a map (e.g. one received from another process). */
    public static BpfMap adopt(int fd) {
        return new BpfMap(fd, ObjectInfo.map(fd));
    }

    /** The kernel's rules for object names: at most 15 of {@code [A-Za-z0-9_.]}; anything else becomes '_'. */
    static String kernelName(String name) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.length() && sb.length() < 15; i++) {
            char c = name.charAt(i);
            sb.append(c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '.') ? c : '_');
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- what it is

    /** Type, sizes and flags as created; {@link #kernelInfo()} asks the kernel (and gives the id). */
    public MapInfo info() { return info; }

    /** Asks the kernel for this map's info, including its id. */
    public MapInfo kernelInfo() { return ObjectInfo.map(fd()); }

    public MapType type() { return info.type(); }

    public int keySize() { return info.keySize(); }

    public int valueSize() { return info.valueSize(); }

    public int maxEntries() { return info.maxEntries(); }

    /** The bytes a lookup returns: {@code valueSize}, or for per-CPU maps one 8-byte-aligned slot per possible CPU. */
    public int valueBufferSize() { return valueBufferSize; }

    @Override
    protected String describe() {
        return "map '" + info.name() + "'";
    }

    // ---------------------------------------------------------------- elements

    /** The value at {@code key}, or null when there is none. */
    public byte[] lookup(byte[] key) {
        return lookup(BpfCommand.MAP_LOOKUP_ELEM, key, 0);
    }

    /**
     * Looks up {@code key} into {@code valueOut} ({@link #valueBufferSize()} bytes) without allocating: for hot
     * loops. Returns false, leaving {@code valueOut} as it was, when there is no such key.
     */
    public boolean lookup(byte[] key, byte[] valueOut) {
        checkKey(key);
        if (valueOut.length != valueBufferSize) {
            throw new IllegalArgumentException(describe() + ": value buffer must be " + valueBufferSize + " bytes, got " + valueOut.length);
        }
        Pointer v = lookupRaw(BpfCommand.MAP_LOOKUP_ELEM, key, 0);
        if (v == null) return false;
        v.get(0, valueOut, 0, valueBufferSize);
        return true;
    }

    /** {@link #lookup} under the value's spin lock ({@code BPF_F_LOCK}). */
    public byte[] lookupLocked(byte[] key) {
        return lookup(BpfCommand.MAP_LOOKUP_ELEM, key, UpdateFlag.LOCK.value());
    }

    /** Looks up and removes in one step (hash maps); for queues and stacks use {@link #pop()}. */
    public byte[] lookupAndDelete(byte[] key) {
        return lookup(BpfCommand.MAP_LOOKUP_AND_DELETE_ELEM, key, 0);
    }

    private byte[] lookup(BpfCommand cmd, byte[] key, long flags) {
        checkKey(key);
        Pointer v = lookupRaw(cmd, key, flags);
        if (v == null) return null;
        byte[] out = new byte[valueBufferSize];
        v.get(0, out, 0, out.length);
        return out;
    }

    /**
     * One lookup-style call into this thread's reused attr buffers: the native value buffer holding the answer,
     * or null when there is no such key (ENOENT).
     */
    private Pointer lookupRaw(BpfCommand cmd, byte[] key, long flags) {
        Attr t = Attr.get(ELEM_ATTR);
        Pointer a = t.attr();
        Pointer k = t.a(keySize());
        Pointer v = t.b(valueBufferSize);
        a.putInt(0, fd());
        if (key != null) {
            k.put(0, key, 0, key.length);
            a.putLong(8, k.address());
        }
        a.putLong(16, v.address());
        a.putLong(24, flags);
        long r = Sys.bpfRaw(cmd, a, ELEM_ATTR);
        if (r == -Errno.ENOENT) return null;
        if (r < 0) throw new BpfException(cmd, Errno.of((int) -r), describe());
        return v;
    }

    /** Creates or replaces the value at {@code key}. */
    public void update(byte[] key, byte[] value) {
        update(key, value, UpdateFlag.ANY);
    }

    /** Updates with a flag: {@link UpdateFlag#NOEXIST} fails with EEXIST if present, EXIST with ENOENT if absent. */
    public void update(byte[] key, byte[] value, UpdateFlag flag) {
        checkKey(key);
        if (value.length != valueBufferSize) {
            throw new IllegalArgumentException(describe() + ": value must be " + valueBufferSize + " bytes"
                    + (info.perCpu() ? " (" + Cpus.possible() + " CPUs x " + ((valueSize() + 7) & ~7) + ")" : "")
                    + ", got " + value.length);
        }
        Attr t = Attr.get(ELEM_ATTR);
        Pointer a = t.attr();
        Pointer k = t.a(keySize());
        Pointer v = t.b(value.length);
        a.putInt(0, fd());
        if (key != null) {
            k.put(0, key, 0, key.length);
            a.putLong(8, k.address());
        }
        v.put(0, value, 0, value.length);
        a.putLong(16, v.address());
        a.putLong(24, flag.value());
        Sys.bpf(BpfCommand.MAP_UPDATE_ELEM, a, ELEM_ATTR, describe());
    }

    /** Removes {@code key}; false if it was not there. */
    public boolean delete(byte[] key) {
        checkKey(key);
        Attr t = Attr.get(ELEM_ATTR);
        Pointer a = t.attr();
        Pointer k = t.a(keySize());
        k.put(0, key, 0, key.length);
        a.putInt(0, fd());
        a.putLong(8, k.address());
        long r = Sys.bpfRaw(BpfCommand.MAP_DELETE_ELEM, a, ELEM_ATTR);
        if (r == -Errno.ENOENT) return false;
        if (r < 0) throw new BpfException(BpfCommand.MAP_DELETE_ELEM, Errno.of((int) -r), describe());
        return true;
    }

    /** The key after {@code key} in the map's order ({@code null} for the first key); null at the end. */
    public byte[] nextKey(byte[] key) {
        Attr t = Attr.get(ELEM_ATTR);
        Pointer a = t.attr();
        Pointer k = t.a(keySize());
        Pointer n = t.b(keySize());
        a.putInt(0, fd());
        if (key != null) {
            checkKey(key);
            k.put(0, key, 0, key.length);
            a.putLong(8, k.address());
        }
        a.putLong(16, n.address());
        long r = Sys.bpfRaw(BpfCommand.MAP_GET_NEXT_KEY, a, ELEM_ATTR);
        if (r == -Errno.ENOENT) return null;
        if (r < 0) throw new BpfException(BpfCommand.MAP_GET_NEXT_KEY, Errno.of((int) -r), describe());
        byte[] out = new byte[keySize()];
        n.get(0, out, 0, out.length);
        return out;
    }

    /** Every key, by walking {@link #nextKey}. Elements deleted meanwhile may be skipped, as in the kernel. */
    public List<byte[]> keys() {
        List<byte[]> out = new ArrayList<>();
        for (byte[] k = nextKey(null); k != null; k = nextKey(k)) out.add(k);
        return out;
    }

    /** Every entry, by walking the keys and looking each up (one syscall pair per entry). */
    public List<MapEntry> entries() {
        List<MapEntry> out = new ArrayList<>();
        for (byte[] k : keys()) {
            byte[] v = lookup(k);
            if (v != null) out.add(new MapEntry(k, v));
        }
        return out;
    }

    // ---------------------------------------------------------------- queues, stacks, bloom filters

    /** Pushes onto a queue or stack, or adds to a bloom filter (update with no key). */
    public void push(byte[] value) {
        update(null, value, UpdateFlag.ANY);
    }

    /** Pops from a queue or stack; null when empty. */
    public byte[] pop() {
        return lookup(BpfCommand.MAP_LOOKUP_AND_DELETE_ELEM, null, 0);
    }

    /** The head of a queue or top of a stack, left in place; null when empty. */
    public byte[] peek() {
        return lookup(BpfCommand.MAP_LOOKUP_ELEM, null, 0);
    }

    /** For a bloom filter: false means certainly absent, true means maybe present. */
    public boolean mayContain(byte[] value) {
        if (value.length != valueSize()) throw new IllegalArgumentException(describe() + ": value must be " + valueSize() + " bytes");
        Attr t = Attr.get(ELEM_ATTR);
        Pointer a = t.attr();
        Pointer v = t.b(value.length);
        v.put(0, value, 0, value.length);
        a.putInt(0, fd());
        a.putLong(16, v.address());
        long r = Sys.bpfRaw(BpfCommand.MAP_LOOKUP_ELEM, a, ELEM_ATTR);
        if (r == -Errno.ENOENT) return false;
        if (r < 0) throw new BpfException(BpfCommand.MAP_LOOKUP_ELEM, Errno.of((int) -r), describe());
        return true;
    }

    // ---------------------------------------------------------------- per-CPU values

    /** A per-CPU map's value at {@code key}, one array of {@code valueSize} bytes per possible CPU; null if absent. */
    public byte[][] lookupPerCpu(byte[] key) {
        requirePerCpu();
        byte[] all = lookup(key);
        if (all == null) return null;
        int slot = (valueSize() + 7) & ~7;
        byte[][] out = new byte[Cpus.possible()][];
        for (int c = 0; c < out.length; c++) out[c] = Arrays.copyOfRange(all, c * slot, c * slot + valueSize());
        return out;
    }

    /** Sets a per-CPU map's value on every CPU: {@code values[cpu]} of {@code valueSize} bytes each. */
    public void updatePerCpu(byte[] key, byte[][] values, UpdateFlag flag) {
        requirePerCpu();
        if (values.length != Cpus.possible()) {
            throw new IllegalArgumentException(describe() + ": need one value per possible CPU (" + Cpus.possible() + "), got " + values.length);
        }
        int slot = (valueSize() + 7) & ~7;
        byte[] all = new byte[valueBufferSize];
        for (int c = 0; c < values.length; c++) {
            if (values[c].length != valueSize()) throw new IllegalArgumentException(describe() + ": CPU " + c + " value must be " + valueSize() + " bytes");
            System.arraycopy(values[c], 0, all, c * slot, valueSize());
        }
        update(key, all, flag);
    }

    private void requirePerCpu() {
        if (!info.perCpu()) throw new IllegalStateException(describe() + " is " + type().kernelName() + ", not a per-CPU map");
    }

    // ---------------------------------------------------------------- batches

    /**
     * Every entry, read with {@code BPF_MAP_LOOKUP_BATCH} (hash and array maps) {@code chunk} entries per call.
     *
     * @throws BpfException EINVAL or ENOTSUPP/EOPNOTSUPP where the map type has no batch operations
     */
    public List<MapEntry> lookupBatch(int chunk) {
        return MapBatch.lookup(this, chunk, false);
    }

    /** Reads and removes every entry with {@code BPF_MAP_LOOKUP_AND_DELETE_BATCH} (hash maps). */
    public List<MapEntry> lookupAndDeleteBatch(int chunk) {
        return MapBatch.lookup(this, chunk, true);
    }

    /** Updates many entries in one {@code BPF_MAP_UPDATE_BATCH}; returns how many the kernel processed. */
    public int updateBatch(List<MapEntry> entries, UpdateFlag flag) {
        return MapBatch.update(this, entries, flag);
    }

    /** Deletes many keys in one {@code BPF_MAP_DELETE_BATCH}; returns how many the kernel processed. */
    public int deleteBatch(List<byte[]> keys) {
        return MapBatch.delete(this, keys);
    }

    // ---------------------------------------------------------------- freezing, pinning, typed views

    /** Makes the map read-only for user space ({@code BPF_MAP_FREEZE}); programs still see its contents. */
    public void freeze() {
        Attr t = Attr.get(8);
        t.attr().putInt(0, fd());
        Sys.bpf(BpfCommand.MAP_FREEZE, t.attr(), 8, describe());
    }

    /** Pins the map at {@code path} on a bpffs (see {@link BpfFs}); it then outlives this process. */
    public void pin(Path path) {
        BpfFs.objPin(fd(), path, describe());
    }

    /** A view with Java keys and values, e.g. {@code map.typed(Codec.INT, Codec.LONG)}. */
    public <K, V> TypedMap<K, V> typed(Codec<K> keys, Codec<V> values) {
        if (keys.size() != keySize()) throw new IllegalArgumentException(describe() + " has " + keySize() + "-byte keys, the codec " + keys.size());
        if (values.size() != valueSize()) throw new IllegalArgumentException(describe() + " has " + valueSize() + "-byte values, the codec " + values.size());
        return new TypedMap<>(this, keys, values);
    }

    void checkKey(byte[] key) {
        if (key == null) {
            if (keySize() != 0) throw new IllegalArgumentException(describe() + " needs a " + keySize() + "-byte key");
            return;
        }
        if (key.length != keySize()) {
            throw new IllegalArgumentException(describe() + ": key must be " + keySize() + " bytes, got " + key.length);
        }
    }
}
