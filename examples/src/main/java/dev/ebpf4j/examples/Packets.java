package dev.ebpf4j.examples;

/** Sample frames for test runs: Ethernet + IPv4 + UDP with a payload, built byte by byte. */
public final class Packets {
    private Packets() {}

    /**
     * An Ethernet/IPv4/UDP frame from 10.1.2.3:40000 to 10.4.5.6:{@code dstPort} carrying {@code payload}.
     * The IPv4 checksum is left 0: nothing in a test run checks it.
     */
    public static byte[] udp(int dstPort, byte[] payload) {
        int ipLen = 20 + 8 + payload.length;
        byte[] f = new byte[14 + ipLen];
        for (int i = 0; i < 6; i++) f[i] = (byte) (0x02 + i);          // destination MAC
        for (int i = 6; i < 12; i++) f[i] = (byte) (0x10 + i);         // source MAC
        f[12] = 0x08;                                                   // ethertype IPv4
        int ip = 14;
        f[ip] = 0x45;                                                   // version 4, IHL 5
        f[ip + 2] = (byte) (ipLen >> 8);
        f[ip + 3] = (byte) ipLen;
        f[ip + 8] = 64;                                                 // TTL
        f[ip + 9] = (byte) Protocols.UDP;
        byte[] src = {10, 1, 2, 3}, dst = {10, 4, 5, 6};
        System.arraycopy(src, 0, f, ip + 12, 4);
        System.arraycopy(dst, 0, f, ip + 16, 4);
        int udp = ip + 20;
        f[udp] = (byte) (40000 >> 8);
        f[udp + 1] = (byte) 40000;
        f[udp + 2] = (byte) (dstPort >> 8);
        f[udp + 3] = (byte) dstPort;
        f[udp + 4] = (byte) ((8 + payload.length) >> 8);
        f[udp + 5] = (byte) (8 + payload.length);
        System.arraycopy(payload, 0, f, udp + 8, payload.length);
        return f;
    }

    /**
     * An Ethernet/IPv4/ICMP frame of ICMP {@code type} (8 echo request, 0 echo reply) whose IP header is
     * {@code ihlWords} 32-bit words long (5 without options, up to 15), the options filled with NOPs.
     */
    public static byte[] icmp(int type, int ihlWords) {
        if (ihlWords < 5 || ihlWords > 15) throw new IllegalArgumentException("IHL must be 5 to 15 words, got " + ihlWords);
        int ipHdr = ihlWords * 4;
        byte[] f = new byte[14 + ipHdr + 8 + 16];
        f[12] = 0x08;
        int ip = 14;
        f[ip] = (byte) (0x40 | ihlWords);
        int ipLen = f.length - 14;
        f[ip + 2] = (byte) (ipLen >> 8);
        f[ip + 3] = (byte) ipLen;
        f[ip + 8] = 64;
        f[ip + 9] = (byte) Protocols.ICMP;
        for (int i = ip + 20; i < ip + ipHdr; i++) f[i] = 1;           // IP option: NOP
        f[ip + ipHdr] = (byte) type;
        return f;
    }

    /** An ARP request frame (ethertype 0x0806): not IPv4. */
    public static byte[] arp() {
        byte[] f = new byte[42];
        for (int i = 0; i < 6; i++) f[i] = (byte) 0xff;
        f[12] = 0x08;
        f[13] = 0x06;
        return f;
    }

    /** The frame the teaching examples run on: UDP to port 4242 with a short text payload. */
    public static byte[] sample() {
        return udp(4242, "hello, eBPF".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
