package dev.ebpf4j.verifier.tables;

import java.util.HashMap;
import java.util.Map;

/**
 * Prototypes of the helpers the simulator models (argument and return kinds, flags) and which of the modelled
 * program types may call them. Source: the {@code struct bpf_func_proto} definitions of Linux (kernel/bpf/helpers.c,
 * net/core/filter.c, kernel/bpf/ringbuf.c) and the per-type {@code *_func_proto} switches of net/core/filter.c,
 * re-checked against the live 6.18 kernel where the corpus showed a difference. A helper not listed here is
 * rejected as not modelled.
 */
public final class HelperTable {
    private HelperTable() {}

    /** Argument kinds ({@code enum bpf_arg_type}), reduced to what the simulator checks. */
    public enum Arg {
        NONE, ANYTHING, MAP_PTR, MAP_KEY, MAP_VALUE, MEM, MEM_OR_NULL, UNINIT_MEM, SIZE, SIZE_OR_ZERO, CTX, CTX_OR_NULL,
        /** A pointer to 8 writable bytes, naturally aligned (strtol's and strtoul's result). */
        LONG,
        /** A pointer to 4 bytes the helper reads and writes, naturally aligned (check_mtu's mtu_len). */
        U32,
        SOCK_COMMON,
        SOCKET_RELEASE, RINGBUF_RELEASE, SPIN_LOCK,
        /** A socket as a BTF sock_common (ARG_PTR_TO_BTF_ID_SOCK_COMMON), not released. */
        BTF_SOCK_COMMON,
        /** ARG_PTR_TO_MAP_VALUE | PTR_MAYBE_NULL: a map value sized buffer, or the constant 0. */
        MAP_VALUE_OR_NULL, ALLOC_SIZE_OR_ZERO, CONST_ZERO_FLAGS, STACK,
        /** A map pointer whose map type is not checked (the helper is refused as not modelled after its arguments). */
        MAP_PTR_ANY,
        /** bpf_kptr_xchg's map value pointing at a referenced kptr, and the pointer (or NULL) it puts there. */
        KPTR_DEST, KPTR_NEW,
        /** ARG_PTR_TO_MAP_VALUE | MEM_UNINIT: a map-value-sized buffer the helper writes (map_pop_elem, map_peek_elem). */
        MAP_VALUE_UNINIT,
        /** A per-CPU BTF pointer (ARG_PTR_TO_PERCPU_BTF_ID): the simulator never makes one, so it is always refused. */
        PERCPU_BTF,
        /**
         * A BTF pointer (ARG_PTR_TO_BTF_ID, the task or cgroup of the task/cgroup helpers), or NULL as well: anything
         * but a BTF pointer is refused with the kernel's message; a BTF pointer ends the checks (the simulator makes
         * none of the structs these helpers want) and the call is refused as not modelled.
         */
        BTF_ID, BTF_ID_OR_NULL,
        /**
         * A bpf_timer in a map value (ARG_PTR_TO_TIMER): a map value pointer, of a map with BTF; past that the timer
         * helpers are not modelled.
         */
        TIMER,
        /**
         * A dynptr (ARG_PTR_TO_DYNPTR): a stack pointer (or a dynptr pointer, which the simulator never makes);
         * anything else is refused with the kernel's message, a stack pointer ends the checks (dynptrs are not
         * modelled).
         */
        DYNPTR,
        /** An argument kind the simulator does not check: the argument checks stop here, the call is refused. */
        UNMODELLED
    }

    /** Return kinds. */
    public enum Ret { BTF_SOCK_OR_NULL, INTEGER, VOID, MAP_VALUE, MAP_VALUE_OR_NULL, SOCKET_OR_NULL, TCP_SOCK_OR_NULL, SOCK_COMMON_OR_NULL, ALLOC_MEM_OR_NULL,
        /** bpf_kptr_xchg: the old pointer of the kptr, a new reference (or NULL). */
        KPTR_OR_NULL }

