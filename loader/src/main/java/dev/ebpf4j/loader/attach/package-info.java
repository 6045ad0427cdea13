/** Attaching programs: socket filters ({@code SO_ATTACH_BPF}) on packet sockets or any socket, and XDP links. */
package dev.ebpf4j.loader.attach;
