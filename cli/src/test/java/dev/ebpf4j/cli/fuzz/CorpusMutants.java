package dev.ebpf4j.cli.fuzz;

import dev.ebpf4j.asm.MapBinding;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.Slots;
import dev.ebpf4j.corpus.CorpusEntry;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Near neighbours of the kernel's own verifier self-tests: one or two instructions of a corpus program changed the
 * way a person editing it would change them (another constant, an offset a few bytes off, another register, another
 * ALU or jump operator, another access size, a register operand for a constant, 32 for 64 bits). Such programs
 * reach the rules the self-tests were written for and the ones next to them, which random programs rarely do.
 * Map references and the second half of an LD_IMM64 stay as they are, so both verifiers see the same maps.
 */
final class CorpusMutants {
    private CorpusMutants() {}

    private static final int[] ALU_OPS = {0x00, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80, 0x90, 0xa0, 0xb0, 0xc0};
    private static final int[] JMP_OPS = {0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0xa0, 0xb0, 0xc0, 0xd0};
    private static final int[] SIZES = {0x00, 0x08, 0x10, 0x18};
    private static final int[] IMMS = {0, 1, -1, 2, 4, 7, 8, 15, 16, 31, 32, 48, 63, 64, 255, 256, -8, -16, -4,
        Integer.MAX_VALUE, Integer.MIN_VALUE, 4096, -512, 511, 1 << 20};
    private static final int[] OFF_STEPS = {-8, -4, -2, -1, 1, 2, 4, 8};
    private static final int[] OFFS = {0, -8, -16, 8, 16, -512, -520, 1, 3};

    /** The entry with one or two instructions changed, named {@code id~n}. */
    static CorpusEntry mutate(CorpusEntry e, SplittableRandom rnd, int n) {
        Set<Integer> keep = new HashSet<>();
        for (MapBinding b : e.maps()) {
            for (int i : b.insnIndices()) {
                keep.add(i);
                keep.add(i + 1);
            }
        }
        long[] slots = e.program().slots().clone();
        for (int i = 0; i < slots.length; i++) if (Slots.opcode(slots[i]) == 0x18) keep.add(i + 1);
        int changes = rnd.nextInt(4) == 0 ? 2 : 1;
        for (int k = 0; k < changes; k++) {
            int i = rnd.nextInt(slots.length);
            if (!keep.contains(i)) slots[i] = change(slots[i], rnd);
        }
        return new CorpusEntry(e.id() + "~" + n, e.name(), e.progType(), e.expectedAttachType(), e.progFlags(),
                Program.of(slots), e.maps(), e.extras(), null);
    }

    private static long change(long s, SplittableRandom rnd) {
        int code = Slots.opcode(s);
        int cls = code & 7;
        int dst = Slots.dst(s);
        int src = Slots.src(s);
        int off = Slots.offset(s);
        int imm = Slots.imm(s);
        boolean jump = cls == 5 || cls == 6;
        int op = code & 0xf0;
        switch (rnd.nextInt(9)) {
            case 0 -> imm = rnd.nextInt(10) < 7 ? pick(IMMS, rnd) : imm + pick(OFF_STEPS, rnd);
            case 1 -> off = clamp(rnd.nextInt(10) < 7 ? off + pick(OFF_STEPS, rnd) : pick(OFFS, rnd));
            case 2 -> dst = rnd.nextInt(11);
            case 3 -> src = rnd.nextInt(11);
            case 4 -> { if (cls == 4 || cls == 7) code = (code & 0x0f) | pick(ALU_OPS, rnd); }
            case 5 -> { if (jump && op != 0x00 && op != 0x80 && op != 0x90 && op != 0xe0) code = (code & 0x0f) | pick(JMP_OPS, rnd); }
            case 6 -> { if (cls == 1 || cls == 2 || cls == 3) code = (code & 0xe7) | pick(SIZES, rnd); }
            case 7 -> { if ((cls == 4 || cls == 7 || jump) && op != 0x80 && op != 0x90) code ^= 0x08; }
            default -> { if (cls == 4 || cls == 7 || (jump && op != 0x80 && op != 0x90)) code ^= 0x03; }
        }
        // a call stays a call; a helper id changes only through imm
        if (jump && op == 0x80) code = 0x85;
        return Slots.encode(code & 0xff, dst, src, off, imm);
    }

    private static int pick(int[] a, SplittableRandom rnd) {
        return a[rnd.nextInt(a.length)];
    }

    private static int clamp(int off) {
        return Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, off));
    }
}
