package dev.ebpf4j.verifier.fuzz;

import dev.ebpf4j.asm.MapBinding;
import dev.ebpf4j.asm.MapSpec;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.Slots;
import dev.ebpf4j.asm.uapi.AttachType;
import dev.ebpf4j.asm.uapi.MapType;
import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.verifier.Options;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

import java.util.ArrayList;
import java.util.List;

/**
 * Random programs for the robustness test, of two kinds: slots of random bits (almost all stop in the first pass,
 * which must say why without failing), and slots whose opcode comes from the table of real opcodes with random
 * registers, offsets and immediates (these reach the path walk: registers of every type meet every instruction).
 * Program type, flags and maps are random too, with maps bound to whatever LD_IMM64 slots the program has.
 */
final class RandomPrograms {
    private RandomPrograms() {}

    /** Every opcode byte the instruction set defines (ALU, JMP, loads, stores, atomics, LD_IMM64, LD_ABS/IND). */
    static final int[] OPCODES = opcodes();

    private static int[] opcodes() {
        List<Integer> ops = new ArrayList<>();
        for (int cls : new int[] {0x04, 0x07}) {                  // ALU, ALU64
            for (int op = 0x00; op <= 0xd0; op += 0x10) {
                ops.add(cls | op);
                ops.add(cls | op | 0x08);
            }
        }
        for (int cls : new int[] {0x05, 0x06}) {                  // JMP, JMP32
            for (int op = 0x00; op <= 0xe0; op += 0x10) {
                ops.add(cls | op);
                ops.add(cls | op | 0x08);
            }
        }
        for (int size : new int[] {0x00, 0x08, 0x10, 0x18}) {
            ops.add(0x61 | size);   // LDX MEM
            ops.add(0x81 | size);   // LDX MEMSX
            ops.add(0x62 | size);   // ST MEM
            ops.add(0x63 | size);   // STX MEM
            ops.add(0xc3 | size);   // STX ATOMIC
            ops.add(0x20 | size);   // LD ABS
            ops.add(0x40 | size);   // LD IND
        }
        ops.add(0x18);
        return ops.stream().mapToInt(Integer::intValue).toArray();
    }

    static final MapSpec[] MAPS = {
            MapSpec.of("a", MapType.ARRAY, 4, 48, 4),
            MapSpec.of("h", MapType.HASH, 8, 16, 16),
            MapSpec.of("r", MapType.RINGBUF, 0, 0, 4096),
            MapSpec.of("p", MapType.PROG_ARRAY, 4, 4, 4),
            MapSpec.of("q", MapType.QUEUE, 0, 8, 8),
    };

    static Gen<Input> any() {
        return in -> {
            boolean typed = in.next(Constraint.between(0, 1)) == 1;
            int n = (int) in.next(Constraint.between(1, 48).withShrinkPoint(1));
            long[] slots = new long[n];
            for (int i = 0; i < n; i++) slots[i] = typed ? typedSlot(in) : in.next(Constraint.none());
            if (typed && in.next(Constraint.between(0, 3)) > 0) slots[n - 1] = Slots.encode(0x95, 0, 0, 0, 0);
            Program p = Program.of(slots);
            return new Input(typed ? "opcode-table program" : "random slots", p, options(in, p));
        };
    }

    private static long typedSlot(RandomnessSource in) {
        int op = OPCODES[(int) in.next(Constraint.between(0, OPCODES.length - 1))];
        int dst = (int) in.next(Constraint.between(0, 11));
        int src = (int) in.next(Constraint.between(0, 11));
        int off = (int) in.next(Constraint.between(-520, 64).withShrinkPoint(0));
        int imm = in.next(Constraint.between(0, 3)) == 0 ? (int) in.next(Constraint.none())
                : (int) in.next(Constraint.between(-16, 520).withShrinkPoint(0));
        return Slots.encode(op, dst & 0xf, src & 0xf, off, imm);
    }

    /** A random program type, sometimes an attach type, flags from the ones that change answers, and maps. */
    static Options options(RandomnessSource in, Program p) {
        ProgType[] types = ProgType.values();
        ProgType type = types[(int) in.next(Constraint.between(0, types.length - 1))];
        AttachType attach = null;
        if (in.next(Constraint.between(0, 4)) == 0) {
            AttachType[] all = AttachType.values();
            attach = all[(int) in.next(Constraint.between(0, all.length - 1))];
        }
        int flags = (int) in.next(Constraint.between(0, 15)) & (1 | 2 | 8);
        List<MapBinding> maps = new ArrayList<>();
        List<Integer> wide = new ArrayList<>();
        for (int i = 0; i < p.size(); i++) if ((p.slot(i) & 0xff) == 0x18) wide.add(i);
        if (!wide.isEmpty() && in.next(Constraint.between(0, 1)) == 1) {
            MapSpec m = MAPS[(int) in.next(Constraint.between(0, MAPS.length - 1))];
            maps.add(new MapBinding(m, List.of(wide.get((int) in.next(Constraint.between(0, wide.size() - 1))))));
        }
        long level = in.next(Constraint.between(0, 9));   // mostly no log: the log is the slow part
        return new Options(type, attach, flags, maps, level < 7 ? 0 : level < 9 ? 1 : 2);
    }
}
