package dev.ebpf4j.asm;

import org.junit.jupiter.api.Test;

import static dev.ebpf4j.asm.Register.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The seed's socket packet counter, written as the kernel's sock_example.c writes it. */
class SeedProgramTest {
    static final String EXPECTED =
            "bf160000000000003000000017000000630afcff00000000bfa200000000000007020000fcffffff"
            + "1811000000000000000000000000000085000000010000001500020000000000b701000001000000"
            + "db10000000000000b7000000000000009500000000000000";

    static Program packetCounter(int mapFd) {
        return SamplePrograms.packetCounter(mapFd);
    }

    @Test
    void packetCounterBytesMatchTheSeed() {
        assertEquals(EXPECTED, packetCounter(0).toHex());
    }

    @Test
    void packetCounterRoundTripsThroughBytes() {
        Program p = packetCounter(0);
        assertEquals(p, Program.fromBytes(p.toBytes()));
        assertEquals(p, Program.fromHex(EXPECTED));
        assertEquals(13, p.size());
        assertEquals(12, p.instructions().size());
    }
}
