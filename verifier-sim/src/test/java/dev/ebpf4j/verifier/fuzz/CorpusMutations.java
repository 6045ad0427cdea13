package dev.ebpf4j.verifier.fuzz;

import dev.ebpf4j.asm.MapBinding;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.corpus.Corpus;
import dev.ebpf4j.corpus.CorpusEntry;
import dev.ebpf4j.verifier.Options;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Corpus programs with a few random mutations each: a field of a slot replaced (opcode, registers, offset,
 * immediate), a bit flipped, a slot inserted, deleted, duplicated or swapped with its neighbour, the program cut
 * short. Each keeps its entry's program type, attach type, flags and maps; map bindings follow the slots they name
 * when slots move, and are dropped when their slot is gone.
 */
final class CorpusMutations {
    private CorpusMutations() {}

    /**
     * The corpus programs the kernel ran, except those that take it more than {@code maxProcessed} instructions:
     * one of those costs the simulator as long as hundreds of small ones, and the run must stay short.
     */
    static List<CorpusEntry> seeds(int maxProcessed) {
        List<CorpusEntry> out = new ArrayList<>();
        for (CorpusEntry e : Corpus.read(Corpus.selftests())) {
            if (e.wasRun() && e.program() != null && e.program().size() > 0 && e.live().insnsProcessed() <= maxProcessed) {
                out.add(e);
            }
        }
        return out;
    }

    static Gen<Input> mutated(List<CorpusEntry> seeds) {
        return in -> {
            CorpusEntry e = seeds.get((int) in.next(Constraint.between(0, seeds.size() - 1)));
            List<Long> slots = new ArrayList<>();
            for (long s : e.program().slots()) slots.add(s);
            // where each original slot is now; -1 once deleted
            int[] where = new int[slots.size()];
            Arrays.setAll(where, i -> i);
            int n = (int) in.next(Constraint.between(1, 4).withShrinkPoint(1));
            StringBuilder what = new StringBuilder("corpus " + e.id() + " mutated:");
            for (int k = 0; k < n && !slots.isEmpty(); k++) what.append(' ').append(mutate(in, slots, where));
            long[] arr = slots.stream().mapToLong(Long::longValue).toArray();
            Program p = Program.of(arr);
            List<MapBinding> maps = new ArrayList<>();
            for (MapBinding b : e.maps()) {
                List<Integer> idx = new ArrayList<>();
                for (int i : b.insnIndices()) if (i < where.length && where[i] >= 0) idx.add(where[i]);
                maps.add(new MapBinding(b.map(), idx));
            }
            Options o = new Options(e.progType(), e.expectedAttachType(), e.progFlags(), maps, 0);
            return new Input(what.toString(), p, o);
        };
    }

    private static String mutate(RandomnessSource in, List<Long> slots, int[] where) {
        int i = (int) in.next(Constraint.between(0, slots.size() - 1));
        long s = slots.get(i);
        int kind = (int) in.next(Constraint.between(0, 9));
        switch (kind) {
            case 0 -> slots.set(i, field(s, 0, 0xff, in.next(Constraint.between(0, 255))));
            case 1 -> slots.set(i, field(s, 8, 0xf, in.next(Constraint.between(0, 15))));
            case 2 -> slots.set(i, field(s, 12, 0xf, in.next(Constraint.between(0, 15))));
            case 3 -> slots.set(i, field(s, 16, 0xffff, in.next(Constraint.between(-600, 600).withShrinkPoint(0))));
            case 4 -> slots.set(i, (s & 0xffffffffL) | (in.next(Constraint.between(-1024, 1024).withShrinkPoint(0)) << 32));
            case 5 -> slots.set(i, s ^ (1L << in.next(Constraint.between(0, 63))));
            case 6 -> {
                slots.add(i, in.next(Constraint.none()));
                shift(where, i, +1);
                return "insert@" + i;
            }
            case 7 -> {
                slots.remove(i);
                for (int j = 0; j < where.length; j++) if (where[j] == i) where[j] = -1;
                shift(where, i + 1, -1);
                return "delete@" + i;
            }
            case 8 -> {
                if (i + 1 < slots.size()) {
                    slots.set(i, slots.get(i + 1));
                    slots.set(i + 1, s);
                }
                return "swap@" + i;
            }
            default -> {
                int keep = (int) in.next(Constraint.between(1, slots.size()));
                while (slots.size() > keep) slots.remove(slots.size() - 1);
                for (int j = 0; j < where.length; j++) if (where[j] >= keep) where[j] = -1;
                return "cut@" + keep;
            }
        }
        return List.of("opcode", "dst", "src", "off", "imm", "bit").get(kind) + "@" + i;
    }

    private static void shift(int[] where, int from, int by) {
        for (int j = 0; j < where.length; j++) if (where[j] >= from) where[j] += by;
    }

    private static long field(long slot, int shift, long mask, long value) {
        return (slot & ~(mask << shift)) | ((value & mask) << shift);
    }
}