    public static final int SF = 1;
    public static final int TC = 2;
    public static final int XDP = 4;
    /** Tracing types: kprobe, tracepoint, perf_event, raw_tracepoint. */
    public static final int TRACE = 8;
    public static final int CGSKB = 16;
    /** sk_skb, sk_msg, sk_lookup. */
    public static final int SOCK_PROGS = 32;
    /** The lightweight tunnel types. */
    public static final int LWT = 64;
    /** cgroup_sock, sock_ops, cgroup_device, cgroup_sysctl, cgroup_sockopt, sk_reuseport: one bit each. */
    public static final int CG_SOCK = 128, SOCK_OPS = 256, CG_DEVICE = 512, CG_SYSCTL = 1024, CG_SOCKOPT = 2048,
            SK_REUSEPORT = 4096;
    /** cgroup_sock_addr (struct bpf_sock_addr context). */
    public static final int SOCK_ADDR = 8192;
    /**
     * The types above together: only the helpers whose prototype does not depend on the program type are given
     * all of them; whether a type may call a helper at all comes from helper-availability.txt, measured for each.
     */
    public static final int CG_OTHER = CG_SOCK | SOCK_OPS | CG_DEVICE | CG_SYSCTL | CG_SOCKOPT | SK_REUSEPORT | SOCK_ADDR;
    /** flow_dissector (__sk_buff context) and netfilter (struct bpf_nf_ctx): bpf_base_func_proto's helpers, plus a few for flow_dissector. */
    public static final int FLOW = 16384, NF = 32768;
    private static final int ALL = SF | TC | XDP | TRACE | CGSKB | SOCK_PROGS | LWT | CG_OTHER | FLOW | NF;

    /**
     * One prototype.
     *
     * @param pktAccess   the helper may be given packet pointers
     * @param changesPkt  the helper may move packet data (every packet pointer is invalidated after the call)
     * @param acquires    the returned pointer is a reference that must be released
     * @param modelled    false for a helper whose arguments are checked as the kernel does but whose effect the
     *                    simulator does not model: the call is refused after the argument checks
     */
    public record Proto(int id, Arg[] args, Ret ret, int types, boolean pktAccess, boolean changesPkt, boolean acquires,
                        boolean modelled) {}

    private static final Map<Integer, Proto> PROTOS = new HashMap<>();
    /** A second prototype of the same helper, handed to other program types (bpf_get_cgroup_classid). */
    private static final Map<Integer, Proto> ALTS = new HashMap<>();

    private static void alt(int id, int types, Ret ret, Arg... args) {
        Arg[] a = new Arg[5];
        for (int i = 0; i < 5; i++) a[i] = i < args.length ? args[i] : Arg.NONE;
        ALTS.put(id, new Proto(id, a, ret, types, false, false, false, true));
    }

    private static void p(int id, int types, Ret ret, boolean pkt, boolean changes, boolean acq, Arg... args) {
        Arg[] a = new Arg[5];
        for (int i = 0; i < 5; i++) a[i] = i < args.length ? args[i] : Arg.NONE;
        PROTOS.put(id, new Proto(id, a, ret, types, pkt, changes, acq, true));
    }

    /** A helper whose arguments are checked but whose effect is not modelled (refused after the checks). */
    private static void argsOnly(int id, Arg... args) {
        Arg[] a = new Arg[5];
        for (int i = 0; i < 5; i++) a[i] = i < args.length ? args[i] : Arg.NONE;
        PROTOS.put(id, new Proto(id, a, Ret.INTEGER, ALL, false, false, false, false));
    }

