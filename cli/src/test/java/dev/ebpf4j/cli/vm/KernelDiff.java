package dev.ebpf4j.cli.vm;

import dev.ebpf4j.vm.RandomPrograms;

import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.Slots;
import dev.ebpf4j.asm.MapBinding;
import dev.ebpf4j.asm.uapi.MapType;
import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.loader.BpfException;
import dev.ebpf4j.loader.BpfProgram;
import dev.ebpf4j.loader.Cpus;
import dev.ebpf4j.loader.LoadOptions;
import dev.ebpf4j.loader.MapEntry;
import dev.ebpf4j.loader.TestRun;
import dev.ebpf4j.vm.BpfMap;
import dev.ebpf4j.vm.FaultKind;
import dev.ebpf4j.vm.RunInput;
import dev.ebpf4j.vm.RunResult;
import dev.ebpf4j.vm.Vm;
import dev.ebpf4j.vm.VmOptions;
import dev.ebpf4j.vm.VmProgram;

import java.util.ArrayList;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Runs one program in the interpreter and with {@code BPF_PROG_TEST_RUN} on the same packets and compares r0
 * (the kernel's retval is 32 bits), the output packet and the maps after each run.
 */
final class KernelDiff {
    private KernelDiff() {}

    /** Whether bpf(2) works here (root on Linux); null if so, else why not. */
    static final String UNAVAILABLE = probe();

    private static String probe() {
        try (dev.ebpf4j.loader.BpfMap m = dev.ebpf4j.loader.BpfMap.create("probe", MapType.ARRAY, 4, 4, 1)) {
            return null;
        } catch (Throwable e) {
            return "bpf(2) not usable here: " + e.getMessage();
        }
    }

    /** What happened to one program. */
    record Outcome(String id, Status status, int runs, String detail) {}

    /**
     * AGREE: same r0, packet and maps on every packet. ADDRESS_DEPENDENT: a disagreement where the program's
     * results change with the interpreter's address layout (it returns or stores pointer bits, which differ
     * between any two machines). UNMODELLED: the program reads the kernel's {@code struct bpf_map} through a map
     * pointer, which the interpreter has no model of. UNINITIALIZED_STACK: the results change with what the stack
     * holds before the program writes it (the kernel's is leftover data). DISAGREE: anything else, a bug in one of the two models.
     */
    enum Status { AGREE, ADDRESS_DEPENDENT, UNINITIALIZED_STACK, UNMODELLED, DISAGREE, SKIPPED }

    /** Map types whose contents both sides can read back and compare. */
    private static boolean comparable(MapType t) {
        return t != MapType.PROG_ARRAY && t != MapType.PERF_EVENT_ARRAY && t != MapType.RINGBUF;
    }

    /** Random Ethernet frames (see {@link RandomPrograms#packet}). */
    static byte[] packet(Random rnd) {
        return RandomPrograms.packet(rnd);
    }

    static Outcome compare(String id, ProgramUnit unit, ProgType type, int flags, List<byte[]> packets) {
        // compiled from the first run (the interpreter is held to the compiled code by JitEquivalenceTest)
        Vm vm = Vm.create(VmOptions.defaults().withCpus(Cpus.possible()).withJitThreshold(0));
        VmProgram vp;
        try {
            vp = vm.load(unit, type);
        } catch (IllegalArgumentException e) {
            return new Outcome(id, Status.SKIPPED, 0, "interpreter: " + e.getMessage());
        }
        List<dev.ebpf4j.loader.BpfMap> kmaps = new ArrayList<>();
        try {
            for (MapBinding b : unit.maps()) kmaps.add(dev.ebpf4j.loader.BpfMap.create(b.map()));
            try (BpfProgram kp = BpfProgram.load(unit, LoadOptions.of(type).withFlags(flags), kmaps)) {
                int runs = 0;
                String refused = null;
                for (byte[] packet : packets) {
                    TestRun.Result k;
                    try {
                        k = kp.testRun(TestRun.of(packet));
                    } catch (BpfException e) {
                        refused = e.getMessage();
                        continue; // the kernel refused this input (e.g. an IPv4 ethertype with a short header)
                    }
                    runs++;
                    RunResult v = vm.run(vp, RunInput.packet(packet));
                    String diff = differences(v, k, vm, kmaps);
                    if (diff != null) {
                        String where = diff + " on packet " + HexFormat.of().formatHex(packet);
                        if (v.faulted() && v.fault().kind() == FaultKind.OUT_OF_BOUNDS && v.fault().region().startsWith("map '")) {
                            return new Outcome(id, Status.UNMODELLED, runs, where);
                        }
                        List<String> base = interpreterOnly(unit, type, packets, VmOptions.defaults());
                        if (!base.equals(interpreterOnly(unit, type, packets, VmOptions.defaults().withAddressBias(0x2a5f3d58L)))) {
                            return new Outcome(id, Status.ADDRESS_DEPENDENT, runs, where);
                        }
                        if (!base.equals(interpreterOnly(unit, type, packets, VmOptions.defaults().withStackFill((byte) 0xa5)))) {
                            return new Outcome(id, Status.UNINITIALIZED_STACK, runs, where);
                        }
                        return new Outcome(id, Status.DISAGREE, runs, where);
                    }
                }
                return new Outcome(id, runs == 0 ? Status.SKIPPED : Status.AGREE, runs,
                        runs == 0 ? "the kernel refused every packet: " + refused : "");
            }
        } catch (BpfException e) {
            return new Outcome(id, Status.SKIPPED, 0, "kernel: " + e.getMessage().lines().findFirst().orElse(""));
        } finally {
            for (dev.ebpf4j.loader.BpfMap m : kmaps) m.close();
        }
    }

    /** The interpreter's results on the packets, to tell whether they depend on addresses or stack contents. */
    private static List<String> interpreterOnly(ProgramUnit unit, ProgType type, List<byte[]> packets, VmOptions o) {
        Vm vm = Vm.create(o.withCpus(Cpus.possible()));
        VmProgram vp = vm.load(unit, type);
        List<String> out = new ArrayList<>();
        for (byte[] p : packets) {
            RunResult r = vm.run(vp, RunInput.packet(p));
            out.add(r.r0() + " " + (r.fault() == null ? "" : r.fault().kind()) + " " + hex(r.packetOut()));
            for (BpfMap m : vm.maps()) {
                for (Map.Entry<byte[], byte[]> e : m.entries()) out.add(hex(e.getKey()) + "=" + hex(e.getValue()));
            }
        }
        return out;
    }

    private static String differences(RunResult v, TestRun.Result k, Vm vm, List<dev.ebpf4j.loader.BpfMap> kmaps) {
        if (v.faulted()) return "interpreter fault (" + v.fault().message() + "), kernel r0 " + k.retval();
        if ((int) v.r0() != k.retval()) {
            return "r0: interpreter " + (int) v.r0() + ", kernel " + k.retval();
        }
        if (!Arrays.equals(v.packetOut(), k.dataOut())) {
            return "packet: interpreter " + HexFormat.of().formatHex(v.packetOut()) + ", kernel "
                    + HexFormat.of().formatHex(k.dataOut());
        }
        List<BpfMap> vmaps = vm.maps();
        for (int i = 0; i < kmaps.size(); i++) {
            BpfMap vmMap = vmaps.get(i);
            if (!comparable(vmMap.spec().type())) continue;
            Map<String, String> a = new TreeMap<>(), b = new TreeMap<>();
            boolean perCpu = perCpu(vmMap.spec().type());
            for (Map.Entry<byte[], byte[]> e : vmMap.entries()) a.put(hex(e.getKey()), hex(perCpu ? fold(e.getValue(), vmMap) : e.getValue()));
            for (MapEntry e : kmaps.get(i).entries()) b.put(hex(e.key()), hex(perCpu ? fold(e.value(), vmMap) : e.value()));
            if (vmMap.spec().type() == MapType.QUEUE || vmMap.spec().type() == MapType.STACK) continue;
            if (!a.equals(b)) return "map #" + i + " (" + vmMap.spec().type() + "): interpreter " + a + ", kernel " + b;
        }
        return null;
    }

    /**
     * A per-CPU value folded to one: the sum of each 8-byte word over the CPUs. The kernel runs each test on
     * whatever CPU it is on (the skb test run refuses a CPU choice), the interpreter on CPU 0; sums agree for
     * counters and for values written on one CPU only.
     */
    private static byte[] fold(byte[] all, BpfMap m) {
        int stride = (m.spec().valueSize() + 7) & ~7;
        byte[] out = new byte[stride];
        for (int c = 0; c + stride <= all.length; c += stride) {
            for (int w = 0; w < stride; w += 8) {
                ByteBuffer o = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
                o.putLong(w, o.getLong(w) + ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).getLong(c + w));
            }
        }
        return out;
    }

    private static boolean perCpu(MapType t) {
        return t == MapType.PERCPU_ARRAY || t == MapType.PERCPU_HASH || t == MapType.LRU_PERCPU_HASH;
    }

    private static String hex(byte[] b) { return HexFormat.of().formatHex(b); }

    /** The helper ids a program calls (src 0 calls). */
    static List<Integer> helpers(Program p) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < p.size(); i++) {
            long s = p.slot(i);
            if (Slots.opcode(s) == 0x85 && Slots.src(s) == 0) out.add(Slots.imm(s));
            if (Slots.opcode(s) == 0x18) i++;
        }
        return out;
    }
}
