package dev.ebpf4j.vm;

/**
 * One addressable object: a slice {@code mem[start + lo .. start + hi)} reachable at addresses
 * {@code Memory.base(id) + lo .. + hi}. Offsets are relative to the region's base, so a packet region keeps
 * its base at the start of the headroom and moves {@code lo}/{@code hi} when the program adjusts the packet.
 * Mutable on purpose: run-scoped regions (stack, context, packet) are re-pointed at each run instead of
 * re-allocated.
 */
final class Region {
    final RegionKind kind;
    String name;
    byte[] mem;
    int start;
    int lo;
    int hi;
    boolean writable;
    /** Linux requires natural alignment for every access here (the stack: its spill tracking relies on it). */
    boolean alignStrict;
    /** Non-null for the context: field-wise access instead of raw bytes. */
    Context ctx;
    /** The map for MAP regions, and for MAP_VALUE regions the map the value belongs to. */
    BpfMap map;
    /** Free-form tag: the code offset for CODE regions, the record for ring buffer records. */
    Object tag;

    Region(RegionKind kind, String name, byte[] mem, int start, int lo, int hi, boolean writable) {
        this.kind = kind;
        this.name = name;
        this.mem = mem;
        this.start = start;
        this.lo = lo;
        this.hi = hi;
        this.writable = writable;
    }
}