    static {
        p(1, ALL, Ret.MAP_VALUE_OR_NULL, true, false, false, Arg.MAP_PTR, Arg.MAP_KEY);
        p(2, ALL, Ret.INTEGER, true, false, false, Arg.MAP_PTR, Arg.MAP_KEY, Arg.MAP_VALUE, Arg.ANYTHING);
        p(3, ALL, Ret.INTEGER, true, false, false, Arg.MAP_PTR, Arg.MAP_KEY);
        p(5, ALL, Ret.INTEGER, false, false, false);
        p(7, ALL, Ret.INTEGER, false, false, false);
        p(8, ALL, Ret.INTEGER, false, false, false);
        // bpf_base_func_proto's helpers for privileged loaders: every modelled type may call them (checked live)
        p(14, ALL, Ret.INTEGER, false, false, false);   // get_current_pid_tgid
        p(15, ALL, Ret.INTEGER, false, false, false);   // get_current_uid_gid
        p(35, ALL, Ret.INTEGER, false, false, false);   // get_current_task: a plain number, not a pointer
        p(42, ALL, Ret.INTEGER, false, false, false);   // get_numa_node_id
        p(109, ALL, Ret.INTEGER, false, false, false, Arg.ANYTHING); // send_signal(sig)
        p(118, ALL, Ret.INTEGER, false, false, false);  // jiffies64
        p(125, ALL, Ret.INTEGER, false, false, false);  // ktime_get_boot_ns
        // argument kinds from the helpers' uapi documentation, re-checked live: the kernel's argument errors
        // come before the simulator's "not modelled"
        argsOnly(120, Arg.ANYTHING, Arg.ANYTHING, Arg.UNINIT_MEM, Arg.SIZE);      // get_ns_current_pid_tgid
        p(105, ALL, Ret.INTEGER, false, false, false, Arg.MEM, Arg.SIZE, Arg.ANYTHING, Arg.LONG); // strtol(buf, len, flags, res)
        p(106, ALL, Ret.INTEGER, false, false, false, Arg.MEM, Arg.SIZE, Arg.ANYTHING, Arg.LONG); // strtoul
        argsOnly(182, Arg.MEM, Arg.SIZE, Arg.UNMODELLED);                          // strncmp(s1, s1_sz, const str)
        argsOnly(211, Arg.MAP_PTR, Arg.BTF_ID);                                    // cgrp_storage_delete(map, cgroup)
        // sk_storage_get(map, sk, value or NULL, flags) and sk_storage_delete(map, sk): the prototype of the types
        // with a socket argument (cgroup_sock's takes the context, the tracing types' a BTF socket: not these)
        p(107, TC | CGSKB | SOCK_OPS | SOCK_ADDR | SOCK_PROGS, Ret.MAP_VALUE_OR_NULL, false, false, false,
                Arg.MAP_PTR, Arg.BTF_SOCK_COMMON, Arg.MAP_VALUE_OR_NULL, Arg.ANYTHING);
        p(108, TC | CGSKB | SOCK_OPS | SOCK_ADDR | SOCK_PROGS, Ret.INTEGER, false, false, false,
                Arg.MAP_PTR, Arg.BTF_SOCK_COMMON);
        // skc_to_tcp6_sock .. skc_to_udp6_sock (tracing types take them with other rules: not modelled there)
        for (int id = 136; id <= 140; id++) {
            p(id, ALL & ~TRACE, Ret.BTF_SOCK_OR_NULL, false, false, false, Arg.BTF_SOCK_COMMON);
        }
        argsOnly(169, Arg.TIMER);                                                  // timer_init(timer, map, flags)
        argsOnly(197, Arg.UNINIT_MEM, Arg.SIZE_OR_ZERO, Arg.ANYTHING, Arg.DYNPTR);   // dynptr_from_mem
        p(4, TRACE, Ret.INTEGER, false, false, false, Arg.UNINIT_MEM, Arg.SIZE_OR_ZERO, Arg.ANYTHING);
        p(6, ALL, Ret.INTEGER, false, false, false, Arg.MEM, Arg.SIZE);
        p(45, TRACE, Ret.INTEGER, false, false, false, Arg.UNINIT_MEM, Arg.SIZE_OR_ZERO, Arg.ANYTHING);
        p(112, ALL, Ret.INTEGER, false, false, false, Arg.UNINIT_MEM, Arg.SIZE_OR_ZERO, Arg.ANYTHING);
        p(113, ALL, Ret.INTEGER, false, false, false, Arg.UNINIT_MEM, Arg.SIZE_OR_ZERO, Arg.ANYTHING);
        // skb_store_bytes(skb, off, from, len, flags): tc, lwt_xmit and sk_skb share the prototype
        p(9, TC | LWT | SOCK_PROGS, Ret.INTEGER, false, true, false, Arg.CTX, Arg.ANYTHING, Arg.MEM, Arg.SIZE, Arg.ANYTHING);
        // tail_call returns nothing: when the call falls through, R0 is not set (RET_VOID)
        p(12, ALL, Ret.VOID, false, false, false, Arg.CTX, Arg.MAP_PTR, Arg.ANYTHING);
        // get_cgroup_classid(skb) of tc and lwt; the other types get the one without arguments (the current task's)
        p(17, TC | LWT, Ret.INTEGER, false, false, false, Arg.CTX);
        alt(17, ALL & ~(TC | LWT), Ret.INTEGER);
        p(18, TC, Ret.INTEGER, false, true, false, Arg.CTX, Arg.ANYTHING, Arg.ANYTHING);
        p(19, TC, Ret.INTEGER, false, true, false, Arg.CTX);
        p(25, ALL, Ret.INTEGER, false, false, false, Arg.CTX, Arg.MAP_PTR, Arg.ANYTHING, Arg.MEM, Arg.SIZE_OR_ZERO);
        // get_local_storage(map, flags): every cgroup program type (cgroup_base_func_proto)
        p(81, CGSKB | CG_SOCK | SOCK_OPS | CG_DEVICE | CG_SYSCTL | CG_SOCKOPT | SOCK_ADDR, Ret.MAP_VALUE, false, false, false,
                Arg.MAP_PTR, Arg.ANYTHING);
        // flow_dissector's skb_load_bytes has its own implementation with the same arguments (checked live)
        p(26, SF | TC | CGSKB | LWT | SOCK_PROGS | SK_REUSEPORT | FLOW, Ret.INTEGER, false, false, false, Arg.CTX, Arg.ANYTHING, Arg.UNINIT_MEM, Arg.SIZE);
        p(28, TC | XDP | LWT, Ret.INTEGER, true, false, false, Arg.MEM_OR_NULL, Arg.SIZE_OR_ZERO, Arg.MEM_OR_NULL,
                Arg.SIZE_OR_ZERO, Arg.ANYTHING);
        p(34, TC | LWT, Ret.INTEGER, false, false, false, Arg.CTX);
        p(40, TC | LWT, Ret.INTEGER, false, false, false, Arg.CTX, Arg.ANYTHING);
        // skb_change_head(skb, len, flags): tc, lwt_xmit and sk_skb (the others cannot call it)
        p(43, TC | LWT | SOCK_PROGS, Ret.INTEGER, false, true, false, Arg.CTX, Arg.ANYTHING, Arg.ANYTHING);
        // get_stack(ctx, buf, size, flags) of the tracing types (the kernel also bounds its result by the size)
        p(67, TRACE, Ret.INTEGER, false, false, false, Arg.CTX, Arg.UNINIT_MEM, Arg.SIZE_OR_ZERO, Arg.ANYTHING);
        p(44, XDP, Ret.INTEGER, false, true, false, Arg.CTX, Arg.ANYTHING);
        // get_socket_cookie(ctx): the skb types, the socket-level types (sk_reuseport's takes a socket: not these)
        p(46, SF | TC | CGSKB | SOCK_PROGS | CG_SOCK | SOCK_OPS | SOCK_ADDR, Ret.INTEGER, false, false, false, Arg.CTX);
        // get_netns_cookie(ctx or NULL): the NULL-taking prototype of the socket-level types (checked live)
        p(122, SF | TC | CGSKB | SOCK_PROGS | CG_SOCK | SOCK_OPS | CG_SOCKOPT | SOCK_ADDR, Ret.INTEGER, false, false, false,
                Arg.CTX_OR_NULL);
        p(54, XDP, Ret.INTEGER, false, true, false, Arg.CTX, Arg.ANYTHING);
        p(69, TC | XDP, Ret.INTEGER, false, false, false, Arg.CTX, Arg.MEM, Arg.SIZE, Arg.ANYTHING);
        // sk_select_reuseport(ctx, map, key, flags): reuseport_sockarray, sockmap or sockhash (checked live)
        p(82, SK_REUSEPORT, Ret.INTEGER, false, false, false, Arg.CTX, Arg.MAP_PTR, Arg.MAP_KEY, Arg.ANYTHING);
        // sock_ops' getsockopt(ctx, level, optname, optval, optlen) (checked live)
        p(57, SOCK_OPS, Ret.INTEGER, false, false, false, Arg.CTX, Arg.ANYTHING, Arg.ANYTHING, Arg.UNINIT_MEM, Arg.SIZE);
        // the socket lookups share one prototype in every type that may call them (tc, XDP, cgroup_skb, sk_skb, ...);
        // the tuple's size may be zero (ARG_CONST_SIZE_OR_ZERO)
        p(84, TC | XDP | CGSKB | SOCK_PROGS | SOCK_ADDR, Ret.SOCKET_OR_NULL, true, false, true, Arg.CTX, Arg.MEM, Arg.SIZE_OR_ZERO, Arg.ANYTHING, Arg.ANYTHING);
        p(85, TC | XDP | CGSKB | SOCK_PROGS | SOCK_ADDR, Ret.SOCKET_OR_NULL, true, false, true, Arg.CTX, Arg.MEM, Arg.SIZE_OR_ZERO, Arg.ANYTHING, Arg.ANYTHING);
        p(86, TC | XDP | CGSKB | SOCK_PROGS | SOCK_ADDR, Ret.INTEGER, false, false, false, Arg.SOCKET_RELEASE);
        // spin_lock(lock), spin_unlock(lock); tracing types may not use spin-lock maps at all
        p(93, ALL & ~TRACE, Ret.VOID, false, false, false, Arg.SPIN_LOCK);
        p(94, ALL & ~TRACE, Ret.VOID, false, false, false, Arg.SPIN_LOCK);
        p(95, TC | CGSKB, Ret.SOCKET_OR_NULL, false, false, false, Arg.SOCK_COMMON);
        p(96, TC | CGSKB | SOCK_OPS | CG_SOCKOPT, Ret.TCP_SOCK_OR_NULL, false, false, false, Arg.SOCK_COMMON);
        p(98, TC | CGSKB, Ret.SOCKET_OR_NULL, false, false, false, Arg.SOCK_COMMON);
        p(99, TC | XDP | CGSKB | SOCK_PROGS | SOCK_ADDR, Ret.SOCK_COMMON_OR_NULL, true, false, true, Arg.CTX, Arg.MEM, Arg.SIZE_OR_ZERO, Arg.ANYTHING,
                Arg.ANYTHING);
        p(130, ALL, Ret.INTEGER, false, false, false, Arg.MAP_PTR, Arg.MEM, Arg.SIZE_OR_ZERO, Arg.ANYTHING);
        p(131, ALL, Ret.ALLOC_MEM_OR_NULL, false, false, true, Arg.MAP_PTR, Arg.ALLOC_SIZE_OR_ZERO, Arg.ANYTHING);
        p(132, ALL, Ret.VOID, false, false, false, Arg.RINGBUF_RELEASE, Arg.ANYTHING);
        p(133, ALL, Ret.VOID, false, false, false, Arg.RINGBUF_RELEASE, Arg.ANYTHING);
        p(194, ALL, Ret.KPTR_OR_NULL, false, false, false, Arg.KPTR_DEST, Arg.KPTR_NEW);    // kptr_xchg
        argsOnly(153, Arg.PERCPU_BTF, Arg.ANYTHING);                               // per_cpu_ptr(ptr, cpu)
        argsOnly(154, Arg.PERCPU_BTF);                                             // this_cpu_ptr(ptr)
        moreBase();
        moreSkb();
        moreXdp();
        moreMaps();
        unmodelled();
    }

