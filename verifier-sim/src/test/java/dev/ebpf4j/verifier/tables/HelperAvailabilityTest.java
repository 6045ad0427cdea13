package dev.ebpf4j.verifier.tables;

import dev.ebpf4j.asm.uapi.Helper;
import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.verifier.tables.HelperAvailability.Status;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The measured availability table: complete for the types it lists, and consistent with the modelled prototypes. */
class HelperAvailabilityTest {
    private static final ProgType[] MEASURED = {
        ProgType.SOCKET_FILTER, ProgType.SCHED_CLS, ProgType.SCHED_ACT, ProgType.XDP, ProgType.KPROBE,
        ProgType.TRACEPOINT, ProgType.PERF_EVENT, ProgType.RAW_TRACEPOINT, ProgType.CGROUP_SKB, ProgType.LWT_IN,
        ProgType.LWT_OUT, ProgType.LWT_XMIT, ProgType.LWT_SEG6LOCAL, ProgType.SK_SKB, ProgType.SK_MSG, ProgType.SK_LOOKUP,
        ProgType.FLOW_DISSECTOR, ProgType.NETFILTER
    };

    @Test
    void everyHelperHasAnAnswerForEveryMeasuredType() {
        for (ProgType t : MEASURED) {
            for (Helper h : Helper.values()) {
                if (h.id() == 0) continue;
                assertTrue(HelperAvailability.status(t, h.id()) != Status.UNKNOWN, t + " " + h);
            }
        }
        assertEquals(Status.UNKNOWN, HelperAvailability.status(ProgType.LIRC_MODE2, 1), "not measured");
    }

    @Test
    void liveFacts() {
        assertEquals(Status.CANNOT_USE, HelperAvailability.status(ProgType.SOCKET_FILTER, 4)); // probe_read
        assertEquals(Status.ALLOWED, HelperAvailability.status(ProgType.KPROBE, 4));
        assertEquals(Status.ALLOWED, HelperAvailability.status(ProgType.SOCKET_FILTER, 14)); // get_current_pid_tgid
        assertEquals(Status.MIGHT_SLEEP, HelperAvailability.status(ProgType.SOCKET_FILTER, 148)); // copy_from_user
        assertEquals(Status.NOT_SUPPORTED, HelperAvailability.status(ProgType.TRACEPOINT, 173)); // get_func_ip
        assertEquals(Status.CANNOT_USE, HelperAvailability.status(ProgType.XDP, 9)); // skb_store_bytes
        assertEquals(Status.ALLOWED, HelperAvailability.status(ProgType.CGROUP_SOCK_ADDR, 122)); // get_netns_cookie
        assertEquals(Status.CANNOT_USE, HelperAvailability.status(ProgType.CGROUP_SOCK_ADDR, 9));
        // flow_dissector has its own skb_load_bytes; netfilter only bpf_base_func_proto's helpers
        assertEquals(Status.ALLOWED, HelperAvailability.status(ProgType.FLOW_DISSECTOR, 26));
        assertEquals(Status.CANNOT_USE, HelperAvailability.status(ProgType.NETFILTER, 26));
        assertEquals(Status.ALLOWED, HelperAvailability.status(ProgType.NETFILTER, 1));
        assertEquals(Status.MIGHT_SLEEP, HelperAvailability.status(ProgType.NETFILTER, 148)); // copy_from_user
        // bpf_bind: the connect hooks may call it, udp6_sendmsg may not; the table cannot say which
        assertEquals(Status.UNKNOWN, HelperAvailability.status(ProgType.CGROUP_SOCK_ADDR, 64));
    }

    /** Where the kernel forbids a helper, the table says so even if a prototype's (grouped) type bits allow it. */
    @Test
    void theTableIsFinerThanThePrototypeGroups() {
        HelperTable.Proto lookup = HelperTable.proto(84); // sk_lookup_tcp: modelled for sk_skb, sk_msg, sk_lookup
        assertTrue((lookup.types() & HelperTable.typeBit(ProgType.SK_MSG)) != 0);
        assertEquals(Status.CANNOT_USE, HelperAvailability.status(ProgType.SK_MSG, 84));
        assertEquals(Status.ALLOWED, HelperAvailability.status(ProgType.SK_SKB, 84));
    }
}
