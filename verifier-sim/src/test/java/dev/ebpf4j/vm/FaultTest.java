package dev.ebpf4j.vm;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.Label;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramBuilder;
import dev.ebpf4j.asm.Size;
import dev.ebpf4j.asm.uapi.Helper;
import org.junit.jupiter.api.Test;

import static dev.ebpf4j.asm.Register.*;
import static dev.ebpf4j.vm.VmTesting.fault;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every fault is data naming the instruction, the address and the region. */
class FaultTest {
    private static Fault expect(FaultKind kind, int insn, RunResult r) {
        assertNotNull(r.fault(), "expected a fault, got r0=" + r.r0());
        assertEquals(kind, r.fault().kind(), r.fault().message());
        assertEquals(insn, r.fault().insn(), r.fault().message());
        assertTrue(r.fault().message().startsWith("insn " + insn + ": "), r.fault().message());
        return r.fault();
    }

    @Test
    void stackOutOfBoundsNamesFrameAndOffset() {
        Fault f = expect(FaultKind.OUT_OF_BOUNDS, 0, fault(b -> b.ldxMem(Size.W, R0, FP, 0).exit()));
        assertEquals("stack of frame 0", f.region());
        assertTrue(f.message().contains("offset 512"), f.message());
        expect(FaultKind.OUT_OF_BOUNDS, 0, fault(b -> b.stMem(Size.DW, FP, -520, 1).exit()));
    }

    @Test
    void inputMemoryBounds() {
        // 16 bytes of memory: reading 8 at +12 crosses the end
        Fault f = expect(FaultKind.OUT_OF_BOUNDS, 0, fault(b -> b.ldxMem(Size.DW, R0, R1, 12).exit()));
        assertEquals("input memory", f.region());
    }

    @Test
    void nullAndScalarDereference() {
        expect(FaultKind.NULL_DEREFERENCE, 1, fault(b -> b.mov64Imm(R1, 0).ldxMem(Size.B, R0, R1, 0).exit()));
        Fault f = expect(FaultKind.SCALAR_DEREFERENCE, 1, fault(b -> b.mov64Imm(R1, 4096).stxMem(Size.B, R1, R1, 0).exit()));
        assertEquals(4096L, f.address());
    }

    @Test
    void uninitialisedRegisters() {
        expect(FaultKind.UNINITIALIZED_REGISTER, 0, fault(b -> b.mov64Reg(R0, R5).exit()));
        expect(FaultKind.UNINITIALIZED_REGISTER, 0, fault(b -> b.exit()));
        // helper calls clobber r1..r5
        expect(FaultKind.UNINITIALIZED_REGISTER, 2, fault(b -> b.mov64Imm(R3, 1).call(Helper.KTIME_GET_NS)
                .mov64Reg(R0, R3).exit()));
    }

    @Test
    void misalignedStackAndAtomicAccess() {
        expect(FaultKind.MISALIGNED, 0, fault(b -> b.stMem(Size.W, FP, -6, 1).mov64Imm(R0, 0).exit()));
        // unaligned input memory is fine on x86-64 for plain loads, not for atomics
        RunResult ok = fault(b -> b.ldxMem(Size.W, R0, R1, 1).exit());
        assertEquals(null, ok.fault());
        expect(FaultKind.MISALIGNED, 1, fault(b -> b.mov64Imm(R2, 1).atomicAdd(Size.W, R1, R2, 2).mov64Imm(R0, 0).exit()));
    }

    @Test
    void fallingOffTheEndAndEndlessLoops() {
        expect(FaultKind.PC_OUT_OF_RANGE, 1, fault(b -> b.mov64Imm(R0, 0)));
        Vm vm = Vm.create(VmOptions.defaults().withMaxInsns(1000));
        Program loop = Program.builder().mov64Imm(R0, 0).ja(-1).build();
        RunResult r = vm.run(vm.load(loop, dev.ebpf4j.asm.uapi.ProgType.UNSPEC), RunInput.memory(new byte[0]));
        assertEquals(FaultKind.INSN_LIMIT, r.fault().kind());
        assertEquals(1000, r.insns());
    }

    @Test
    void invalidInstructionsFaultWhenReached() {
        expect(FaultKind.INVALID_INSTRUCTION, 1, fault(b -> b.mov64Imm(R0, 0).raw(0x08, 0, 0, 0, 0).exit()));
        // an unreachable bad instruction is harmless
        RunResult r = fault(b -> b.mov64Imm(R0, 3).exit().raw(0xff, 0, 0, 0, 0));
        assertEquals(3L, r.r0());
        expect(FaultKind.BAD_HELPER_CALL, 0, fault(b -> b.call(Helper.GET_CURRENT_PID_TGID).exit()));
    }

    @Test
    void callDepthIsLimitedToEightFrames() {
        ProgramBuilder b = Program.builder();
        Label self = b.newLabel();
        b.bind(self).callLocal(self).exit();
        expect(FaultKind.CALL_DEPTH, 0, VmTesting.runMem(b.build(), new byte[0]));
    }

    @Test
    void readOnlyMapValues() {
        Vm vm = Vm.create();
        BpfMap m = vm.createMap(dev.ebpf4j.asm.MapSpec.of("ro", dev.ebpf4j.asm.uapi.MapType.ARRAY, 4, 8, 1)
                .withFlags(BpfMap.F_RDONLY_PROG));
        Program p = Program.builder().ldMapValue(R1, m.fd(), 0).ldxMem(Size.DW, R0, R1, 0)
                .stMem(Size.DW, R1, 0, 1).exit().build();
        RunResult r = vm.run(vm.load(p, dev.ebpf4j.asm.uapi.ProgType.UNSPEC), RunInput.memory(new byte[0]));
        expect(FaultKind.READ_ONLY, 3, r);
        assertEquals("map value of 'ro'", r.fault().region());
    }

    @Test
    void pointerArithmeticWorksAsOnAddresses() {
        // p = fp - 8; q = p + 4; q - p == 4, and a store through q lands at fp-4
        assertEquals(4L, VmTesting.r0(b -> b.mov64Reg(R1, FP).alu64Imm(AluOp.ADD, R1, -8).mov64Reg(R2, R1)
                .alu64Imm(AluOp.ADD, R2, 4).mov64Reg(R0, R2).alu64Reg(AluOp.SUB, R0, R1).exit()));
    }
}
