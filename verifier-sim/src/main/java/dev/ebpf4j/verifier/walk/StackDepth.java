package dev.ebpf4j.verifier.walk;

import dev.ebpf4j.asm.Slots;
import dev.ebpf4j.verifier.Errno;
import dev.ebpf4j.verifier.Reject;
import dev.ebpf4j.verifier.cfg.Cfg;

/**
 * After the walk: along every chain of bpf-to-bpf calls (the static call graph), the stacks of the frames
 * together may not exceed 512 bytes, each rounded up to 16 bytes as the JIT lays them out, and a chain may not be
 * deeper than 8 frames.
 *
 * <p>Perf-event programs are the exception the 6.18 x86-64 JIT makes: a frame of 64 bytes or more runs on a
 * private per-CPU stack of its own, so only the smaller frames count toward the 512 bytes (seen on the live
 * kernel: a perf_event main of 512 bytes may call a subprogram of 8, where kprobe and tracepoint refuse 528).
 */
final class StackDepth {
    private StackDepth() {}

    /** Frames at least this deep get a private stack when the program type allows it. */
    private static final int PRIVATE_STACK_MIN = 64;

    static void check(long[] insns, Cfg cfg, int[] depth, boolean privateStacks) {
        int[] counted = depth;
        if (privateStacks) {
            counted = depth.clone();
            for (int i = 0; i < counted.length; i++) if (counted[i] >= PRIVATE_STACK_MIN) counted[i] = 0;
        }
        visit(insns, cfg, counted, 0, 0, 0);
    }

    private static int round(int d) {
        return (d + 15) & ~15;
    }

    private static void visit(long[] insns, Cfg cfg, int[] depth, int sub, int frame, int total) {
        total += round(depth[sub]);
        if (total > Frame.STACK_SIZE) {
            throw Reject.acces(String.format("combined stack size of %d calls is %d. Too large", frame + 1, total));
        }
        int start = cfg.subprogStarts()[sub];
        int end = cfg.subprogEnd(sub);
        for (int i = start; i < end; i++) {
            long s = insns[i];
            boolean call = Slots.opcode(s) == 0x85 && Slots.src(s) == 1;
            if (!call) continue;
            int target = i + Slots.imm(s) + 1;
            int callee = cfg.subprogAt(target);
            if (frame + 1 >= Subprogs.MAX_CALL_FRAMES) {
                throw new Reject(Errno.E2BIG, String.format("the call stack of %d frames is too deep !", frame + 1));
            }
            visit(insns, cfg, depth, callee, frame + 1, total);
        }
    }
}
