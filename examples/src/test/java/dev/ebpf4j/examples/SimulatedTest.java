package dev.ebpf4j.examples;

import dev.ebpf4j.asm.uapi.AttachType;
import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.examples.topics.Lesson;
import dev.ebpf4j.verifier.Result;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The kernel accepts every example (the live tests load them): the offline verifier simulator must agree. */
class SimulatedTest {
    @Test
    void theSimulatorAcceptsThePacketCounterAsTheKernelDoes() {
        Result r = Simulated.verify(PacketCounter.unit(), ProgType.SOCKET_FILTER, null);
        assertTrue(r.accepted(), r.errorLines().toString());
        assertEquals(13, r.processed(), "the kernel processes 13 instructions");
        assertEquals("accept: " + r.statsLine(), Simulated.verdict(PacketCounter.unit(), ProgType.SOCKET_FILTER, null));
    }

    @Test
    void theSimulatorAcceptsEveryTeachingExample() {
        for (Lesson l : Lesson.all()) {
            Result r = Simulated.verify(l.unit(), ProgType.SOCKET_FILTER, null);
            assertTrue(r.accepted(), l.topic() + ": " + r.errorLines());
        }
    }

    @Test
    void theSimulatorAcceptsTheXdpExample() {
        Result r = Simulated.verify(XdpPingDrop.unit(), ProgType.XDP, AttachType.XDP);
        assertTrue(r.accepted(), r.errorLines().toString());
    }
}
