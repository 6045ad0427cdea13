package dev.ebpf4j.cli.fuzz;

import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.Slots;
import dev.ebpf4j.asm.uapi.AttachType;
import dev.ebpf4j.asm.uapi.ProgType;
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
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every context access, against the live kernel: for each program type (and expected attach type where the context
 * depends on it), every offset of the context and a little past it, every size, a load, a sign-extending load and a
 * store, each in a program of its own. The simulator must accept exactly the accesses the kernel accepts; the only
 * refusals allowed beyond the kernel's are its own "not modelled" ones (the pointer fields of a few contexts).
 * This found a padding word of {@code bpf_sock_addr} the simulator let programs read, and narrow reads the kernel
 * allows that the simulator refused.
 */
class ContextAccessKernelTest {
    record Ctx(ProgType type, AttachType attach, int size) {}

    static final List<Ctx> CONTEXTS = List.of(
            new Ctx(ProgType.SOCKET_FILTER, null, 200), new Ctx(ProgType.SCHED_CLS, null, 200),
            new Ctx(ProgType.XDP, null, 32), new Ctx(ProgType.CGROUP_SKB, null, 200),
            new Ctx(ProgType.SK_SKB, null, 200), new Ctx(ProgType.LWT_IN, null, 200), new Ctx(ProgType.LWT_XMIT, null, 200),
            new Ctx(ProgType.KPROBE, null, 176), new Ctx(ProgType.PERF_EVENT, null, 192),
            new Ctx(ProgType.RAW_TRACEPOINT, null, 104), new Ctx(ProgType.TRACEPOINT, null, 40),
            new Ctx(ProgType.FLOW_DISSECTOR, null, 200), new Ctx(ProgType.SOCK_OPS, null, 232),
            new Ctx(ProgType.SK_MSG, null, 88), new Ctx(ProgType.SK_LOOKUP, AttachType.SK_LOOKUP, 88),
            new Ctx(ProgType.SK_REUSEPORT, null, 72), new Ctx(ProgType.CGROUP_DEVICE, null, 16),
            new Ctx(ProgType.CGROUP_SYSCTL, null, 16),
            new Ctx(ProgType.CGROUP_SOCKOPT, AttachType.CGROUP_GETSOCKOPT, 48),
            new Ctx(ProgType.CGROUP_SOCKOPT, AttachType.CGROUP_SETSOCKOPT, 48),
            new Ctx(ProgType.CGROUP_SOCK, AttachType.CGROUP_INET_SOCK_CREATE, 88),
            new Ctx(ProgType.CGROUP_SOCK, AttachType.CGROUP_INET4_POST_BIND, 88),
            new Ctx(ProgType.CGROUP_SOCK, AttachType.CGROUP_INET6_POST_BIND, 88),
            new Ctx(ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET4_CONNECT, 80),
            new Ctx(ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_INET6_CONNECT, 80),
            new Ctx(ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP4_SENDMSG, 80),
            new Ctx(ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP6_SENDMSG, 80),
            new Ctx(ProgType.CGROUP_SOCK_ADDR, AttachType.CGROUP_UDP6_RECVMSG, 80));

    private static final int[] SIZES = {8, 4, 2, 1};
    private static final int[] SIZE_BITS = {0x18, 0x00, 0x08, 0x10};

    @Test
    @Tag("kernel")
    void theSimulatorAcceptsExactlyTheContextAccessesTheKernelAccepts() {
        String why = KernelOracle.unavailable();
        Assumptions.assumeTrue(why == null, why);
        int probes = 0, notModelled = 0;
        List<String> differ = new ArrayList<>();
        for (Ctx c : CONTEXTS) {
            for (int off = 0; off < c.size(); off++) {
                for (int k = 0; k < SIZES.length; k++) {
                    if (off % SIZES[k] != 0) continue;
                    for (String kind : new String[] {"load", "sign-extending load", "store"}) {
                        if (kind.startsWith("sign") && SIZES[k] == 8) continue;
                        Program p = program(kind, SIZE_BITS[k], off);
                        boolean kernel = kernelAccepts(c, p);
                        Result sim = Verifier.verify(p, Options.of(c.type()).withAttachType(c.attach()));
                        probes++;
                        if (sim.accepted() == kernel) continue;
                        if (!sim.accepted() && sim.errorLine().startsWith("ebpf4j:")) {
                            notModelled++;
                            continue;
                        }
                        differ.add(c.type().kernelName() + (c.attach() == null ? "" : "/" + c.attach()) + " " + kind
                                + " of " + SIZES[k] + " bytes at " + off + ": kernel " + (kernel ? "accepts" : "rejects")
                                + ", simulator " + (sim.accepted() ? "accepts" : "says " + sim.errorLine()));
                    }
                }
            }
        }
        System.out.println("context accesses against the kernel: " + probes + " programs, " + differ.size()
                + " answered otherwise, " + notModelled + " refused as not modelled");
        assertTrue(probes > 10_000, "the contexts were probed");
        assertEquals("", String.join("\n", differ.subList(0, Math.min(20, differ.size()))),
                differ.size() + " context accesses answered otherwise than the kernel");
    }

    /** {@code r0 = *(size *)(r1 + off)} (or its sign-extending form, or a store of r2), then {@code r0 = 0; exit}. */
    private static Program program(String kind, int sizeBits, int off) {
        var b = Program.builder();
        if (kind.equals("store")) {
            b.mov64Imm(dev.ebpf4j.asm.Register.R2, 0);
            b.raw(Slots.encode(0x63 | sizeBits, 1, 2, off, 0));
        } else {
            int mode = kind.equals("load") ? 0x60 : 0x80;
            b.raw(Slots.encode(0x01 | mode | sizeBits, 0, 1, off, 0));
        }
        return b.mov64Imm(dev.ebpf4j.asm.Register.R0, 0).exit().build();
    }

    private static boolean kernelAccepts(Ctx c, Program p) {
        LoadOptions o = LoadOptions.of(c.type()).withExpectedAttachType(c.attach()).withLogOnFailure(false);
        try (BpfProgram prog = BpfProgram.load(p, o)) {
            return true;
        } catch (ProgramLoadException e) {
            return false;
        }
    }
}
