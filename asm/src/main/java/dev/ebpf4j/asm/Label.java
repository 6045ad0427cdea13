package dev.ebpf4j.asm;

/**
 * A jump or call target in a {@link ProgramBuilder}: made by {@link ProgramBuilder#newLabel()}, used by jumps
 * before or after it is placed with {@link ProgramBuilder#bind(Label)}, resolved by {@link ProgramBuilder#build()}.
 */
public final class Label {
    final ProgramBuilder owner;
    final String name;
    int position = -1;

    Label(ProgramBuilder owner, String name) {
        this.owner = owner;
        this.name = name;
    }

    /** The label's name, given or made up ({@code L3}). */
    public String name() { return name; }

    /** The slot index it is bound to, or -1 while unbound. */
    public int position() { return position; }

    @Override
    public String toString() {
        return position < 0 ? name : name + "@" + position;
    }
}
