package dev.ebpf4j.examples.topics;

import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.text.Disassembler;
import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.examples.Packets;
import dev.ebpf4j.loader.BpfObject;
import dev.ebpf4j.loader.LoadOptions;
import dev.ebpf4j.loader.TestRun;

import java.io.PrintStream;
import java.util.List;

/**
 * A small teaching example about one family of instructions: a SOCKET_FILTER program that computes something,
 * run in the kernel with {@code BPF_PROG_TEST_RUN}, and the same computation written plainly in Java, so that
 * the two can be compared.
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
    void prepare(BpfObject obj) {}

    /** What the program computed: by default its return value (r0, 32 bits). */
    List<Long> computed(TestRun.Result result, BpfObject obj) {
        return List.of(Integer.toUnsignedLong(result.retval()));
    }

    /** What one run in the kernel gave, next to what Java worked out. */
    public record Outcome(String topic, List<Long> computed, List<Long> expected, int retval, String kernelLog) {
        public boolean agrees() { return computed.equals(expected); }
    }

    /** Loads the program, prepares its maps, runs it and prints the listing and both results. */
    public final Outcome run(PrintStream out) {
        ProgramUnit unit = unit();
        out.println("== " + topic() + ": " + summary());
        out.print(Disassembler.kernel().listing(unit.program()));
        LoadOptions options = LoadOptions.of(ProgType.SOCKET_FILTER).withName(topic().replace(' ', '_')).withLogLevel(1);
        try (BpfObject obj = BpfObject.load(unit, options)) {
            String log = lastLine(obj.program().log());
            prepare(obj);
            TestRun.Result r = obj.program().testRun(TestRun.of(packet()).withRepeat(repeat()));
            List<Long> computed = computed(r, obj);
            List<Long> expected = expected();
            out.println("kernel: " + log);
            out.println("BPF_PROG_TEST_RUN" + (repeat() > 1 ? " x" + repeat() : "") + ": the kernel computed "
                    + show(computed) + ", Java computed " + show(expected)
                    + (computed.equals(expected) ? " (they agree)" : " (THEY DIFFER)"));
            return new Outcome(topic(), computed, expected, r.retval(), log);
        }
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
