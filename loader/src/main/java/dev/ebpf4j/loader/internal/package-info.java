/**
 * The native layer: the jnr-ffi libc binding, the one bpf(2) call site ({@link dev.ebpf4j.loader.internal.Sys})
 * and per-thread {@code bpf_attr} scratch memory. Not API.
 */
package dev.ebpf4j.loader.internal;
