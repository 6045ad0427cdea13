package dev.ebpf4j.verifier.walk;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * The checkpoints kept at one instruction: those whose paths are still being walked (looked up by exact-state
 * hash, to detect loops that make no progress) and those finished (candidates for pruning).
 */
final class InsnStates {
    final HashMap<Integer, List<Checkpoint>> running = new HashMap<>();
    int runningCount;
    final ArrayList<Checkpoint> done = new ArrayList<>(2);

    void add(Checkpoint c) {
        running.computeIfAbsent(c.hash, k -> new ArrayList<>(1)).add(c);
        runningCount++;
    }

    /** All paths below {@code c} are walked: it can prune from now on. */
    void finished(Checkpoint c) {
        List<Checkpoint> l = running.get(c.hash);
        if (l != null && l.remove(c)) {
            runningCount--;
            if (l.isEmpty()) running.remove(c.hash);
            done.add(c);
        }
    }

    int size() {
        return runningCount + done.size();
    }
}
