package dev.ebpf4j.examples;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class PacketCounterTest {
    /** The seed's bytes (foundation issue), with map fd 0. */
    static final String SEED = "bf160000000000003000000017000000630afcff00000000bfa200000000000007020000fcffffff"
            + "1811000000000000000000000000000085000000010000001500020000000000b701000001000000"
            + "db10000000000000b7000000000000009500000000000000";

    @Test
    void theProgramIsTheSeedsBytes() {
        assertEquals(SEED, PacketCounter.program(0).toHex());
        assertEquals(PacketCounter.program(0), PacketCounter.unit().program());
        assertEquals(PacketCounter.MAP_SLOT, PacketCounter.unit().maps().get(0).insnIndices().get(0));
        // the map fd lands in the imm of the LD_IMM64 at slot 5
        assertEquals(42, PacketCounter.program(42).insn(PacketCounter.MAP_SLOT).imm());
    }

    @Test
    void countsTheTrafficItMakesPerProtocol() {
        Live.assumeBpf();
        Live.Capture c = new Live.Capture();
        PacketCounter.Result r = PacketCounter.run(3, c.out);
        String text = c.text();
        assertTrue(r.kernelLog().startsWith("processed 13 insns"), r.kernelLog());
        assertTrue(text.contains("kernel: processed 13 insns"), text);
        assertEquals(3, r.rows().size());
        assertEquals(1 + 2 + 3, r.udpSent(), "every datagram reached the local receiver");
        assertEquals(100 + 200 + 300, r.tcpBytes());
        assertEquals(3, r.pongs(), "every ping on lo is answered");
        // lo shows each packet twice (sent and received) to a packet socket
        assertEquals(2L * r.udpSent(), r.count(Protocols.UDP), "UDP: " + r.counts());
        assertEquals(4L * r.pings(), r.count(Protocols.ICMP), "ICMP: request and reply, each twice: " + r.counts());
        assertTrue(r.count(Protocols.TCP) >= 2L * 3 * 3, "TCP: at least the three handshakes, twice: " + r.counts());
        for (int i = 1; i < r.rows().size(); i++) {
            assertTrue(r.rows().get(i).udp() > r.rows().get(i - 1).udp(), "cumulative rows grow: " + r.rows());
        }
    }
}
