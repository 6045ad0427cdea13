/**
 * bpf(2) from Java: {@link dev.ebpf4j.loader.BpfMap maps}, {@link dev.ebpf4j.loader.BpfProgram program loads}
 * with the verifier's log, {@link dev.ebpf4j.loader.TestRun test runs}, {@link dev.ebpf4j.loader.BpfFs pinning},
 * and {@link dev.ebpf4j.loader.BpfObject a program unit with its maps}. Attaching is in
 * {@code dev.ebpf4j.loader.attach}, private network namespaces in {@code dev.ebpf4j.loader.net}, BTF in
 * {@code dev.ebpf4j.loader.btf}. docs/loader.md is the guide.
 */
package dev.ebpf4j.loader;
