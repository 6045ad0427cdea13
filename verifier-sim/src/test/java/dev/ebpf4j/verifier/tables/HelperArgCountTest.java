package dev.ebpf4j.verifier.tables;

import dev.ebpf4j.asm.uapi.Helper;
import dev.ebpf4j.asm.uapi.ProgType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The measured argument counts of helper calls (helper-args.txt) and the host's CPU count. */
class HelperArgCountTest {
    @Test
    void everyHelperIsMeasuredForEveryTypeOfTheAvailabilityTable() {
        for (ProgType t : new ProgType[] {ProgType.SOCKET_FILTER, ProgType.XDP, ProgType.SCHED_CLS, ProgType.KPROBE,
            ProgType.CGROUP_SOCK_ADDR, ProgType.SK_LOOKUP, ProgType.FLOW_DISSECTOR, ProgType.NETFILTER}) {
            for (Helper h : Helper.values()) {
                if (h.id() == 0) continue;
                int n = HelperArgCount.count(t, h.id());
                assertTrue(n >= 0 && n <= 5, t + " " + h);
            }
        }
    }

    @Test
    void liveFacts() {
        assertEquals(2, HelperArgCount.count(ProgType.SOCKET_FILTER, 1));   // map_lookup_elem(map, key)
        assertEquals(0, HelperArgCount.count(ProgType.SOCKET_FILTER, 5));   // ktime_get_ns()
        assertEquals(4, HelperArgCount.count(ProgType.SOCKET_FILTER, 26));  // skb_load_bytes(skb, off, to, len)
        assertEquals(2, HelperArgCount.count(ProgType.SOCKET_FILTER, 6));   // trace_printk(fmt, size): not the varargs
        // the prototype depends on the type: the skb in tc, the current task in a socket filter
        assertEquals(1, HelperArgCount.count(ProgType.SCHED_CLS, 17));
        assertEquals(0, HelperArgCount.count(ProgType.SOCKET_FILTER, 17));
        // a helper the type may not call reads r1-r5
        assertEquals(5, HelperArgCount.count(ProgType.SOCKET_FILTER, 4));
        assertEquals(3, HelperArgCount.count(ProgType.KPROBE, 4));
        // a type nobody measured: r1-r5
        assertEquals(5, HelperArgCount.count(ProgType.LIRC_MODE2, 1));
        assertEquals(4, HelperArgCount.count(ProgType.FLOW_DISSECTOR, 26));  // its own skb_load_bytes
        assertEquals(5, HelperArgCount.count(ProgType.NETFILTER, 26));       // which netfilter may not call
    }

    @Test
    void cpuListsAsTheKernelWritesThem() {
        assertEquals(2, HostCpus.parse("0-1"));
        assertEquals(1, HostCpus.parse("0"));
        assertEquals(12, HostCpus.parse("0-3,8-11"));
        assertThrows(RuntimeException.class, () -> HostCpus.parse(""));
        assertTrue(HostCpus.possible() >= 1);
    }
}
