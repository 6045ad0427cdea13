package dev.ebpf4j.examples;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

class XdpPingDropTest {
    @Test
    void theInterpreterGivesEachSampleFrameItsAction() {
        List<XdpPingDrop.Sample> samples = XdpPingDrop.samples();
        List<Integer> expected = samples.stream().map(XdpPingDrop.Sample::action).collect(Collectors.toList());
        assertEquals(expected, XdpPingDrop.interpret(samples));
        assertTrue(expected.contains(XdpPingDrop.XDP_DROP) && expected.contains(XdpPingDrop.XDP_PASS));
    }

    @Test
    void theKernelGivesEachSampleFrameItsAction() {
        Live.assumeBpf();
        List<XdpPingDrop.Sample> samples = XdpPingDrop.samples();
        List<Integer> expected = samples.stream().map(XdpPingDrop.Sample::action).collect(Collectors.toList());
        assertEquals(expected, XdpPingDrop.testRun(samples));
    }

    @Test
    void dropsEchoRequestsOnlyWhileAttachedAndCountsPerProtocol() {
        Live.assumeBpf();
        Live.Capture c = new Live.Capture();
        XdpPingDrop.Result r = XdpPingDrop.run(c.out);
        c.text();
        assertTrue(r.kernelLog().startsWith("processed "), r.kernelLog());
        assertTrue(r.pingBefore(), "the ping before attaching is answered");
        assertEquals(0, r.pongsAttached(), "no ping is answered while XDP drops echo requests");
        assertTrue(r.pingAfter(), "the ping after detaching is answered");
        // exact: the only ICMP that reaches the receiving end while attached is the echo requests, each dropped
        assertEquals(r.pingsAttached(), r.verdict(XdpPingDrop.XDP_DROP), "verdicts " + r.verdicts());
        assertEquals(r.pingsAttached(), r.protocol(Protocols.ICMP), "protocols " + r.protocols());
        // everything else passed: the datagrams arrived and were counted once each
        assertEquals(r.udpSent(), r.udpReceived());
        assertEquals(r.udpSent(), r.protocol(Protocols.UDP), "protocols " + r.protocols());
        assertEquals(1000, r.tcpBytes());
        assertTrue(r.protocol(Protocols.TCP) >= 4, "SYN, ACK, data, FIN at least: " + r.protocols());
        long ipv4 = r.protocols().values().stream().mapToLong(Long::longValue).sum();
        assertTrue(r.verdict(XdpPingDrop.XDP_PASS) + r.verdict(XdpPingDrop.XDP_DROP) >= ipv4, "every counted packet got a verdict");
    }
}
