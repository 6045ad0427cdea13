package dev.ebpf4j.vm;

import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.text.Disassembler;
import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.verifier.Options;
import dev.ebpf4j.verifier.Result;
import dev.ebpf4j.verifier.Verifier;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * The verifier simulator's soundness, held against the interpreter: a program the simulator accepts never
 * faults, whatever the packet and the map contents. A counterexample shrinks to a short list of snippets and is
 * printed in kernel syntax with the packet that makes it fault.
 */
class VerifierSoundnessTest {
    private static final ProgType[] TYPES = {ProgType.SCHED_CLS, ProgType.XDP, ProgType.SOCKET_FILTER};
    private static final int INPUTS = 8;
    private int accepted;
    private int rejectedAndFaulting;
    private int pairs;
    private int programs;

    @Test
    void acceptedProgramsNeverFault() {
        qt().withFixedSeed(20261125L).withExamples(5000).withShrinkCycles(2000)
                .forAll(lists().of(integers().all()).ofSizeBetween(1, 12), integers().between(0, 2), integers().all())
                .checkAssert((genes, t, seed) -> {
                    programs++;
                    ProgType type = TYPES[t];
                    ProgramUnit unit = SnippetPrograms.build(genes, type);
                    Result v = Verifier.verify(unit, Options.of(type));
                    if (!v.accepted()) {
                        // the property has teeth only if rejected programs do fault: count those that do
                        Vm vm = Vm.create();
                        byte[] packet = new byte[64];
                        new Random(seed).nextBytes(packet);
                        if (vm.run(vm.load(unit, type), RunInput.packet(packet)).faulted()) rejectedAndFaulting++;
                        return;
                    }
                    accepted++;
                    Random rnd = new Random(seed);
                    for (int i = 0; i < INPUTS; i++) {
                        Vm vm = Vm.create(VmOptions.defaults().withCpus(2));
                        VmProgram p = vm.load(unit, type);
                        fillMaps(vm, rnd);
                        byte[] packet = new byte[14 + rnd.nextInt(120)];
                        rnd.nextBytes(packet);
                        RunResult r = vm.run(p, RunInput.packet(packet));
                        pairs++;
                        if (r.faulted()) {
                            throw new AssertionError("the verifier simulator accepts this " + type + " program, but it faults: "
                                    + r.fault().message() + "\npacket " + HexFormat.of().formatHex(packet) + "\nmaps "
                                    + describeMaps(vm) + "\n" + Disassembler.kernel().listing(p.program()));
                        }
                    }
                });
        System.out.println("soundness: " + programs + " programs, " + accepted + " accepted, " + pairs
                + " program-input pairs without a fault; " + rejectedAndFaulting + " rejected programs fault");
        assertTrue(pairs >= 10_000, "only " + pairs + " program-input pairs (" + accepted + " of " + programs + " accepted)");
        assertTrue(rejectedAndFaulting >= 500, "the generator should make faulting programs too: " + rejectedAndFaulting);
    }

    /** Random contents: each map key 0..5 present with probability 1/2, random values. */
    private static void fillMaps(Vm vm, Random rnd) {
        for (BpfMap m : vm.maps()) {
            for (int k = 0; k < 6; k++) {
                if (rnd.nextBoolean()) continue;
                byte[] key = new byte[4];
                Memory.put(key, 0, 4, k);
                byte[] value = new byte[m.perCpu() ? 16 * vm.options().cpus() : m.spec().valueSize()];
                rnd.nextBytes(value);
                m.update(key, value, BpfMap.ANY);
            }
        }
    }

    private static String describeMaps(Vm vm) {
        StringBuilder b = new StringBuilder();
        for (BpfMap m : vm.maps()) {
            b.append(m.name()).append(" {");
            for (var e : m.entries()) {
                b.append(' ').append(HexFormat.of().formatHex(e.getKey())).append('=').append(HexFormat.of().formatHex(e.getValue()));
            }
            b.append(" } ");
        }
        return b.toString();
    }
}
