package dev.ebpf4j.verifier.walk;

import java.util.Arrays;

/** A whole verifier state: the call frames, the acquired references, and pruning bookkeeping. */
public final class State {
    public Frame[] frames;
    public int cur;
    /** Ids of acquired references (sockets, ringbuf records) not yet released. */
    public int[] refs = new int[0];
    /** Instruction where each reference was acquired, parallel to {@link #refs}. */
    public int[] refInsns = new int[0];
    /** The checkpoint this state descends from (for branch counting). */
    public Checkpoint parent;
    /** The held bpf_spin_lock: the map and the id of the value pointer it was taken through (0: none held). */
    public int lockMap = -1;
    public int lockId;
    /** Jump history since the last checkpoint (newest first), its kernel-counted length, and where it starts. */
    Hist hist;
    int histLen;
    int firstInsn;
    /**
     * may_goto: how many times this path took the fall-through side of a may_goto (each one a further loop
     * iteration the kernel lets run), and how deep the state is in the chain of checkpoints (the kernel's
     * {@code dfs_depth}), which tells a checkpoint of an earlier iteration on this path.
     */
    int mayGotoDepth;
    int dfsDepth;

    public State(Frame main) {
        frames = new Frame[] {main};
        cur = 0;
    }

    private State() {}

    public Frame frame() { return frames[cur]; }

    public Reg reg(int r) { return frames[cur].regs[r]; }

    public State copy() {
        State s = new State();
        s.frames = new Frame[cur + 1];
        for (int i = 0; i <= cur; i++) s.frames[i] = frames[i].copy();
        s.cur = cur;
        s.refs = refs.clone();
        s.refInsns = refInsns.clone();
        s.parent = parent;
        s.lockMap = lockMap;
        s.lockId = lockId;
        s.hist = hist;
        s.histLen = histLen;
        s.firstInsn = firstInsn;
        s.mayGotoDepth = mayGotoDepth;
        s.dfsDepth = dfsDepth;
        return s;
    }

    /** The call sites that lead to frame {@code k}, each followed by a comma ({@code "4,9,"}; "" for main). */
    String callsites(int k) {
        StringBuilder sb = new StringBuilder();
        for (int j = 1; j <= k; j++) sb.append(frames[j].callsite).append(',');
        return sb.toString();
    }

    public void pushFrame(Frame f) {
        frames = Arrays.copyOf(frames, cur + 2);
        frames[++cur] = f;
    }

    public void popFrame() {
        frames = Arrays.copyOf(frames, cur);
        cur--;
    }

    public void acquire(int id, int insn) {
        refs = Arrays.copyOf(refs, refs.length + 1);
        refs[refs.length - 1] = id;
        refInsns = Arrays.copyOf(refInsns, refInsns.length + 1);
        refInsns[refInsns.length - 1] = insn;
    }

    /**
     * Drops a reference the way the kernel does: the last one moves into its place (the order shows in the log's
     * {@code refs=} lists and in the order of the unreleased-reference messages).
     */
    public boolean release(int id) {
        for (int i = 0; i < refs.length; i++) {
            if (refs[i] == id) {
                int last = refs.length - 1;
                refs = refs.clone();
                refInsns = refInsns.clone();
                refs[i] = refs[last];
                refInsns[i] = refInsns[last];
                refs = Arrays.copyOf(refs, last);
                refInsns = Arrays.copyOf(refInsns, last);
                return true;
            }
        }
        return false;
    }

    public boolean sameAs(State o) {
        if (cur != o.cur || !Arrays.equals(refs, o.refs) || lockMap != o.lockMap || lockId != o.lockId) return false;
        for (int i = 0; i <= cur; i++) if (!frames[i].sameAs(o.frames[i])) return false;
        return true;
    }
}