    /*
     * The helpers below were added from the struct bpf_func_proto definitions of Linux 6.12 (net/core/filter.c,
     * kernel/bpf/helpers.c, kernel/trace/bpf_trace.c) and the per-type switches that hand them out; each was
     * checked live on 6.18 (right arguments accepted, a wrong one rejected with the kernel's message: see the
     * "helpers" section of verifier-rules.txt). The type bits only say where this prototype is the one the kernel
     * uses; whether a type may call the helper at all comes from helper-availability.txt.
     */

    /** Helpers of bpf_base_func_proto and bpf_sk_base_func_proto: no context, the same prototype everywhere. */
    private static void moreBase() {
        p(80, ALL, Ret.INTEGER, false, false, false);                   // get_current_cgroup_id()
        p(123, ALL, Ret.INTEGER, false, false, false, Arg.ANYTHING);    // get_current_ancestor_cgroup_id(level)
        p(117, ALL, Ret.INTEGER, false, false, false, Arg.ANYTHING);    // send_signal_thread(sig)
        p(160, ALL, Ret.INTEGER, false, false, false);                  // ktime_get_coarse_ns()
        p(208, ALL, Ret.INTEGER, false, false, false);                  // ktime_get_tai_ns()
        p(16, ALL, Ret.INTEGER, false, false, false, Arg.UNINIT_MEM, Arg.SIZE);   // get_current_comm(buf, size)
        // get_branch_snapshot(entries, size, flags)
        p(176, ALL, Ret.INTEGER, false, false, false, Arg.UNINIT_MEM, Arg.SIZE_OR_ZERO, Arg.ANYTHING);
        // the *_str reads return [-MAX_ERRNO, size] (see CallRules): probe_read_user_str, probe_read_kernel_str
        p(114, ALL, Ret.INTEGER, false, false, false, Arg.UNINIT_MEM, Arg.SIZE_OR_ZERO, Arg.ANYTHING);
        p(115, ALL, Ret.INTEGER, false, false, false, Arg.UNINIT_MEM, Arg.SIZE_OR_ZERO, Arg.ANYTHING);
    }

