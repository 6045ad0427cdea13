package dev.ebpf4j.verifier.tables;

import dev.ebpf4j.asm.uapi.AttachType;

/**
 * Context access of the cgroup program types: {@code struct bpf_sock} (cgroup_sock), {@code struct bpf_sysctl}
 * (cgroup_sysctl), {@code struct bpf_cgroup_dev_ctx} (cgroup_device) and the number fields of
 * {@code struct bpf_sockopt} (cgroup_sockopt), {@code struct bpf_sock_ops} (sock_ops) and
 * {@code struct sk_reuseport_md} (sk_reuseport). Source: the uapi layouts in include/uapi/linux/bpf.h (as in /sys/kernel/btf/vmlinux of the
 * live kernel) and the access rules measured on the live 6.18 kernel by loading one load and one store per
 * offset and size for each attach type (a program "rX = *(size *)(r1 + off)" or "*(size *)(r1 + off) = r2").
 */
final class CgroupCtx {
    private CgroupCtx() {}

    /** {@code struct bpf_sock} offsets. */
    static final int BOUND_DEV_IF = 0, FAMILY = 4, TYPE = 8, PROTOCOL = 12, MARK = 16, PRIORITY = 20, SRC_IP4 = 24,
            SRC_IP6 = 28, SRC_PORT = 44, DST_PORT = 48, DST_IP4 = 52, DST_IP6 = 56, STATE = 72, RX_QUEUE_MAPPING = 76,
            BPF_SOCK_SIZE = 80;

    private static boolean in(int off, int from, int endExclusive) {
        return off >= from && off < endExclusive;
    }

    /**
     * A cgroup_sock program's access to {@code struct bpf_sock}. Without an expected attach type the kernel uses
     * {@code BPF_CGROUP_INET_SOCK_CREATE}. bound_dev_if, mark and priority: only for sock_create/sock_release, read
     * and write, whole words only. The addresses and src_port: read only, and only for the post_bind attach type of
     * their family. Every other field is read only. Word fields at ranges (the addresses) allow any naturally
     * aligned narrower load inside them; the single-word fields (family, type, protocol, src_port, state,
     * rx_queue_mapping) allow 1, 2 or 4 bytes at the field's first byte only; dst_port (16 bits) 1 or 2 bytes
     * inside it or 4 bytes at its start.
     */
    static boolean sock(AttachType attach, int off, int size, boolean write) {
        if (off < 0 || off >= BPF_SOCK_SIZE || off % size != 0 || size > 4) return false;
        AttachType a = attach == null ? AttachType.CGROUP_INET_SOCK_CREATE : attach;
        boolean create = a == AttachType.CGROUP_INET_SOCK_CREATE || a == AttachType.CGROUP_INET_SOCK_RELEASE;
        if (off == BOUND_DEV_IF || off == MARK || off == PRIORITY) return create && size == 4;
        if (write) return false;
        if (in(off, SRC_IP4, SRC_IP4 + 4)) return a == AttachType.CGROUP_INET4_POST_BIND;
        if (in(off, SRC_IP6, SRC_PORT)) return a == AttachType.CGROUP_INET6_POST_BIND;
        if (off == SRC_PORT) return a == AttachType.CGROUP_INET4_POST_BIND || a == AttachType.CGROUP_INET6_POST_BIND;
        if (in(off, DST_PORT, DST_PORT + 2)) return size <= 2 || off == DST_PORT;
        if (in(off, DST_IP4, STATE)) return true;
        return off == FAMILY || off == TYPE || off == PROTOCOL || off == STATE || off == RX_QUEUE_MAPPING;
    }

    /** {@code struct bpf_sysctl}: write (0) read only, file_pos (4) read, and written as a whole word. */
    static boolean sysctl(int off, int size, boolean write) {
        if (off < 0 || off >= 8 || off % size != 0 || size > 4) return false;
        if (write) return off == 4 && size == 4;
        return true;
    }

    /** {@code struct bpf_cgroup_dev_ctx}: read only; access_type (0) also narrower, major and minor whole words. */
    static boolean device(int off, int size, boolean write) {
        if (write || off < 0 || off >= 12 || off % size != 0 || size > 4) return false;
        return off < 4 || size == 4;
    }

    /**
     * {@code struct bpf_sockopt}: sk 0, optval 8, optval_end 16 (pointers, not modelled), level 24, optname 28,
     * optlen 32, retval 36; whole words only. setsockopt may write level, optname and optlen; getsockopt reads
     * level and optname, reads and writes optlen and retval (retval does not exist for setsockopt).
     */
    static boolean sockopt(AttachType attach, int off, int size, boolean write) {
        if (off >= 0 && off < 24 && off % 8 == 0 && size == 8 && !write) {
            throw new CtxAccess.NotModelled("the pointer fields of struct bpf_sockopt");
        }
        if (off < 24 || off >= 40 || size != 4 || off % 4 != 0) return false;
        boolean get = attach == AttachType.CGROUP_GETSOCKOPT;
        if (off == 36) return get;
        if (!write) return true;
        return get ? off == 32 : true;
    }

    /**
     * {@code struct bpf_sock_ops} (224 bytes): 32-bit fields from op (0) to sk_txhash (164) read as whole words,
     * reply (4) and sk_txhash (164) also written; bytes_received (168), bytes_acked (176) and skb_hwtstamp (216)
     * 8-byte reads; skb_len (208) a word; skb_tcp_flags (212) 1, 2 or 4 bytes at its start. The pointers sk (184),
     * skb_data (192) and skb_data_end (200) are not modelled.
     */
    static boolean sockOps(int off, int size, boolean write) {
        if (off < 0 || off >= 224 || off % size != 0) return false;
        if ((off == 184 || off == 192 || off == 200) && size == 8 && !write) {
            throw new CtxAccess.NotModelled("the pointer fields of struct bpf_sock_ops");
        }
        if (write) return size == 4 && (off == 4 || off == 164);
        if (off == 168 || off == 176 || off == 216) return size == 8;
        if (off == 212) return size <= 4;
        return size == 4 && (off <= 164 || off == 208);
    }

    /**
     * {@code struct sk_reuseport_md} (56 bytes), read only: len (16), ip_protocol (24) and bind_inany (28) any
     * naturally aligned load inside them, eth_protocol (20) 2 or 4 bytes, hash (32) a word. The pointers data (0),
     * data_end (8), sk (40) and migrating_sk (48) are not modelled.
     */
    static boolean reuseport(int off, int size, boolean write) {
        if (write || off < 0 || off >= 56 || off % size != 0) return false;
        if ((off == 0 || off == 8 || off == 40 || off == 48) && size == 8) {
            throw new CtxAccess.NotModelled("the pointer fields of struct sk_reuseport_md");
        }
        if (size > 4) return false;
        if (in(off, 16, 20) || in(off, 24, 32)) return true;
        if (in(off, 20, 24)) return size >= 2;
        return off == 32 && size == 4;
    }
}
