package dev.ebpf4j.loader;

import dev.ebpf4j.asm.uapi.MapType;
import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.loader.internal.Attr;
import dev.ebpf4j.loader.internal.Native;
import dev.ebpf4j.loader.internal.Sys;
import jnr.ffi.Pointer;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** {@code BPF_OBJ_GET_INFO_BY_FD} for maps, programs and links. */
final class ObjectInfo {
    private ObjectInfo() {}

    private static Pointer info(int fd, int infoLen, String what) {
        Pointer info = Native.allocate(infoLen);
        Attr t = Attr.get(16);
        Pointer a = t.attr();
        a.putInt(0, fd);
        a.putInt(4, infoLen);
        a.putLong(8, info.address());
        Sys.bpf(BpfCommand.OBJ_GET_INFO_BY_FD, a, 16, what + " (fd " + fd + ")");
        return info;
    }

    static MapInfo map(int fd) {
        Pointer i = info(fd, 88, "map");
        int type = i.getInt(0);
        return new MapInfo(MapType.byValue(type).orElse(MapType.UNSPEC), i.getInt(4), i.getInt(8), i.getInt(12),
                i.getInt(16), i.getInt(20), name(i, 24));
    }

    static ProgInfo prog(int fd) {
        Pointer i = info(fd, 80, "program");
        byte[] tag = new byte[8];
        i.get(8, tag, 0, 8);
        return new ProgInfo(ProgType.byValue(i.getInt(0)).orElse(ProgType.UNSPEC), i.getInt(4),
                HexFormat.of().formatHex(tag), i.getInt(20), i.getInt(16), name(i, 64));
    }

    /** {@code struct bpf_link_info}: type@0, id@4, prog_id@8, then for XDP links ifindex@16. */
    static int[] link(int fd) {
        Pointer i = info(fd, 64, "link");
        return new int[] {i.getInt(0), i.getInt(4), i.getInt(8), i.getInt(16)};
    }

    private static String name(Pointer p, int off) {
        byte[] b = new byte[16];
        p.get(off, b, 0, 16);
        int n = 0;
        while (n < 16 && b[n] != 0) n++;
        return new String(b, 0, n, StandardCharsets.US_ASCII);
    }
}