    /** skb helpers of tc, lwt, cgroup_skb, sk_skb and socket filters (filter.c). */
    private static void moreSkb() {
        int tcLwt = TC | LWT;
        p(24, tcLwt, Ret.INTEGER, false, false, false, Arg.CTX);                    // get_route_realm(skb)
        p(47, SF | TC | CGSKB | SOCK_PROGS, Ret.INTEGER, false, false, false, Arg.CTX); // get_socket_uid(skb)
        p(79, TC | CGSKB, Ret.INTEGER, false, false, false, Arg.CTX);               // skb_cgroup_id(skb)
        p(83, TC | CGSKB, Ret.INTEGER, false, false, false, Arg.CTX, Arg.ANYTHING); // skb_ancestor_cgroup_id(skb, level)
        p(151, TC, Ret.INTEGER, false, false, false, Arg.CTX);                      // skb_cgroup_classid(skb)
        p(97, TC | CGSKB, Ret.INTEGER, false, false, false, Arg.CTX);               // skb_ecn_set_ce(skb)
        p(41, tcLwt, Ret.INTEGER, false, false, false, Arg.CTX);                    // set_hash_invalid(skb)
        p(48, TC, Ret.INTEGER, false, false, false, Arg.CTX, Arg.ANYTHING);         // set_hash(skb, hash)
        p(135, tcLwt, Ret.INTEGER, false, false, false, Arg.CTX, Arg.ANYTHING);     // csum_level(skb, level)
        p(32, TC, Ret.INTEGER, false, false, false, Arg.CTX, Arg.ANYTHING);         // skb_change_type(skb, type)
        p(192, TC, Ret.INTEGER, false, false, false, Arg.CTX, Arg.ANYTHING, Arg.ANYTHING); // skb_set_tstamp
        p(23, TC | XDP | LWT, Ret.INTEGER, false, false, false, Arg.ANYTHING, Arg.ANYTHING); // redirect(ifindex, flags)
        p(155, TC, Ret.INTEGER, false, false, false, Arg.ANYTHING, Arg.ANYTHING);   // redirect_peer(ifindex, flags)
        // redirect_neigh(ifindex, params or NULL, plen, flags)
        p(152, TC, Ret.INTEGER, false, false, false, Arg.ANYTHING, Arg.MEM_OR_NULL, Arg.SIZE_OR_ZERO, Arg.ANYTHING);
        // the helpers that may move packet data (bpf_helper_changes_pkt_data): packet pointers die at the call
        p(10, tcLwt, Ret.INTEGER, false, true, false, Arg.CTX, Arg.ANYTHING, Arg.ANYTHING, Arg.ANYTHING, Arg.ANYTHING); // l3_csum_replace
        p(11, tcLwt, Ret.INTEGER, false, true, false, Arg.CTX, Arg.ANYTHING, Arg.ANYTHING, Arg.ANYTHING, Arg.ANYTHING); // l4_csum_replace
        p(13, tcLwt, Ret.INTEGER, false, true, false, Arg.CTX, Arg.ANYTHING, Arg.ANYTHING);    // clone_redirect
        p(31, TC, Ret.INTEGER, false, true, false, Arg.CTX, Arg.ANYTHING, Arg.ANYTHING);       // skb_change_proto
        p(38, TC | LWT | SOCK_PROGS, Ret.INTEGER, false, true, false, Arg.CTX, Arg.ANYTHING, Arg.ANYTHING); // skb_change_tail
        p(39, TC | LWT | SOCK_PROGS, Ret.INTEGER, false, true, false, Arg.CTX, Arg.ANYTHING);  // skb_pull_data(skb, len)
        p(50, TC | SOCK_PROGS, Ret.INTEGER, false, true, false, Arg.CTX, Arg.ANYTHING, Arg.ANYTHING, Arg.ANYTHING); // skb_adjust_room
        p(73, LWT, Ret.INTEGER, false, true, false, Arg.CTX, Arg.ANYTHING, Arg.MEM, Arg.SIZE); // lwt_push_encap(skb, type, hdr, len)
        // tunnel metadata: tc and lwt_xmit
        p(20, tcLwt, Ret.INTEGER, false, false, false, Arg.CTX, Arg.UNINIT_MEM, Arg.SIZE, Arg.ANYTHING); // skb_get_tunnel_key
        p(21, tcLwt, Ret.INTEGER, false, false, false, Arg.CTX, Arg.MEM, Arg.SIZE, Arg.ANYTHING);        // skb_set_tunnel_key
        p(29, tcLwt, Ret.INTEGER, false, false, false, Arg.CTX, Arg.UNINIT_MEM, Arg.SIZE);               // skb_get_tunnel_opt
        p(30, tcLwt, Ret.INTEGER, false, false, false, Arg.CTX, Arg.MEM, Arg.SIZE);                      // skb_set_tunnel_opt
        // skb_get_xfrm_state(skb, index, state, size, flags)
        p(66, TC, Ret.INTEGER, false, false, false, Arg.CTX, Arg.ANYTHING, Arg.UNINIT_MEM, Arg.SIZE, Arg.ANYTHING);
        // skb_load_bytes_relative(skb, off, to, len, start_header); sk_reuseport's has the same argument kinds
        p(68, SF | TC | CGSKB | SK_REUSEPORT, Ret.INTEGER, false, false, false, Arg.CTX, Arg.ANYTHING, Arg.UNINIT_MEM,
                Arg.SIZE, Arg.ANYTHING);
        // skb_under_cgroup(skb, cgroup array, index)
        p(33, tcLwt, Ret.INTEGER, false, false, false, Arg.CTX, Arg.MAP_PTR, Arg.ANYTHING);
        // socket helpers taking a BTF sock_common: sk_cgroup_id(sk), sk_ancestor_cgroup_id(sk, level), and
        // sk_assign(skb, sk, flags) of tc (sk_lookup's takes another prototype)
        p(128, CGSKB, Ret.INTEGER, false, false, false, Arg.BTF_SOCK_COMMON);
        p(129, CGSKB, Ret.INTEGER, false, false, false, Arg.BTF_SOCK_COMMON, Arg.ANYTHING);
        p(124, TC, Ret.INTEGER, false, false, false, Arg.CTX, Arg.BTF_SOCK_COMMON, Arg.ANYTHING);
        // tcp_check_syncookie, tcp_gen_syncookie(sk, iph, iph_len, th, th_len): they may read the packet
        p(100, TC | XDP, Ret.INTEGER, true, false, false, Arg.BTF_SOCK_COMMON, Arg.MEM, Arg.SIZE, Arg.MEM, Arg.SIZE);
        p(110, TC | XDP, Ret.INTEGER, true, false, false, Arg.BTF_SOCK_COMMON, Arg.MEM, Arg.SIZE, Arg.MEM, Arg.SIZE);
    }

