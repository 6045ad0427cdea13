package dev.ebpf4j.verifier.tables;

import dev.ebpf4j.asm.uapi.AttachType;
import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.verifier.walk.RegType;

/**
 * Which context fields a program type may read and write, and at which sizes. Source: the uapi layouts of
 * {@code struct __sk_buff} and {@code struct xdp_md} (include/uapi/linux/bpf.h) and the per-type access rules
 * of net/core/filter.c ({@code sk_filter_is_valid_access}, {@code tc_cls_act_is_valid_access},
 * {@code xdp_is_valid_access}), re-checked against the live 6.18 kernel.
 */
public final class CtxAccess {
    private CtxAccess() {}

    /** Thrown for program types whose context is not modelled. */
    public static final class NotModelled extends RuntimeException {
        public NotModelled(String m) { super(m, null, false, false); }
    }

    // struct __sk_buff offsets
    static final int LEN = 0, PKT_TYPE = 4, MARK = 8, QUEUE_MAPPING = 12, PROTOCOL = 16, VLAN_PRESENT = 20,
            VLAN_TCI = 24, VLAN_PROTO = 28, PRIORITY = 32, INGRESS_IFINDEX = 36, IFINDEX = 40, TC_INDEX = 44,
            CB0 = 48, CB_END = 68, HASH = 68, TC_CLASSID = 72, DATA = 76, DATA_END = 80, NAPI_ID = 84, FAMILY = 88,
            REMOTE_IP4 = 92, LOCAL_IP4 = 96, REMOTE_IP6 = 100, LOCAL_IP6 = 116, REMOTE_PORT = 132, LOCAL_PORT = 136,
            LOCAL_PORT_END = 140, DATA_META = 140, FLOW_KEYS = 144, TSTAMP = 152, WIRE_LEN = 160, GSO_SEGS = 164,
            SK = 168, GSO_SIZE = 176, TSTAMP_TYPE = 180, HWTSTAMP = 184, SKB_SIZE = 192;

    /** The context size for a program type (for messages), or -1. */
    public static boolean isModelled(ProgType t) {
        switch (t) {
            case SOCKET_FILTER: case SCHED_CLS: case SCHED_ACT: case XDP: case TRACEPOINT: case KPROBE: case PERF_EVENT:
            case RAW_TRACEPOINT: case RAW_TRACEPOINT_WRITABLE: case CGROUP_SKB: case SK_SKB: case SK_MSG: case SK_LOOKUP: case LWT_IN: case LWT_OUT:
            case LWT_XMIT: case LWT_SEG6LOCAL: case CGROUP_SOCK_ADDR: case CGROUP_SOCK: case CGROUP_SYSCTL: case CGROUP_DEVICE:
            case CGROUP_SOCKOPT: case SOCK_OPS: case SK_REUSEPORT: case FLOW_DISSECTOR: case NETFILTER:
                return true;
            default:
                return false;
        }
    }

    /**
     * The type a valid access yields (SCALAR, or a packet pointer type, or SOCK_COMMON for {@code sk} with
     * maybe-null); null when the kernel says {@code invalid bpf_context access}.
     */
    public static Access access(ProgType t, AttachType attach, int off, int size, boolean write, boolean ldsx) {
        switch (t) {
            case SOCKET_FILTER: return socketFilter(off, size, write, ldsx);
            case SCHED_CLS: case SCHED_ACT: return tc(off, size, write, ldsx);
            case XDP: return xdp(attach, off, size, write, ldsx);
            case CGROUP_SKB: return cgroupSkb(off, size, write, ldsx);
            case SK_SKB: return skSkb(off, size, write, ldsx);
            case SK_MSG: return skMsg(off, size, write);
            case SK_LOOKUP: return skLookup(off, size, write);
            case LWT_IN: case LWT_OUT: case LWT_XMIT: case LWT_SEG6LOCAL: return lwt(off, size, write, ldsx);
            case CGROUP_SOCK_ADDR: return sockAddr(attach, off, size, write);
            // a sign-extending load is accepted exactly where the plain load of that size is (measured live for every
            // offset and size of these contexts)
            case CGROUP_SOCK: return CgroupCtx.sock(attach, off, size, write) ? Access.SCALAR : null;
            case CGROUP_SYSCTL: return CgroupCtx.sysctl(off, size, write) ? Access.SCALAR : null;
            case CGROUP_DEVICE: return CgroupCtx.device(off, size, write) ? Access.SCALAR : null;
            case CGROUP_SOCKOPT: return CgroupCtx.sockopt(attach, off, size, write) ? Access.SCALAR : null;
            case SOCK_OPS: return CgroupCtx.sockOps(off, size, write) ? Access.SCALAR : null;
            case SK_REUSEPORT: return CgroupCtx.reuseport(off, size, write) ? Access.SCALAR : null;
            case FLOW_DISSECTOR: return flowDissector(off, size, write, ldsx);
            case NETFILTER: return netfilter(off, size, write);
            // the kernel compares the offset with sizeof(void *) unsigned, so a negative offset passes that bound
            // (live 6.18 reads fp-like offsets such as ctx-8 as data; a remainder, as in C, must still be 0)
            case TRACEPOINT: return tracing((off >= 8 || off < 0) && off < 8192 && !write && off % size == 0);
            case KPROBE: return tracing(off >= 0 && off < PT_REGS_SIZE && !write && off % size == 0);
            case PERF_EVENT: return perfEvent(off, size, write);
            // the 12 u64 arguments may be read in parts of any size, aligned to that size (live 6.18)
            case RAW_TRACEPOINT: return tracing(off >= 0 && off < 8 * 12 && !write && off % size == 0);
            case RAW_TRACEPOINT_WRITABLE:
                // args[0] is the tracepoint's writable buffer, read as a whole pointer (live 6.18)
                if (off == 0) return size == 8 && !write && !ldsx ? new Access(RegType.TP_BUFFER, false) : null;
                return tracing(off >= 0 && off < 8 * 12 && !write && off % size == 0);
            default: throw new NotModelled("the context of " + t.kernelName());
        }
    }

