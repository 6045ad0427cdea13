package dev.ebpf4j.verifier.fuzz;

import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.text.TextAssembler;
import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.verifier.Options;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.impl.Constraint;

import java.util.ArrayList;
import java.util.List;

/**
 * Programs made to stress pruning and precision tracking: paths split on an unknown value and meet again with
 * different constants in registers and stack slots, which are then copied, spilled, filled, combined, compared,
 * passed to and returned from subprograms, and finally used where their exact value decides safety (stack and
 * map value offsets, helper sizes) or where it does not matter. Constants come from a small pool, some safe and
 * some not, so many programs are accepted and a state pruned against the wrong one would turn a reject into an
 * accept.
 */
final class PruningPrograms {
    private PruningPrograms() {}

    private static final int[] CONSTS = {-8, -16, -32, -64, -512, -520, 0, 1, 4, 8, 16, 47, 48, 64};
    private static final String[] VALS = {"r6", "r8", "r9"};

    static Gen<Input> any() {
        return in -> {
            List<String> main = new ArrayList<>();
            main.add("*(u64 *)(r10 -72) = r1");
            main.add("*(u32 *)(r10 -4) = 0");
            main.add("r6 = 0");
            main.add("r8 = -8");
            main.add("r9 = 16");
            main.add("call bpf_get_prandom_u32");
            main.add("r7 = r0");
            int blocks = (int) in.next(Constraint.between(1, 8));
            boolean usesMap = false;
            String[] cur = {"r6", "16"};
            for (int b = 0; b < blocks; b++) usesMap |= block(in, main, cur);
            main.add("r0 = 0");
            main.add("exit");
            // subprogram 1: its first argument is an offset into its own stack; subprogram 2 returns a value
            // computed from its argument (each is there only when called: unreachable code is refused)
            boolean call1 = main.contains("call sub1");
            boolean call2 = main.contains("call sub2");
            boolean call3 = main.contains("call sub3");
            List<String> subs = new ArrayList<>();
            int mainSlots = 0;
            for (String l : main) mainSlots += l.contains("map[") ? 2 : 1;   // a map load is two slots
            int sub1 = mainSlots;
            if (call1) subs.addAll(List.of("r2 = r10", "r2 += r1", "*(u64 *)(r2 +0) = 0", "r0 = 0", "exit"));
            int sub2 = mainSlots + subs.size();
            if (call2) subs.addAll(List.of("r0 = -16", "if r1 > 8 goto +1", "r0 = 8", "exit"));
            // subprogram 3 reads a slot of its caller through the pointer it gets and uses the value as an offset
            // into its own stack: the caller's slot must stay live and precise across the call
            int sub3 = mainSlots + subs.size();
            if (call3) {
                subs.addAll(List.of("r0 = *(u64 *)(r1 +0)", "r2 = r10", "r2 += r0", "*(u64 *)(r2 +0) = 0", "r0 = 0",
                        "exit"));
            }
            StringBuilder text = new StringBuilder();
            if (usesMap) text.append(".map a type=array key=4 value=48 entries=4\n");
            int at = 0;
            for (String l : main) {
                if (l.equals("call sub1")) l = "call pc+" + (sub1 - at - 1);
                else if (l.equals("call sub2")) l = "call pc+" + (sub2 - at - 1);
                else if (l.equals("call sub3")) l = "call pc+" + (sub3 - at - 1);
                text.append(l).append('\n');
                at += l.contains("map[") ? 2 : 1;
            }
            for (String l : subs) text.append(l).append('\n');
            ProgramUnit u = TextAssembler.assemble(text.toString());
            ProgType type = in.next(Constraint.between(0, 1)) == 0 ? ProgType.SOCKET_FILTER : ProgType.SCHED_CLS;
            int flags = in.next(Constraint.between(0, 2)) == 0 ? 8 : 0;
            Options o = new Options(type, null, flags, u.maps(), 0, java.util.Map.of());
            return new Input("pruning", u.program(), o);
        };
    }

    private static int pick(RandomnessSource in, int n) {
        return (int) in.next(Constraint.between(0, n - 1));
    }

    private static String val(RandomnessSource in) {
        return VALS[pick(in, VALS.length)];
    }

