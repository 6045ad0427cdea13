package dev.ebpf4j.examples.topics;

import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.text.Disassembler;
import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.examples.Packets;
import dev.ebpf4j.examples.Simulated;
import dev.ebpf4j.loader.BpfObject;
import dev.ebpf4j.loader.LoadOptions;
import dev.ebpf4j.loader.TestRun;
import dev.ebpf4j.vm.RunInput;
import dev.ebpf4j.vm.RunResult;
import dev.ebpf4j.vm.Vm;
import dev.ebpf4j.vm.VmProgram;

import java.io.PrintStream;
import java.util.List;

/**
 * A small teaching example about one family of instructions: a SOCKET_FILTER program that computes something,
 * run in the kernel with {@code BPF_PROG_TEST_RUN} and offline in ebpf4j's interpreter ({@code dev.ebpf4j.vm}),
 * and the same computation written plainly in Java, so that the three can be compared.
 *
 * <p>Socket filters under a test run see the packet from its IP header on (the kernel strips the Ethernet
 * header as a socket would see it): {@code LD_ABS} offsets and {@code skb_load_bytes} offsets count from there,
 * and {@code skb->len} is the frame's length minus 14.
 */
public abstract sealed class Lesson permits AluLesson, JumpLesson, MemoryLesson, MapLesson, AtomicLesson, CallLesson {
    /** Every lesson, in teaching order. */
    public static List<Lesson> all() {
        return List.of(new AluLesson(), new JumpLesson(), new MemoryLesson(), new MapLesson(), new AtomicLesson(),
                new CallLesson());
    }

    /** "ALU", "jumps", ... */
    public abstract String topic();

    /** One line on what it shows. */
    public abstract String summary();

    /** The program and the maps it uses. */
    public abstract ProgramUnit unit();

    /** What the program computes, worked out in Java from the same inputs (never by asking the kernel). */
    public abstract List<Long> expected();

    /** The packet it runs on. */
    public byte[] packet() {
        return Packets.sample();
    }

    /** How many times the test run repeats the program (maps keep their state between runs). */
    int repeat() {
        return 1;
    }

    /** Fills maps before the run. */
    void prepare(Maps maps) {}

    /** What the program computed, from its r0 (32 bits, as a test run returns it) and its maps: by default r0. */
    List<Long> computed(long r0, Maps maps) {
        return List.of(r0 & 0xffff_ffffL);
    }

    /** What one run in the kernel gave, next to what the interpreter and Java worked out. */
    public record Outcome(String topic, List<Long> computed, List<Long> interpreted, List<Long> expected, int retval,
                          String kernelLog) {
        public boolean agrees() { return computed.equals(expected) && interpreted.equals(expected); }
    }

    /** Loads the program, prepares its maps, runs it in the kernel and in the interpreter, prints all three results. */
    public final Outcome run(PrintStream out) {
        ProgramUnit unit = unit();
        out.println("== " + topic() + ": " + summary());
        out.print(Disassembler.kernel().listing(unit.program()));
        LoadOptions options = LoadOptions.of(ProgType.SOCKET_FILTER).withName(topic().replace(' ', '_')).withLogLevel(1);
        try (BpfObject obj = BpfObject.load(unit, options)) {
            String log = lastLine(obj.program().log());
            Maps maps = Maps.of(obj);
            prepare(maps);
            TestRun.Result r = obj.program().testRun(TestRun.of(packet()).withRepeat(repeat()));
            List<Long> computed = computed(Integer.toUnsignedLong(r.retval()), maps);
            List<Long> interpreted = interpret();
            List<Long> expected = expected();
            out.println("kernel: " + log);
            out.println("BPF_PROG_TEST_RUN" + (repeat() > 1 ? " x" + repeat() : "") + ": the kernel computed "
                    + show(computed) + ", the interpreter " + show(interpreted) + ", Java " + show(expected)
                    + (computed.equals(expected) && interpreted.equals(expected) ? " (they agree)" : " (THEY DIFFER)"));
            return new Outcome(topic(), computed, interpreted, expected, r.retval(), log);
        }
    }

    /**
     * Runs the program in ebpf4j's interpreter, offline, as often as the kernel's test run does; a fault comes
     * back as an {@link IllegalStateException} naming the instruction.
     */
    public final List<Long> interpret() {
        Vm vm = Vm.create();
        VmProgram p = vm.load(unit(), ProgType.SOCKET_FILTER);
        Maps maps = Maps.of(vm);
        prepare(maps);
        RunResult r = null;
        for (int i = 0; i < Math.max(1, repeat()); i++) {
            r = vm.run(p, RunInput.packet(packet()));
            if (r.faulted()) throw new IllegalStateException(topic() + ": the interpreter faulted: " + r.fault());
        }
        return computed(r.r0(), maps);
    }

    /** Without the kernel: prints the listing and what the interpreter and Java compute. */
    public final boolean offline(PrintStream out) {
        out.println("-- " + topic() + ": " + summary());
        out.print(Disassembler.kernel().listing(unit().program()));
        out.println("verifier simulator: " + Simulated.verdict(unit(), ProgType.SOCKET_FILTER, null));
        List<Long> interpreted = interpret();
        List<Long> expected = expected();
        out.println("interpreter" + (repeat() > 1 ? " x" + repeat() : "") + ": computed " + show(interpreted)
                + ", Java " + show(expected) + (interpreted.equals(expected) ? " (they agree)" : " (THEY DIFFER)"));
        return interpreted.equals(expected);
    }

    static String show(List<Long> values) {
        StringBuilder sb = new StringBuilder();
        for (long v : values) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(Long.toUnsignedString(v)).append(" (0x").append(Long.toHexString(v)).append(')');
        }
        return values.size() == 1 ? sb.toString() : "[" + sb + "]";
    }

    static String lastLine(String log) {
        String last = "";
        for (String l : log.split("\n")) if (!l.isBlank()) last = l;
        return last;
    }
}