    /**
     * A valid access: the loaded register's type and whether it may be null; for {@link RegType#BTF_ID} the
     * kernel struct the trusted pointer points to (null otherwise).
     */
    public record Access(RegType type, boolean maybeNull, String btfStruct) {
        static final Access SCALAR = new Access(RegType.SCALAR, false);

        public Access(RegType type, boolean maybeNull) {
            this(type, maybeNull, null);
        }
    }

    private static boolean in(int off, int from, int endExclusive) {
        return off >= from && off < endExclusive;
    }

    private static Access socketFilter(int off, int size, boolean write, boolean ldsx) {
        if (in(off, TC_CLASSID, TC_CLASSID + 4) || in(off, DATA, DATA + 4) || in(off, DATA_META, DATA_META + 4)
                || in(off, DATA_END, DATA_END + 4) || in(off, FAMILY, LOCAL_PORT_END) || in(off, TSTAMP, TSTAMP + 8)
                || in(off, WIRE_LEN, WIRE_LEN + 4) || in(off, HWTSTAMP, HWTSTAMP + 8)) {
            return null;
        }
        if (write && !in(off, CB0, CB_END)) return null;
        return skb(off, size, write, ldsx, null);
    }

    /** {@code cg_skb_is_valid_access} for a privileged loader. */
    private static Access cgroupSkb(int off, int size, boolean write, boolean ldsx) {
        if (in(off, TC_CLASSID, TC_CLASSID + 4) || in(off, DATA_META, DATA_META + 4) || in(off, WIRE_LEN, WIRE_LEN + 4)) {
            return null;
        }
        if (write && !(in(off, MARK, MARK + 4) || in(off, PRIORITY, PRIORITY + 4) || in(off, CB0, CB_END)
                || in(off, TSTAMP, TSTAMP + 8))) {
            return null;
        }
        RegType ptr = in(off, DATA, DATA + 4) ? RegType.PKT : in(off, DATA_END, DATA_END + 4) ? RegType.PKT_END : null;
        return skb(off, size, write, ldsx, ptr);
    }

    /** {@code sk_skb_is_valid_access}. */
    private static Access skSkb(int off, int size, boolean write, boolean ldsx) {
        if (in(off, TC_CLASSID, TC_CLASSID + 4) || in(off, DATA_META, DATA_META + 4) || in(off, TSTAMP, TSTAMP + 8)
                || in(off, WIRE_LEN, WIRE_LEN + 4) || in(off, HWTSTAMP, HWTSTAMP + 8)) {
            return null;
        }
        if (write && !(in(off, TC_INDEX, TC_INDEX + 4) || in(off, PRIORITY, PRIORITY + 4))) return null;
        if (in(off, MARK, MARK + 4)) return null;
        RegType ptr = in(off, DATA, DATA + 4) ? RegType.PKT : in(off, DATA_END, DATA_END + 4) ? RegType.PKT_END : null;
        return skb(off, size, write, ldsx, ptr);
    }