    /** XDP's own helpers. */
    private static void moreXdp() {
        p(65, XDP, Ret.INTEGER, false, true, false, Arg.CTX, Arg.ANYTHING);          // xdp_adjust_tail(ctx, delta)
        p(188, XDP, Ret.INTEGER, false, false, false, Arg.CTX);                       // xdp_get_buff_len(ctx)
        p(189, XDP, Ret.INTEGER, false, false, false, Arg.CTX, Arg.ANYTHING, Arg.UNINIT_MEM, Arg.SIZE); // xdp_load_bytes
        p(190, XDP, Ret.INTEGER, false, false, false, Arg.CTX, Arg.ANYTHING, Arg.MEM, Arg.SIZE);        // xdp_store_bytes
        // check_mtu(ctx, ifindex, &mtu_len, len_diff, flags): tc's and XDP's prototypes have the same kinds
        p(163, TC | XDP, Ret.INTEGER, false, false, false, Arg.CTX, Arg.ANYTHING, Arg.U32, Arg.ANYTHING, Arg.ANYTHING);
        p(51, XDP, Ret.INTEGER, false, false, false, Arg.MAP_PTR, Arg.ANYTHING, Arg.ANYTHING);           // redirect_map
    }

    /** Helpers on maps of a given type (the map/helper pairing is checked in CallRules). */
    private static void moreMaps() {
        p(22, ALL, Ret.INTEGER, false, false, false, Arg.MAP_PTR, Arg.ANYTHING);    // perf_event_read(map, flags)
        // perf_event_read_value(map, flags, buf, size)
        p(55, ALL, Ret.INTEGER, false, false, false, Arg.MAP_PTR, Arg.ANYTHING, Arg.UNINIT_MEM, Arg.SIZE);
        p(134, ALL, Ret.INTEGER, false, false, false, Arg.MAP_PTR, Arg.ANYTHING);   // ringbuf_query(map, flags)
        p(37, ALL, Ret.INTEGER, false, false, false, Arg.MAP_PTR, Arg.ANYTHING);    // current_task_under_cgroup
        // queue, stack and bloom filter maps: push(map, value, flags) reads the value, pop and peek write it
        p(87, ALL, Ret.INTEGER, true, false, false, Arg.MAP_PTR, Arg.MAP_VALUE, Arg.ANYTHING);
        p(88, ALL, Ret.INTEGER, false, false, false, Arg.MAP_PTR, Arg.MAP_VALUE_UNINIT);
        p(89, ALL, Ret.INTEGER, false, false, false, Arg.MAP_PTR, Arg.MAP_VALUE_UNINIT);
        // sk_skb's redirects: sk_redirect_map(skb, sockmap, key, flags), sk_redirect_hash(skb, sockhash, &key, flags)
        // map_lookup_percpu_elem(map, key, cpu): per-CPU arrays and hashes
        p(195, ALL, Ret.MAP_VALUE_OR_NULL, true, false, false, Arg.MAP_PTR, Arg.MAP_KEY, Arg.ANYTHING);
        p(52, SOCK_PROGS, Ret.INTEGER, false, false, false, Arg.CTX, Arg.MAP_PTR, Arg.ANYTHING, Arg.ANYTHING);
        p(72, SOCK_PROGS, Ret.INTEGER, false, false, false, Arg.CTX, Arg.MAP_PTR, Arg.MAP_KEY, Arg.ANYTHING);
    }

