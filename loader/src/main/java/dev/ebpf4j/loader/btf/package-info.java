/** A small BTF writer and {@code BPF_BTF_LOAD}, for maps whose values hold spin locks, timers or kptrs. */
package dev.ebpf4j.loader.btf;