    /**
     * {@code sock_addr_is_valid_access} over {@code struct bpf_sock_addr}: user_family 0, user_ip4 4, user_ip6 8,
     * user_port 24, family 28, type 32, protocol 36, msg_src_ip4 40, msg_src_ip6 44, sk 64; 72 bytes. Address
     * fields only for the attach types of their family.
     */
    private static Access sockAddr(AttachType a, int off, int size, boolean write) {
        if (off < 0 || off >= 72 || off % size != 0) return null;
        String n = a == null ? "" : a.name();
        boolean v4 = n.equals("CGROUP_INET4_BIND") || n.equals("CGROUP_INET4_CONNECT") || n.equals("CGROUP_INET4_GETPEERNAME")
                || n.equals("CGROUP_INET4_GETSOCKNAME") || n.equals("CGROUP_UDP4_SENDMSG") || n.equals("CGROUP_UDP4_RECVMSG");
        boolean v6 = n.equals("CGROUP_INET6_BIND") || n.equals("CGROUP_INET6_CONNECT") || n.equals("CGROUP_INET6_GETPEERNAME")
                || n.equals("CGROUP_INET6_GETSOCKNAME") || n.equals("CGROUP_UDP6_SENDMSG") || n.equals("CGROUP_UDP6_RECVMSG");
        if (in(off, 4, 8) && !v4) return null;
        if (in(off, 8, 24) && !v6) return null;
        if (in(off, 40, 44) && !n.equals("CGROUP_UDP4_SENDMSG")) return null;
        if (in(off, 44, 60) && !n.equals("CGROUP_UDP6_SENDMSG")) return null;
        if (in(off, 4, 28) || in(off, 40, 60)) {
            boolean wide = size == 8 && ((in(off, 8, 24) && off + 8 <= 24) || (in(off, 44, 60) && off + 8 <= 60));
            if (wide) return Access.SCALAR;
            if (!write) return size <= 4 ? Access.SCALAR : null;
            return size == 4 ? Access.SCALAR : null;
        }
        if (off == 64) return !write && size == 8 ? new Access(RegType.SOCK, false) : null;
        // the padding before the 8-byte aligned sk pointer is no field (live 6.18 refuses every access to 60..63)
        if (in(off, 60, 72)) return null;
        return !write && size == 4 ? Access.SCALAR : null;
    }

    /** {@code lwt_is_valid_access}. */
    private static Access lwt(int off, int size, boolean write, boolean ldsx) {
        if (in(off, TC_CLASSID, TC_CLASSID + 4) || in(off, FAMILY, LOCAL_PORT_END) || in(off, DATA_META, DATA_META + 4)
                || in(off, TSTAMP, TSTAMP + 8) || in(off, WIRE_LEN, WIRE_LEN + 4) || in(off, HWTSTAMP, HWTSTAMP + 8)) {
            return null;
        }
        if (write && !(in(off, MARK, MARK + 4) || in(off, PRIORITY, PRIORITY + 4) || in(off, CB0, CB_END))) return null;
        RegType ptr = in(off, DATA, DATA + 4) ? RegType.PKT : in(off, DATA_END, DATA_END + 4) ? RegType.PKT_END : null;
        return skb(off, size, write, ldsx, ptr);
    }

    /** {@code sk_msg_is_valid_access} over {@code struct sk_msg_md}. */
    private static Access skMsg(int off, int size, boolean write) {
        if (write || off % size != 0) return null;
        if (in(off, 0, 8)) return size == 8 ? new Access(RegType.PKT, false) : null;
        if (in(off, 8, 16)) return size == 8 ? new Access(RegType.PKT_END, false) : null;
        if (in(off, 72, 80)) return size == 8 ? new Access(RegType.SOCK, false) : null;
        if (in(off, 16, 72)) return size == 4 ? Access.SCALAR : null;
        return null;
    }

    /** {@code sk_lookup_is_valid_access} over {@code struct bpf_sk_lookup} (72 bytes). */
    private static Access skLookup(int off, int size, boolean write) {
        if (off < 0 || off >= 72 || off % size != 0 || write) return null;
        if (in(off, 0, 8)) return size == 8 ? new Access(RegType.SOCK, true) : null;
        if (in(off, 8, 36) || in(off, 40, 68)) return size <= 4 ? Access.SCALAR : null;
        if (in(off, 36, 38)) return size <= 4 ? Access.SCALAR : null;
        if (in(off, 38, 40)) return size <= 2 ? Access.SCALAR : null;
        return null;
    }

    private static Access tc(int off, int size, boolean write, boolean ldsx) {
        if (write) {
            boolean ok = in(off, MARK, MARK + 4) || in(off, TC_INDEX, TC_INDEX + 4) || in(off, PRIORITY, PRIORITY + 4)
                    || in(off, TC_CLASSID, TC_CLASSID + 4) || in(off, CB0, CB_END) || in(off, TSTAMP, TSTAMP + 8)
                    || in(off, QUEUE_MAPPING, QUEUE_MAPPING + 4);
            if (!ok) return null;
        }
        RegType ptr = null;
        if (in(off, DATA, DATA + 4)) ptr = RegType.PKT;
        else if (in(off, DATA_META, DATA_META + 4)) ptr = RegType.PKT_META;
        else if (in(off, DATA_END, DATA_END + 4)) ptr = RegType.PKT_END;
        else if (in(off, FAMILY, LOCAL_PORT_END)) return null;
        else if (off == TSTAMP_TYPE) return size == 1 ? Access.SCALAR : null;
        return skb(off, size, write, ldsx, ptr);
    }

