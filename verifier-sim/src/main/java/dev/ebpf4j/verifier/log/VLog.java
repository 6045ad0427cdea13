package dev.ebpf4j.verifier.log;

/**
 * The verifier log being written. At level 1 the kernel rewinds the log to where a branch was pushed when that
 * branch is popped, so only the failing path survives; {@link #mark()} and {@link #rewind(int)} do that.
 */
public final class VLog {
    private final StringBuilder sb = new StringBuilder();
    private final int level;

    public VLog(int level) {
        this.level = level;
    }

    public int level() { return level; }

    public boolean on() { return level > 0; }

    public boolean verbose() { return level >= 2; }

    public void append(String s) {
        if (level > 0) sb.append(s);
    }

    public void line(String s) {
        if (level > 0) sb.append(s).append('\n');
    }

    public int mark() { return sb.length(); }

    public void rewind(int mark) {
        if (mark <= sb.length()) sb.setLength(mark);
    }

    /** Characters written since the last newline. */
    public int column() {
        int nl = sb.lastIndexOf("\n");
        return sb.length() - (nl + 1);
    }

    public void clear() { sb.setLength(0); }

    @Override
    public String toString() { return sb.toString(); }
}
