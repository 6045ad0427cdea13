package dev.ebpf4j.vm;

import dev.ebpf4j.asm.MapSpec;

import java.util.List;
import java.util.Map;

/** {@code BPF_MAP_TYPE_PROG_ARRAY}: the targets of {@code bpf_tail_call}, filled from Java with loaded programs. */
final class ProgArrayMap extends BpfMap {
    private final VmProgram[] progs;

    ProgArrayMap(MapSpec spec, Vm vm, int fd) {
        super(spec, vm, fd);
        this.progs = new VmProgram[spec.maxEntries()];
    }

    void set(int index, VmProgram p) { progs[index] = p; }

    VmProgram get(long index) {
        return index >= 0 && index < progs.length ? progs[(int) index] : null;
    }

    @Override
    public byte[] lookup(byte[] key) {
        long i = key.length >= 4 ? Memory.get(key, 0, 4) : -1;
        VmProgram p = get(i);
        if (p == null) return null;
        byte[] v = new byte[4];
        Memory.put(v, 0, 4, p.id());
        return v;
    }

    /** Values are program ids of the same {@link Vm}. */
    @Override
    public int update(byte[] key, byte[] value, long flags) {
        long i = Memory.get(key, 0, 4);
        if (i >= progs.length) return -Errno.E2BIG;
        VmProgram p = vm.program((int) Memory.get(value, 0, 4));
        if (p == null) return -Errno.EINVAL;
        progs[(int) i] = p;
        return 0;
    }

    @Override
    int progUpdate(byte[] key, byte[] value, long flags) { return -Errno.EINVAL; }

    @Override
    public int delete(byte[] key) {
        long i = Memory.get(key, 0, 4);
        if (i >= progs.length) return -Errno.E2BIG;
        if (progs[(int) i] == null) return -Errno.ENOENT;
        progs[(int) i] = null;
        return 0;
    }

    @Override
    long progLookup(byte[] key) { return 0; }

    @Override
    public List<Map.Entry<byte[], byte[]>> entries() {
        List<Map.Entry<byte[], byte[]>> out = list();
        for (int i = 0; i < progs.length; i++) {
            if (progs[i] == null) continue;
            byte[] k = new byte[4];
            Memory.put(k, 0, 4, i);
            out.add(entry(k, lookup(k)));
        }
        return out;
    }
}