    private static int konst(RandomnessSource in) {
        return CONSTS[pick(in, CONSTS.length)];
    }

    /**
     * Appends one block; true when it uses the map. Jumps stay inside their block (sub calls are patched later).
     * Blocks mostly work on the value the previous ones made ({@code cur}: a register, and the slot it was last
     * spilled to), so that values split, travel through registers and the stack and get used, in chains.
     */
    private static boolean block(RandomnessSource in, List<String> out, String[] cur) {
        boolean chain = pick(in, 4) > 0;
        String x = chain ? cur[0] : val(in);
        String y = val(in);
        int slot = chain ? Integer.parseInt(cur[1]) : 8 * (2 + pick(in, 4));
        // splits, spills and fills come often so that values diverge, travel through the stack and meet again
        final int[] kinds = {0, 0, 0, 1, 2, 2, 2, 3, 3, 3, 4, 4, 5, 6, 6, 7, 8, 9, 10, 11, 12, 13, 13};
        switch (kinds[pick(in, kinds.length)]) {
            case 0: // paths split on the unknown value and set different constants
            case 1:
                // the fall-through side (walked first) mostly gets a value safe as a stack offset, the other any
                out.add(x + " = " + konst(in));
                out.add("if r7 > " + pick(in, 256) + " goto +1");
                out.add(x + " = " + (pick(in, 3) > 0 ? -8 * (1 + pick(in, 8)) : konst(in)));
                cur[0] = x;
                return false;
            case 2: // spills and fills, whole or narrow, each on its own so other blocks can come between
                String size = pick(in, 3) == 0 ? "u32" : "u64";
                if (pick(in, 2) == 0) out.add("*(" + size + " *)(r10 -" + slot + ") = " + x);
                else out.add("*(" + size + " *)(r10 -" + slot + ") = " + konst(in));
                cur[1] = String.valueOf(slot);
                return false;
            case 3:
                out.add(y + " = *(" + (pick(in, 3) == 0 ? "u32" : "u64") + " *)(r10 -" + slot + ")");
                cur[0] = y;
                return false;
            case 4: { // arithmetic between the values
                String[] ops = {x + " += " + y, x + " -= 8", x + " = " + y, x + " &= -8", x + " *= 2",
                        "w" + x.substring(1) + " = w" + y.substring(1), x + " |= " + y, x + " >>= 1"};
                out.add(ops[pick(in, ops.length)]);
                return false;
            }
            case 5: // a branch on a value: decided when it is a constant
                out.add("if " + x + " == " + konst(in) + " goto +1");
                out.add(y + " = " + konst(in));
                return false;
            case 6: // the value as a stack offset: its exact value decides safety
                out.add("r2 = r10");
                out.add("r2 += " + x);
                out.add("*(u64 *)(r2 +0) = 0");
                return false;
            case 7:
                out.add("r2 = r10");
                out.add("r2 += " + x);
                out.add("r3 = *(u8 *)(r2 +0)");
                return false;
            case 8: // the value as a map value offset
                out.add("r2 = r10");
                out.add("r2 += -4");
                out.add("r1 = map[a]");
                out.add("call bpf_map_lookup_elem");
                out.add("if r0 == 0 goto +2");
                out.add("r0 += " + x);
                out.add("r3 = *(u8 *)(r0 +0)");
                return true;
            case 9: // the value as a helper's size
                out.add("r1 = *(u64 *)(r10 -72)");
                out.add("r2 = 0");
                out.add("r3 = r10");
                out.add("r3 += -64");
                out.add("r4 = " + x);
                out.add("call bpf_skb_load_bytes");
                return false;
            case 10: // into a subprogram as an argument
                out.add("r1 = " + x);
                out.add("call sub1");
                return false;
            case 11: // out of a subprogram as a return value
                out.add("r1 = " + x);
                out.add("call sub2");
                out.add(y + " = r0");
                cur[0] = y;
                return false;
            case 13: // a pointer to one of our slots into a subprogram that reads it
                out.add("r1 = r10");
                out.add("r1 += -" + slot);
                out.add("call sub3");
                return false;
            default: // a copy whose value matters to nothing
                out.add("r0 = " + x);
                out.add("r5 = r0");
                return false;
        }
    }
}