    /**
     * Helpers whose arguments the simulator cannot check (BTF pointers it never makes, callbacks, timers, dynptrs,
     * constant strings): the register checks it can do come first, as in the kernel, then the call is refused.
     */
    private static void unmodelled() {
        argsOnly(141, Arg.BTF_ID, Arg.UNINIT_MEM, Arg.SIZE_OR_ZERO, Arg.ANYTHING); // get_task_stack(task, ...)
        argsOnly(156, Arg.MAP_PTR, Arg.BTF_ID_OR_NULL, Arg.UNMODELLED);  // task_storage_get(map, task, ...)
        argsOnly(157, Arg.MAP_PTR, Arg.BTF_ID);                          // task_storage_delete(map, task)
        argsOnly(210, Arg.MAP_PTR, Arg.BTF_ID_OR_NULL, Arg.UNMODELLED);  // cgrp_storage_get(map, cgroup, ...)
        argsOnly(164, Arg.MAP_PTR_ANY, Arg.UNMODELLED);                  // for_each_map_elem(map, callback, ...)
        argsOnly(181, Arg.ANYTHING, Arg.UNMODELLED);                     // loop(nr, callback, ...)
        argsOnly(209, Arg.MAP_PTR_ANY, Arg.UNMODELLED);                  // user_ringbuf_drain(map, callback, ...)
        argsOnly(170, Arg.TIMER);                                        // timer_set_callback(timer, callback)
        argsOnly(171, Arg.TIMER);                                        // timer_start(timer, ...)
        argsOnly(172, Arg.TIMER);                                        // timer_cancel(timer)
        // msg_pull_data(msg, start, end, flags): sk_msg, may move the message data; bind(ctx, addr, addr_len): the
        // connect hooks of cgroup_sock_addr
        p(63, SOCK_PROGS, Ret.INTEGER, false, true, false, Arg.CTX, Arg.ANYTHING, Arg.ANYTHING, Arg.ANYTHING);
        p(64, SOCK_ADDR, Ret.INTEGER, false, false, false, Arg.CTX, Arg.MEM, Arg.SIZE);
        // get_func_ip(ctx): kprobes may call it; the other tracing types are refused after the argument
        p(173, TRACE, Ret.INTEGER, false, false, false, Arg.CTX);
        // snprintf_btf(str, str_size, ptr, btf_ptr_size, flags) and trace_vprintk(fmt, fmt_size, data, data_len):
        // memory arguments checked, the formatting not modelled
        argsOnly(149, Arg.MEM, Arg.SIZE, Arg.MEM, Arg.SIZE, Arg.ANYTHING);
        argsOnly(177, Arg.MEM, Arg.SIZE, Arg.MEM_OR_NULL, Arg.SIZE_OR_ZERO);
        argsOnly(175, Arg.BTF_ID);                                       // task_pt_regs(task)
        argsOnly(180, Arg.BTF_ID, Arg.ANYTHING, Arg.UNMODELLED);         // find_vma(task, addr, callback, ...)
        argsOnly(198, Arg.MAP_PTR_ANY, Arg.ANYTHING, Arg.ANYTHING, Arg.DYNPTR); // ringbuf_reserve_dynptr
        argsOnly(199, Arg.DYNPTR);                                       // ringbuf_submit_dynptr(dynptr, flags)
        argsOnly(200, Arg.DYNPTR);                                       // ringbuf_discard_dynptr(dynptr, flags)
        argsOnly(201, Arg.UNINIT_MEM, Arg.SIZE_OR_ZERO, Arg.DYNPTR);     // dynptr_read(dst, len, src, ...)
        argsOnly(202, Arg.DYNPTR);                                       // dynptr_write(dst, ...)
        argsOnly(203, Arg.DYNPTR);                                       // dynptr_data(ptr, ...)
        argsOnly(165, Arg.MEM_OR_NULL, Arg.SIZE_OR_ZERO, Arg.UNMODELLED); // snprintf(str, size, const fmt, ...)
    }

