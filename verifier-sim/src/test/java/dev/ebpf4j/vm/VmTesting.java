package dev.ebpf4j.vm;

import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramBuilder;
import dev.ebpf4j.asm.uapi.ProgType;

import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertNull;

/** Shared helpers: run a builder program on memory or a packet. */
final class VmTesting {
    private VmTesting() {}

    static Program prog(UnaryOperator<ProgramBuilder> body) {
        return body.apply(Program.builder()).build();
    }

    static RunResult runMem(Program p, byte[] mem) {
        Vm vm = Vm.create();
        return vm.run(vm.load(p, ProgType.UNSPEC), RunInput.memory(mem));
    }

    /** r0 of a run that must not fault. */
    static long r0(UnaryOperator<ProgramBuilder> body) {
        RunResult r = runMem(prog(body), new byte[0]);
        assertNull(r.fault(), () -> "unexpected fault: " + r.fault());
        return r.r0();
    }

    static RunResult fault(UnaryOperator<ProgramBuilder> body) {
        return runMem(prog(body), new byte[16]);
    }

    static byte[] frame(int len) {
        byte[] f = new byte[len];
        for (int i = 0; i < len; i++) f[i] = (byte) (i * 7 + 1);
        f[12] = 0x08;
        f[13] = 0x00;
        return f;
    }
}