    /** {@code bpf_skb_is_valid_access}: the rules common to the __sk_buff program types. */
    private static Access skb(int off, int size, boolean write, boolean ldsx, RegType ptr) {
        if (off < 0 || off >= SKB_SIZE) return null;
        if (off % size != 0) return null;
        if (in(off, CB0, CB_END)) {
            if (off + size > CB_END) return null;
        } else if (in(off, DATA, DATA + 4) || in(off, DATA_META, DATA_META + 4) || in(off, DATA_END, DATA_END + 4)) {
            if (ldsx || size != 4) return null;
        } else if (in(off, REMOTE_IP6, LOCAL_IP6 + 16) || in(off, REMOTE_IP4, REMOTE_IP4 + 4)
                || in(off, LOCAL_IP4, LOCAL_IP4 + 4)) {
            if (size != 4) return null;
        } else if (in(off, FLOW_KEYS, FLOW_KEYS + 8)) {
            return null;
        } else if (in(off, HWTSTAMP, HWTSTAMP + 8)) {
            if (write || size != 8) return null;
        } else if (in(off, TSTAMP, TSTAMP + 8)) {
            if (size != 8) return null;
        } else if (in(off, SK, SK + 8)) {
            if (write || size != 8) return null;
            return new Access(RegType.SOCK_COMMON, true);
        } else if (off == TSTAMP_TYPE) {
            return null;
        } else if (in(off, TSTAMP_TYPE + 1, HWTSTAMP)) {
            return null;
        } else if (write) {
            if (size != 4) return null;
        } else if (size > 4) {
            return null;
        }
        return ptr == null ? Access.SCALAR : new Access(ptr, false);
    }

    /**
     * {@code flow_dissector_is_valid_access} (live 6.18): only data and data_end (4 bytes, not sign-extended,
     * at their own offset) and flow_keys (8 bytes at 144, a pointer to {@code struct bpf_flow_keys}) may be
     * read; every other field, and every write, is refused.
     */
    private static Access flowDissector(int off, int size, boolean write, boolean ldsx) {
        if (write) return null;
        if (off == DATA) return size == 4 && !ldsx ? new Access(RegType.PKT, false) : null;
        if (off == DATA_END) return size == 4 && !ldsx ? new Access(RegType.PKT_END, false) : null;
        if (off == FLOW_KEYS) return size == 8 && !ldsx ? new Access(RegType.FLOW_KEYS, false) : null;
        return null;
    }

    /**
     * {@code struct bpf_nf_ctx} { const struct nf_hook_state *state; struct sk_buff *skb; }: each pointer may
     * be read whole (8 bytes at its own offset) and gives a trusted, non-null BTF pointer; nothing may be
     * written (live 6.18: "invalid bpf_context access" for narrower, misaligned, sign-extending and past-the-end
     * reads and for writes).
     */
    private static Access netfilter(int off, int size, boolean write) {
        if (write || size != 8) return null;
        if (off == 0) return new Access(RegType.BTF_ID, false, "nf_hook_state");
        if (off == 8) return new Access(RegType.BTF_ID, false, "sk_buff");
        return null;
    }

    /** {@code sizeof(struct pt_regs)} on x86_64. */
    static final int PT_REGS_SIZE = 168;

    private static Access tracing(boolean ok) {
        return ok ? Access.SCALAR : null;
    }

    /** {@code struct bpf_perf_event_data}: pt_regs, then u64 sample_period and u64 addr. */
    private static Access perfEvent(int off, int size, boolean write) {
        if (off < 0 || off >= PT_REGS_SIZE + 16 || write || off % size != 0) return null;
        // sample_period and addr (the two u64 after the registers) may be read in narrower aligned parts
        if (off >= PT_REGS_SIZE && off < PT_REGS_SIZE + 16) return size <= 8 && Integer.bitCount(size) == 1 ? Access.SCALAR : null;
        return size == 8 ? Access.SCALAR : null;
    }

    private static Access xdp(AttachType attach, int off, int size, boolean write, boolean ldsx) {
        if (off == 20 && attach != AttachType.XDP_DEVMAP) return null;
        if (write) return null;
        if ((off == 0 || off == 4 || off == 8) && ldsx) return null;
        if (off < 0 || off >= 24 || off % size != 0 || size != 4) return null;
        if (off == 0) return new Access(RegType.PKT, false);
        if (off == 4) return new Access(RegType.PKT_END, false);
        if (off == 8) return new Access(RegType.PKT_META, false);
        return Access.SCALAR;
    }
}