    /** The prototype, or null when the helper is not modelled. */
    public static Proto proto(int id) {
        return PROTOS.get(id);
    }

    /** The prototype a program of type bit {@code bit} gets: another one than {@link #proto(int)}'s for some types. */
    public static Proto proto(int id, int bit) {
        Proto other = ALTS.get(id);
        if (other != null && (other.types() & bit) != 0) return other;
        return PROTOS.get(id);
    }

    /** The type bit of a program type for {@link Proto#types()}, or 0 when the type is not modelled. */
    public static int typeBit(dev.ebpf4j.asm.uapi.ProgType t) {
        switch (t) {
            case SOCKET_FILTER: return SF;
            case SCHED_CLS: case SCHED_ACT: return TC;
            case XDP: return XDP;
            case TRACEPOINT: case KPROBE: case PERF_EVENT: case RAW_TRACEPOINT: case RAW_TRACEPOINT_WRITABLE: return TRACE;
            case CGROUP_SKB: return CGSKB;
            case SK_SKB: case SK_MSG: case SK_LOOKUP: return SOCK_PROGS;
            case LWT_IN: case LWT_OUT: case LWT_XMIT: case LWT_SEG6LOCAL: return LWT;
            case CGROUP_SOCK_ADDR: return SOCK_ADDR;
            case CGROUP_SOCK: return CG_SOCK;
            case SOCK_OPS: return SOCK_OPS;
            case CGROUP_DEVICE: return CG_DEVICE;
            case CGROUP_SYSCTL: return CG_SYSCTL;
            case CGROUP_SOCKOPT: return CG_SOCKOPT;
            case SK_REUSEPORT: return SK_REUSEPORT;
            case FLOW_DISSECTOR: return FLOW;
            case NETFILTER: return NF;
            default: return 0;
        }
    }
}
