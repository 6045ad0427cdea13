package dev.ebpf4j.verifier.walk;


import dev.ebpf4j.verifier.Messages;
import dev.ebpf4j.verifier.Reject;

/**
 * The return value ranges of program types that restrict R0 at exit. Socket filters, XDP and tc accept any
 * scalar (and, for root, even pointers).
 */
final class ReturnRanges {
    private ReturnRanges() {}

    static void check(Walker w, Reg r0) {
        switch (w.type) {
            case SOCKET_FILTER: case XDP: case SCHED_CLS: case SCHED_ACT: case TRACEPOINT: case KPROBE: case PERF_EVENT:
            case RAW_TRACEPOINT: case RAW_TRACEPOINT_WRITABLE: case SK_SKB: case SK_MSG: case LWT_IN: case LWT_OUT: case LWT_XMIT: case LWT_SEG6LOCAL:
            case SK_REUSEPORT: case FLOW_DISSECTOR: // any value, even a pointer (checked live)
                return;
            case CGROUP_SKB:
                range(w, r0, 0, w.opts.expectedAttachType() == dev.ebpf4j.asm.uapi.AttachType.CGROUP_INET_EGRESS ? 3 : 1);
                return;
            case CGROUP_SOCK_ADDR: {
                String n = w.opts.expectedAttachType() == null ? "" : w.opts.expectedAttachType().name();
                if (n.endsWith("RECVMSG") || n.endsWith("GETPEERNAME") || n.endsWith("GETSOCKNAME")) range(w, r0, 1, 1);
                else if (n.equals("CGROUP_INET4_BIND") || n.equals("CGROUP_INET6_BIND")) range(w, r0, 0, 3);
                else range(w, r0, 0, 1);
                return;
            }
            case CGROUP_SOCK: case CGROUP_DEVICE: case CGROUP_SYSCTL: case CGROUP_SOCKOPT: case SK_LOOKUP: case SOCK_OPS:
            case NETFILTER: // NF_DROP or NF_ACCEPT
                range(w, r0, 0, 1);
                return;
            default:
                throw Reject.inval(Messages.notModelled("the return value rules of " + w.type.kernelName()));
        }
    }

    private static void range(Walker w, Reg r0, int lo, int hi) {
        if (!r0.isScalar()) {
            // the live kernel answers EINVAL for both exit errors
            throw Reject.inval(String.format("At program exit the register R0 is not a known value (%s)",
                    BtfPtr.typeName(r0)));
        }
        Precision.mark(w, 0); // the range check relies on R0's bounds
        long smin = Num.smin(r0.val);
        long smax = Num.smax(r0.val);
        if (smin >= lo && smax <= hi) return;
        StringBuilder sb = new StringBuilder("has");
        boolean any = false;
        if (smin != Long.MIN_VALUE) { sb.append(" smin=").append(smin); any = true; }
        if (smax != Long.MAX_VALUE) { sb.append(" smax=").append(smax); any = true; }
        if (!any) sb.append(" unknown scalar value");
        throw Reject.inval(String.format(Messages.EXIT_RANGE, 0, sb, lo, hi));
    }
}
