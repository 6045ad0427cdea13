/**
 * Test networks that never touch the host: private network namespaces held by dedicated threads, a small
 * rtnetlink client (veth pairs, link up, IPv4 addresses), interface lookup and ICMP echo.
 */
package dev.ebpf4j.loader.net;
