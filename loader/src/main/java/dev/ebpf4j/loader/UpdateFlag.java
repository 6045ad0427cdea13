package dev.ebpf4j.loader;

/** The {@code flags} of {@code BPF_MAP_UPDATE_ELEM}. */
public enum UpdateFlag {
    /** Create or replace ({@code BPF_ANY}). */
    ANY(0),
    /** Create only; EEXIST if present ({@code BPF_NOEXIST}). */
    NOEXIST(1),
    /** Replace only; ENOENT if absent ({@code BPF_EXIST}). */
    EXIST(2),
    /** Update under the value's bpf_spin_lock ({@code BPF_F_LOCK}). */
    LOCK(4);

    private final int value;

    UpdateFlag(int value) {
        this.value = value;
    }

    public int value() { return value; }
}
