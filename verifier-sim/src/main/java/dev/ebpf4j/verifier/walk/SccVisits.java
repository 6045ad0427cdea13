package dev.ebpf4j.verifier.walk;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loop visits, as 6.18 tracks them for loops whose states prune one another before the loop is fully explored
 * (may_goto). A path enters a loop (a strongly connected component of the instruction graph, numbered as in the
 * level-2 Live regs table) with its first checkpoint inside it; the visit is keyed by the loop and the call sites
 * that lead to it. While the visit is open, a state pruned against a checkpoint of the loop is kept as a back-edge:
 * what the checkpoint's continuation relied on is not known in full yet, so such checkpoints prune only states
 * within their ranges (RANGE_WITHIN). When the entry checkpoint's paths are all explored, precision flows back
 * along the back-edges until nothing changes, and the visit closes.
 */
final class SccVisits {
    /** The kernel gives up after this many rounds and makes every scalar of the back-edges' paths precise. */
    private static final int MAX_ROUNDS = 64;

    private final int[] scc;
    private final Map<String, Visit> visits = new HashMap<>();

    SccVisits(int[] scc) {
        this.scc = scc;
    }

    /** One pruned state kept for later precision propagation: its copy, where it was, and what it matched. */
    record Backedge(State state, int insn, Checkpoint equal) {}

    static final class Visit {
        final String chain;
        Checkpoint entry;
        final List<Backedge> backedges = new ArrayList<>();

        Visit(String chain) {
            this.chain = chain;
        }
    }

    /**
     * The loop chain of a state at {@code insn}: the call sites of the frames above the first frame that stands in
     * a loop, and that loop's number, printed as the kernel prints it ({@code (7,1)}); null outside loops.
     */
    String chain(State s, int insn) {
        int found = -1;
        for (int i = 0; i <= s.cur; i++) {
            int at = i == s.cur ? insn : s.frames[i + 1].callsite;
            if (at >= 0 && at < scc.length && scc[at] != 0) {
                found = i;
                break;
            }
        }
        if (found < 0) return null;
        // built only for states in a loop (the walk asks for every checkpoint)
        StringBuilder sb = new StringBuilder("(").append(s.callsites(found));
        int at = found == s.cur ? insn : s.frames[found + 1].callsite;
        return sb.append(scc[at]).append(')').toString();
    }

    /** Whether any visit holds back-edges at all (then, and only then, checkpoints may need RANGE_WITHIN). */
    boolean anyBackedges() {
        return backedges > 0;
    }

    private int backedges;

    /** The chain as the kernel prints it: its list of call sites ends at the first call site 0 ({@code (1)}). */
    static String printed(String chain) {
        String[] parts = chain.substring(1, chain.length() - 1).split(",");
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < parts.length - 1; i++) {
            if (parts[i].equals("0")) break;
            sb.append(parts[i]).append(',');
        }
        return sb.append(parts[parts.length - 1]).append(')').toString();
    }

    /** A new checkpoint: the first one of an open visit to its loop becomes the visit's entry. */
    String enter(Checkpoint c) {
        String chain = chain(c.state, c.insn);
        if (chain == null) return null;
        Visit v = visits.computeIfAbsent(chain, Visit::new);
        if (v.entry != null) return null;
        v.entry = c;
        c.enteredVisit = v;
        return chain;
    }

    /** Whether what the continuations of {@code c} rely on may still grow: its loop visit has back-edges. */
    boolean incomplete(Checkpoint c) {
        String chain = chain(c.state, c.insn);
        if (chain == null) return false;
        Visit v = visits.get(chain);
        return v != null && !v.backedges.isEmpty();
    }

    /** Keeps a back-edge in the visit of {@code equal}'s loop; returns the chain for the log. */
    String addBackedge(Checkpoint equal, State copy, int insn) {
        String chain = chain(equal.state, equal.insn);
        if (chain == null) return null;
        visits.computeIfAbsent(chain, Visit::new).backedges.add(new Backedge(copy, insn, equal));
        backedges++;
        return chain;
    }

    /**
     * {@code c} has no path left to explore: if it entered its loop's visit, close the visit, propagating precision
     * through the back-edges (each round through all of them) until a round changes nothing.
     */
    Visit exit(Checkpoint c) {
        Visit v = c.enteredVisit;
        if (v == null || v.entry != c) return null;
        v.entry = null;
        backedges -= v.backedges.size();
        return v;
    }

    static int maxRounds() {
        return MAX_ROUNDS;
    }
}
