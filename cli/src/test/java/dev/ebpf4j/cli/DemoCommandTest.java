package dev.ebpf4j.cli;

import dev.ebpf4j.examples.KernelAccess;
import dev.ebpf4j.loader.internal.Native;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.*;

class DemoCommandTest {
    static final String LISTING = String.join("\n",
            "0: (bf) r6 = r1",
            "1: (30) r0 = *(u8 *)skb[23]",
            "2: (63) *(u32 *)(r10 -4) = r0",
            "3: (bf) r2 = r10",
            "4: (07) r2 += -4",
            "5: (18) r1 = 0x0",
            "7: (85) call bpf_map_lookup_elem#1",
            "8: (15) if r0 == 0x0 goto pc+2",
            "9: (b7) r1 = 1",
            "10: (db) lock *(u64 *)(r0 +0) += r1",
            "11: (b7) r0 = 0",
            "12: (95) exit", "");

    static void assertOfflinePart(String out) {
        assertTrue(out.contains(LISTING), out);
        assertTrue(out.contains("As hex (ebpf4j disasm --hex ...): " + DisasmCommandTest.COUNTER), out);
        assertTrue(out.contains("   0: bf 16 00 00 00 00 00 00\n"), out);
        assertTrue(out.contains("   5: 18 11 00 00 00 00 00 00\n"), out);
        assertTrue(out.contains("  12: 95 00 00 00 00 00 00 00\n"), out);
    }

    @Test
    void offlineShowsTheSeedProgramAndItsBytes() {
        DisasmCommandTest.Run r = DisasmCommandTest.run("demo", "--offline");
        assertEquals(0, r.code(), r.err());
        assertOfflinePart(r.out());
        assertTrue(r.out().contains("ebpf4j's verifier simulator (offline): accept: processed 13 insns"), r.out());
        assertFalse(r.out().contains("second"), "no live part with --offline");
    }

    @Test
    void offlineXdpAndIsaListTheirPrograms() {
        DisasmCommandTest.Run xdp = DisasmCommandTest.run("demo", "xdp", "--offline");
        assertEquals(0, xdp.code(), xdp.err());
        assertTrue(xdp.out().contains("(85) call bpf_map_lookup_elem#1"), xdp.out());
        assertTrue(xdp.out().contains("(71) r7 = *(u8 *)(r2 +23)"), xdp.out());
        assertTrue(xdp.out().contains("  ICMP echo request, 40 bytes of IP options  -> XDP_DROP\n"), xdp.out());
        assertTrue(xdp.out().contains("  ICMP echo reply                            -> XDP_PASS\n"), xdp.out());
        DisasmCommandTest.Run isa = DisasmCommandTest.run("demo", "isa", "--offline");
        assertEquals(0, isa.code(), isa.err());
        for (String topic : new String[] {"ALU", "jumps", "memory", "maps", "atomics", "calls"}) {
            assertTrue(isa.out().contains("-- " + topic + ": "), topic);
        }
        assertEquals(6, isa.out().split("\\(they agree\\)", -1).length - 1, "the interpreter agrees with Java 6 times: " + isa.out());
        assertTrue(isa.out().contains("r0 = atomic64_cmpxchg((u64 *)(r6 +0), r0, r1)"), isa.out());
    }

    @Test
    void withoutPermissionItSaysWhatItNeedsAndStillShowsTheProgram() throws Exception {
        DisasmCommandTest.Run r;
        if (KernelAccess.unavailable() != null) {
            r = DisasmCommandTest.run("demo");            // already without permission: nothing to drop
        } else {
            // credentials are per thread in Linux: drop this one thread to nobody with the raw syscall
            CompletableFuture<DisasmCommandTest.Run> result = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    long rc = Native.libc().syscall(Native.SYS_SETRESUID, 65534, 65534, 65534);
                    if (rc != 0) throw new IllegalStateException("setresuid failed on this thread");
                    result.complete(DisasmCommandTest.run("demo"));
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            }, "unprivileged-demo");
            t.start();
            t.join();
            r = result.get();
        }
        assertEquals(0, r.code(), r.err());
        assertOfflinePart(r.out());
        assertTrue(r.out().contains("The live part cannot run here: BPF_MAP_CREATE failed: EPERM (Operation not permitted)"), r.out());
        assertTrue(r.out().contains(KernelAccess.NEEDS), r.out());
        assertFalse(r.out().contains("second"), "no live part");
    }

    @Test
    void liveSocketDemoPrintsCountsPerProtocol() {
        String why = KernelAccess.unavailable();
        if (why != null) System.out.println("skipped: " + why);
        Assumptions.assumeTrue(why == null, why);
        DisasmCommandTest.Run r = DisasmCommandTest.run("demo", "socket", "--seconds", "1");
        System.out.print(r.out());
        assertEquals(0, r.code(), r.err());
        assertOfflinePart(r.out());
        assertTrue(r.out().contains("kernel: processed 13 insns"), r.out());
        assertTrue(r.out().matches("(?s).*second\\s+TCP\\s+UDP\\s+ICMP\\s+other\\n\\s+1\\s+[1-9]\\d*\\s+[1-9]\\d*\\s+[1-9]\\d*\\s+0\\n.*"), r.out());
    }

    @Test
    void liveIsaDemoChecksEveryTopicThreeWays() {
        String why = KernelAccess.unavailable();
        if (why != null) System.out.println("skipped: " + why);
        Assumptions.assumeTrue(why == null, why);
        DisasmCommandTest.Run r = DisasmCommandTest.run("demo", "isa");
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("6 of 6 examples agree with Java"), r.out());
        assertTrue(r.out().contains("BPF_PROG_TEST_RUN: the kernel computed 111 (0x6f), the interpreter 111 (0x6f), Java 111 (0x6f) (they agree)"), r.out());
    }

    @Test
    void anUnknownExampleIsBadInput() {
        DisasmCommandTest.Run r = DisasmCommandTest.run("demo", "tc");
        assertEquals(2, r.code());
        assertEquals("ebpf4j: demo: unknown example 'tc' (socket, xdp or isa)\n", r.err());
        DisasmCommandTest.Run s = DisasmCommandTest.run("demo", "--seconds", "0");
        assertEquals(2, s.code());
        assertEquals("ebpf4j: demo: --seconds must be 1 to 3600, got 0\n", s.err());
    }
}
