package dev.ebpf4j.vm;

/** The socket-buffer helpers: load and store bytes, and incremental checksum updates at a packet offset. */
final class SkbHelpers {
    private SkbHelpers() {}

    static long call(Interpreter in, int id) {
        Vm vm = in.vm;
        long[] r = in.r;
        Packet p = vm.run.packet;
        if (p == null || !vm.run.skb) {
            throw Helpers.bad("helper " + Helpers.name(id) + " needs a socket buffer context");
        }
        long offset = r[2] & 0xffffffffL;
        switch (id) {
            case Helpers.SKB_LOAD_BYTES: {
                int len = (int) r[4];
                Region dest = in.mem.resolve(r[3], len, true, false);
                int at = in.mem.lastIndex;
                if (offset > Integer.MAX_VALUE || offset + len > p.length()) {
                    java.util.Arrays.fill(dest.mem, at, at + len, (byte) 0);
                    return -Errno.EFAULT;
                }
                System.arraycopy(p.buf, p.data + (int) offset, dest.mem, at, len);
                return 0;
            }
            case Helpers.SKB_STORE_BYTES: {
                long flags = r[5];
                int len = (int) r[4];
                byte[] from = in.mem.readBytes(r[3], len);
                if ((flags & ~3L) != 0) return -Errno.EINVAL;
                if (offset > Integer.MAX_VALUE || offset + len > p.length()) return -Errno.EFAULT;
                System.arraycopy(from, 0, p.buf, p.data + (int) offset, len);
                return 0;
            }
            case Helpers.L3_CSUM_REPLACE: {
                long from = r[3], to = r[4], flags = r[5];
                if ((flags & ~0xfL) != 0) return -Errno.EINVAL;
                if (offset > 0xffff || (offset & 1) != 0 || offset + 2 > p.length()) return -Errno.EFAULT;
                int at = p.data + (int) offset;
                int sum = (int) Memory.get(p.buf, at, 2);
                switch ((int) (flags & 0xf)) {
                    case 0:
                        if (from != 0) return -Errno.EINVAL;
                        sum = Checksums.replaceByDiff(sum, (int) to);
                        break;
                    case 2: sum = Checksums.replace2(sum, (int) from, (int) to); break;
                    case 4: sum = Checksums.replace4(sum, (int) from, (int) to); break;
                    default: return -Errno.EINVAL;
                }
                Memory.put(p.buf, at, 2, sum);
                return 0;
            }
            default: { // L4_CSUM_REPLACE
                long from = r[3], to = r[4], flags = r[5];
                boolean mmzero = (flags & 0x20) != 0, enforce = (flags & 0x40) != 0;
                if ((flags & ~(0x20L | 0x40 | 0x10 | 0xf | 0x80)) != 0) return -Errno.EINVAL;
                if (offset > 0xffff || (offset & 1) != 0 || offset + 2 > p.length()) return -Errno.EFAULT;
                int at = p.data + (int) offset;
                int sum = (int) Memory.get(p.buf, at, 2);
                if (mmzero && !enforce && sum == 0) return 0;
                switch ((int) (flags & 0xf)) {
                    case 0:
                        if (from != 0) return -Errno.EINVAL;
                        sum = Checksums.replaceByDiff(sum, (int) to);
                        break;
                    case 2: sum = Checksums.replace4(sum, (int) from & 0xffff, (int) to & 0xffff); break;
                    case 4: sum = Checksums.replace4(sum, (int) from, (int) to); break;
                    default: return -Errno.EINVAL;
                }
                if (mmzero && sum == 0) sum = 0xffff;
                Memory.put(p.buf, at, 2, sum);
                return 0;
            }
        }
    }
}
