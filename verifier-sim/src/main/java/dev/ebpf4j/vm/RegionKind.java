package dev.ebpf4j.vm;

/** What a memory region holds; faults name it so a reader knows which object an access missed. */
public enum RegionKind {
    STACK("stack"),
    CONTEXT("context"),
    PACKET("packet"),
    MAP_VALUE("map value"),
    MAP("map"),
    CODE("code"),
    MEMORY("input memory"),
    RINGBUF_RECORD("ring buffer record");

    private final String text;

    RegionKind(String text) {
        this.text = text;
    }

    /** The words used in fault messages. */
    public String text() { return text; }
}
