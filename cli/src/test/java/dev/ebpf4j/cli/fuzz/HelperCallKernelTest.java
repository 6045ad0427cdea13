package dev.ebpf4j.cli.fuzz;

import dev.ebpf4j.asm.MapBinding;
import dev.ebpf4j.asm.MapSpec;
import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.text.TextAssembler;
import dev.ebpf4j.asm.uapi.AttachType;
import dev.ebpf4j.asm.uapi.Helper;
import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.cli.KernelBuilds;
import dev.ebpf4j.loader.BpfMap;
import dev.ebpf4j.loader.BpfProgram;
import dev.ebpf4j.loader.LoadOptions;
import dev.ebpf4j.loader.ProgramLoadException;
import dev.ebpf4j.verifier.Options;
import dev.ebpf4j.verifier.Result;
import dev.ebpf4j.verifier.Verifier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every helper from every program type, called with a few typical argument shapes (the context, stack buffers,
 * sizes, NULL, map pointers of several kinds), each program loaded into the live kernel and given to the simulator.
 * Both must answer alike (verdict, errno, error line); the simulator may refuse a helper whose effect it does not
 * model, with its own "not modelled" message, but must never accept what the kernel rejects.
 */
class HelperCallKernelTest {
    record Type(ProgType type, AttachType attach) {}

    static final List<Type> TYPES = List.of(new Type(ProgType.SOCKET_FILTER, null), new Type(ProgType.SCHED_CLS, null),
            new Type(ProgType.XDP, null), new Type(ProgType.CGROUP_SKB, null), new Type(ProgType.LWT_XMIT, null),
            new Type(ProgType.SK_SKB, null), new Type(ProgType.SK_MSG, null), new Type(ProgType.KPROBE, null),
            new Type(ProgType.TRACEPOINT, null), new Type(ProgType.PERF_EVENT, null),
            new Type(ProgType.RAW_TRACEPOINT, null), new Type(ProgType.CGROUP_SOCK, null),
            new Type(ProgType.SOCK_OPS, null), new Type(ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_CONNECT),
            new Type(ProgType.SK_LOOKUP, AttachType.SK_LOOKUP), new Type(ProgType.FLOW_DISSECTOR, null));

    /** Argument shapes; {@code HELPER} stands for the call. */
    static final List<String> SHAPES = List.of(
            // the context, a 64-byte zeroed stack buffer, its size
            "r2 = r10\nr2 += -64\nr3 = 64\nr4 = 0\nr5 = 0\nHELPER\nr0 = 0\nexit",
            // the context and nothing else set
            "HELPER\nr0 = 0\nexit",
            // every argument NULL or zero
            "r1 = 0\nr2 = 0\nr3 = 0\nr4 = 0\nr5 = 0\nHELPER\nr0 = 0\nexit",
            // a stack buffer first, then its size
            "r1 = r10\nr1 += -64\nr2 = 64\nr3 = 0\nr4 = 0\nr5 = 0\nHELPER\nr0 = 0\nexit",
            // a hash map, a key and a value on the stack
            "r1 = map[h]\nr2 = r10\nr2 += -64\nr3 = r10\nr3 += -32\nr4 = 0\nr5 = 0\nHELPER\nr0 = 0\nexit",
            // the context, an array map, an index
            "r2 = map[a]\nr3 = 0\nr4 = r10\nr4 += -64\nr5 = 8\nHELPER\nr0 = 0\nexit",
            // a ring buffer map and a size
            "r1 = map[rb]\nr2 = 8\nr3 = 0\nr4 = 0\nr5 = 0\nHELPER\nr0 = 0\nexit",
            // the context, a perf event array, flags, data
            "r2 = map[pe]\nr3 = 0\nr4 = r10\nr4 += -64\nr5 = 8\nHELPER\nr0 = 0\nexit");

    static final String MAPS = ".map h type=hash key=4 value=8 entries=4\n.map a type=array key=4 value=48 entries=4\n"
            + ".map rb type=ringbuf key=0 value=0 entries=4096\n.map pe type=perf_event_array key=4 value=4 entries=4\n";

    @Test
    @Tag("kernel")
    void everyHelperCallIsAnsweredAsTheKernelAnswersIt() {
        String why = KernelOracle.unavailable();
        Assumptions.assumeTrue(why == null, why);
        Map<MapSpec, BpfMap> maps = new HashMap<>();
        int programs = 0, notModelled = 0;
        List<String> unsafe = new ArrayList<>();
        List<String> differ = new ArrayList<>();
        try {
            for (Type t : TYPES) {
                for (Helper h : Helper.values()) {
                    if (h.id() == 0 || KernelBuilds.refusesHelper(t.type(), h.id())) continue;
                    for (String shape : SHAPES) {
                        String body = zeroedStack() + shape.replace("HELPER", "call " + h.kernelName() + "#" + h.id());
                        ProgramUnit u = TextAssembler.assemble(MAPS + body);
                        String kernel = kernel(t, u, maps);
                        Result s = Verifier.verify(u, Options.of(t.type()).withAttachType(t.attach()));
                        String sim = s.accepted() ? "accept" : s.errno().name() + " " + s.errorLine();
                        programs++;
                        if (sim.equals(kernel)) continue;
                        String where = t.type().kernelName() + " " + h.kernelName() + " shape " + SHAPES.indexOf(shape);
                        if (s.accepted()) unsafe.add(where + ": kernel " + kernel);
                        else if (s.errorLine().startsWith("ebpf4j:")) notModelled++;
                        else differ.add(where + ": kernel " + kernel + " | simulator " + sim);
                    }
                }
            }
        } finally {
            maps.values().forEach(BpfMap::close);
        }
        System.out.println("helper calls against the kernel: " + programs + " programs, " + unsafe.size()
                + " unsafe accepts, " + differ.size() + " answered otherwise, " + notModelled + " refused as not modelled");
        differ.stream().limit(30).forEach(System.out::println);
        assertEquals(List.of(), unsafe, "accepted what the kernel rejects");
        assertTrue(programs > 10_000, "the helpers were called");
        assertEquals(List.of(), differ, "answered otherwise than the kernel");
        assertTrue(notModelled <= PINNED_NOT_MODELLED, notModelled + " refused as not modelled (pinned at most "
                + PINNED_NOT_MODELLED + ")");
    }

    /**
     * Measured 2026-12-06 on 6.18.44 (fc-v1300): 27,000 calls, none answered otherwise, 984 refused as not
     * modelled (helpers taking callbacks, dynptrs, BTF pointers, constant strings...). Lower it as more is modelled.
     */
    static final int PINNED_NOT_MODELLED = 984;

    private static String zeroedStack() {
        StringBuilder sb = new StringBuilder("r6 = r1\nr7 = 0\n");
        for (int off = 8; off <= 64; off += 8) sb.append("*(u64 *)(r10 -").append(off).append(") = r7\n");
        return sb.append("r1 = r6\n").toString();
    }

    private static String kernel(Type t, ProgramUnit u, Map<MapSpec, BpfMap> maps) {
        List<BpfMap> fds = new ArrayList<>();
        for (MapBinding b : u.maps()) fds.add(maps.computeIfAbsent(b.map(), BpfMap::create));
        LoadOptions o = LoadOptions.of(t.type()).withExpectedAttachType(t.attach()).withLogLevel(1);
        try (BpfProgram p = BpfProgram.load(u, o, fds)) {
            return "accept";
        } catch (ProgramLoadException e) {
            return e.errnoName() + " " + e.errorLine();
        }
    }
}
