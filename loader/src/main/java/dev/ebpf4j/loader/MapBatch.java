package dev.ebpf4j.loader;

import dev.ebpf4j.loader.internal.Attr;
import dev.ebpf4j.loader.internal.Native;
import dev.ebpf4j.loader.internal.Sys;
import jnr.ffi.Pointer;

import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;

/** The {@code BPF_MAP_*_BATCH} commands ({@code attr.batch}: in_batch, out_batch, keys, values, count, map_fd, elem_flags, flags). */
final class MapBatch {
    private MapBatch() {}

    private static final int SIZE = 56;

    static List<MapEntry> lookup(BpfMap map, int chunk, boolean delete) {
        if (chunk <= 0) throw new IllegalArgumentException("chunk must be positive");
        BpfCommand cmd = delete ? BpfCommand.MAP_LOOKUP_AND_DELETE_BATCH : BpfCommand.MAP_LOOKUP_BATCH;
        int ks = map.keySize();
        int vs = map.valueBufferSize();
        // the batch token is a key for arrays and a bucket number for hashes: room for either
        Pointer in = Native.allocate(Math.max(ks, 8));
        Pointer out = Native.allocate(Math.max(ks, 8));
        Pointer keys = Native.allocate(chunk * ks);
        Pointer values = Native.allocate(chunk * vs);
        List<MapEntry> result = new ArrayList<>();
        boolean first = true;
        while (true) {
            Attr t = Attr.get(SIZE);
            Pointer a = t.attr();
            a.putLong(0, first ? 0 : in.address());
            a.putLong(8, out.address());
            a.putLong(16, keys.address());
            a.putLong(24, values.address());
            a.putInt(32, chunk);
            a.putInt(36, map.fd());
            long r = Sys.bpfRaw(cmd, a, SIZE);
            int n = a.getInt(32);
            if (r < 0 && r != -Errno.ENOENT) throw new BpfException(cmd, Errno.of((int) -r), map.describe());
            for (int i = 0; i < n; i++) {
                byte[] k = new byte[ks];
                byte[] v = new byte[vs];
                keys.get((long) i * ks, k, 0, ks);
                values.get((long) i * vs, v, 0, vs);
                result.add(new MapEntry(k, v));
            }
            if (r == -Errno.ENOENT) break;
            byte[] token = new byte[Math.max(ks, 8)];
            out.get(0, token, 0, token.length);
            in.put(0, token, 0, token.length);
            first = false;
        }
        Reference.reachabilityFence(in);
        Reference.reachabilityFence(out);
        Reference.reachabilityFence(keys);
        Reference.reachabilityFence(values);
        return result;
    }

    static int update(BpfMap map, List<MapEntry> entries, UpdateFlag flag) {
        int ks = map.keySize();
        int vs = map.valueBufferSize();
        Pointer keys = Native.allocate(entries.size() * ks);
        Pointer values = Native.allocate(entries.size() * vs);
        for (int i = 0; i < entries.size(); i++) {
            byte[] k = entries.get(i).key();
            byte[] v = entries.get(i).value();
            map.checkKey(k);
            if (v.length != vs) throw new IllegalArgumentException(map.describe() + ": value " + i + " must be " + vs + " bytes");
            keys.put((long) i * ks, k, 0, ks);
            values.put((long) i * vs, v, 0, vs);
        }
        Attr t = Attr.get(SIZE);
        Pointer a = t.attr();
        a.putLong(16, keys.address());
        a.putLong(24, values.address());
        a.putInt(32, entries.size());
        a.putInt(36, map.fd());
        a.putLong(40, flag.value());
        Sys.bpf(BpfCommand.MAP_UPDATE_BATCH, a, SIZE, map.describe());
        Reference.reachabilityFence(keys);
        Reference.reachabilityFence(values);
        return a.getInt(32);
    }

    static int delete(BpfMap map, List<byte[]> keyList) {
        int ks = map.keySize();
        Pointer keys = Native.allocate(keyList.size() * ks);
        for (int i = 0; i < keyList.size(); i++) {
            map.checkKey(keyList.get(i));
            keys.put((long) i * ks, keyList.get(i), 0, ks);
        }
        Attr t = Attr.get(SIZE);
        Pointer a = t.attr();
        a.putLong(16, keys.address());
        a.putInt(32, keyList.size());
        a.putInt(36, map.fd());
        Sys.bpf(BpfCommand.MAP_DELETE_BATCH, a, SIZE, map.describe());
        Reference.reachabilityFence(keys);
        return a.getInt(32);
    }
}
