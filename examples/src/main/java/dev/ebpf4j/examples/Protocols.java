package dev.ebpf4j.examples;

import java.util.Map;

/** IP protocol numbers (the byte at offset 9 of an IPv4 header) and their names, from /etc/protocols. */
public final class Protocols {
    private Protocols() {}

    public static final int ICMP = 1;
    public static final int TCP = 6;
    public static final int UDP = 17;

    private static final Map<Integer, String> NAMES = Map.of(0, "HOPOPT", ICMP, "ICMP", 2, "IGMP", TCP, "TCP",
            UDP, "UDP", 41, "IPv6", 47, "GRE", 50, "ESP", 58, "IPv6-ICMP", 132, "SCTP");

    /** "TCP", "UDP", "ICMP", ... or "proto N" for the rest. */
    public static String name(int protocol) {
        return NAMES.getOrDefault(protocol, "proto " + protocol);
    }
}
