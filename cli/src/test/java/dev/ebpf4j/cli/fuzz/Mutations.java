package dev.ebpf4j.cli.fuzz;

import dev.ebpf4j.asm.MapBinding;
import dev.ebpf4j.asm.Opcodes;
import dev.ebpf4j.asm.Program;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Random mutations of a generated program: one or two fields (opcode, registers, offset, immediate) of random
 * slots replaced by random bits. The map references stay as they are: the kernel and the simulator must be asked
 * about the same maps, and a map reference with a made-up fd means nothing to the simulator. Loops stay as they
 * are too: a mutated bound or step makes a loop the kernel walks to its 1,000,000-instruction limit, seconds each.
 */
final class Mutations {
    private Mutations() {}

    static Program mutate(Draw d, Program p, List<MapBinding> maps, Set<Integer> loops, List<String> recipe) {
        Set<Integer> keep = new HashSet<>(loops);
        for (MapBinding m : maps) {
            for (int i : m.insnIndices()) {
                keep.add(i);
                keep.add(i + 1);
            }
        }
        int n = d.between(1, 2);
        for (int k = 0; k < n; k++) {
            int i = d.index(p.size());
            if (keep.contains(i)) continue;
            long s = p.slot(i);
            int field = d.index(5);
            long m = switch (field) {
                case 0 -> withField(s, 0, 0xff, d.between(0, 255));
                case 1 -> withField(s, 8, 0xf, d.between(0, 15));
                case 2 -> withField(s, 12, 0xf, d.between(0, 15));
                case 3 -> withField(s, 16, 0xffff, d.between(-40, 40, 0) & 0xffff);
                // a jump's constant stays small: a loop bound of 2^31 costs the kernel seconds to reject
                default -> (s & 0xffffffffL) | ((long) (jump(s) ? d.between(-64, 64, 0) : d.anyInt()) << 32);
            };
            // a made-up map reference would name an fd the simulator cannot know
            if (mapReference(m)) continue;
            p = p.withSlot(i, m);
            recipe.add("mutated slot " + i + " field " + List.of("opcode", "dst", "src", "off", "imm").get(field));
        }
        return p;
    }

    private static boolean jump(long slot) {
        int cls = (int) (slot & 7);
        return cls == 5 || cls == 6;
    }

    private static long withField(long slot, int shift, long mask, long value) {
        return (slot & ~(mask << shift)) | ((value & mask) << shift);
    }

    private static boolean mapReference(long slot) {
        int src = (int) ((slot >>> 12) & 0xf);
        return (slot & 0xff) == Opcodes.LD_IMM64 && (src == 1 || src == 2 || src == 5 || src == 6);
    }
}
