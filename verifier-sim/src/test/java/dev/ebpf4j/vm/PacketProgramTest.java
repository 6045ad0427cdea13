package dev.ebpf4j.vm;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.JmpOp;
import dev.ebpf4j.asm.Label;
import dev.ebpf4j.asm.MapSpec;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramBuilder;
import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.SamplePrograms;
import dev.ebpf4j.asm.Size;
import dev.ebpf4j.asm.uapi.Helper;
import dev.ebpf4j.asm.uapi.MapType;
import dev.ebpf4j.asm.uapi.ProgType;
import org.junit.jupiter.api.Test;


import static dev.ebpf4j.asm.Register.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Packet programs: contexts, LD_ABS, packet pointers, the packet helpers, tail calls. */
class PacketProgramTest {
    /** The seed's socket packet counter (sock_example.c), map fd patched through the unit's binding. */
    static ProgramUnit packetCounter() {
        return SamplePrograms.packetCounterUnit();
    }

    @Test
    void seedPacketCounterCountsByIpProtocol() {
        Vm vm = Vm.create();
        VmProgram p = vm.load(packetCounter(), ProgType.SCHED_CLS);
        byte[] frame = VmTesting.frame(64);
        frame[23] = 17; // UDP
        for (int i = 0; i < 3; i++) assertEquals(0L, vm.run(p, RunInput.packet(frame)).r0());
        frame[23] = 6;
        RunResult r = vm.run(p, RunInput.packet(frame));
        assertNull(r.fault());
        assertFalse(r.packetChanged());
        BpfMap counts = vm.map("counts");
        assertEquals(3L, Memory.get(counts.lookup(key(17)), 0, 8));
        assertEquals(1L, Memory.get(counts.lookup(key(6)), 0, 8));
        assertEquals(0L, Memory.get(counts.lookup(key(1)), 0, 8));
    }

    @Test
    void ldAbsOutOfBoundsExitsWithZero() {
        Program p = Program.builder().mov64Reg(R6, R1).ldAbs(Size.W, 100).mov64Imm(R0, 7).exit().build();
        Vm vm = Vm.create();
        RunResult r = vm.run(vm.load(p, ProgType.SCHED_CLS), RunInput.packet(VmTesting.frame(60)));
        assertNull(r.fault());
        assertEquals(0L, r.r0());
        RunResult big = vm.run(vm.load(p, ProgType.SCHED_CLS), RunInput.packet(VmTesting.frame(200)));
        assertEquals(7L, big.r0());
    }

    @Test
    void ldAbsIsBigEndianAndRelativeToSkbData() {
        byte[] f = VmTesting.frame(40);
        Program p = Program.builder().mov64Reg(R6, R1).ldAbs(Size.H, 0).exit().build();
        Vm vm = Vm.create();
        long tc = vm.run(vm.load(p, ProgType.SCHED_CLS), RunInput.packet(f)).r0();
        assertEquals((f[0] & 0xff) << 8 | (f[1] & 0xff), tc);
        // a socket filter's test run starts at the network header
        long sf = vm.run(vm.load(p, ProgType.SOCKET_FILTER), RunInput.packet(f)).r0();
        assertEquals((f[14] & 0xff) << 8 | (f[15] & 0xff), sf);
    }

    @Test
    void skbContextFields() {
        byte[] f = VmTesting.frame(60);
        f[0] = (byte) 0xff; // multicast bit: broadcast only if all ff
        Program p = Program.builder()
                .ldxMem(Size.W, R2, R1, SkBuffContext.LEN)
                .ldxMem(Size.W, R3, R1, SkBuffContext.PROTOCOL)
                .ldxMem(Size.W, R4, R1, SkBuffContext.PKT_TYPE)
                .ldxMem(Size.W, R5, R1, SkBuffContext.IFINDEX)
                .mov64Reg(R0, R2).alu64Imm(AluOp.LSH, R0, 16).alu64Reg(AluOp.OR, R0, R3)
                .alu64Imm(AluOp.LSH, R0, 8).alu64Reg(AluOp.OR, R0, R4)
                .alu64Imm(AluOp.LSH, R0, 8).alu64Reg(AluOp.OR, R0, R5)
                .exit().build();
        Vm vm = Vm.create();
        long r0 = vm.run(vm.load(p, ProgType.SCHED_CLS), RunInput.packet(f)).r0();
        assertEquals(((60L << 16 | 0x0008) << 8 | 2) << 8 | 1, r0);
    }

    @Test
    void directPacketAccessIsBoundsChecked() {
        // r2 = data; r3 = data_end; r0 = *(u8 *)(r2 + 13) -- then read one past the end
        Program p = Program.builder()
                .ldxMem(Size.W, R2, R1, SkBuffContext.DATA)
                .ldxMem(Size.W, R3, R1, SkBuffContext.DATA_END)
                .ldxMem(Size.B, R0, R2, 13)
                .ldxMem(Size.B, R4, R3, 0)
                .exit().build();
        Vm vm = Vm.create();
        RunResult r = vm.run(vm.load(p, ProgType.SCHED_CLS), RunInput.packet(VmTesting.frame(20)));
        assertEquals(FaultKind.OUT_OF_BOUNDS, r.fault().kind());
        assertEquals(3, r.fault().insn());
        assertEquals("packet", r.fault().region());
    }

    @Test
    void xdpAdjustHeadGrowsIntoHeadroomAndTheOutputFollows() {
        ProgramBuilder b = Program.builder();
        Label bad = b.newLabel();
        Program p = b.mov64Reg(R6, R1)
                .mov64Imm(R2, -4).call(Helper.XDP_ADJUST_HEAD)
                .jmpImm(JmpOp.JNE, R0, 0, bad)
                .ldxMem(Size.W, R2, R6, 0)
                .ldxMem(Size.W, R3, R6, 4)
                .mov64Reg(R4, R2).alu64Imm(AluOp.ADD, R4, 4)
                .jmpReg(JmpOp.JGT, R4, R3, bad)
                .stMem(Size.W, R2, 0, 0x04030201)
                .mov64Imm(R0, 2).exit()
                .bind(bad).mov64Imm(R0, 1).exit().build();
        Vm vm = Vm.create();
        byte[] f = VmTesting.frame(20);
        RunResult r = vm.run(vm.load(p, ProgType.XDP), RunInput.packet(f));
        assertNull(r.fault());
        assertEquals(2L, r.r0());
        assertTrue(r.packetChanged());
        assertEquals(24, r.packetOut().length);
        assertArrayEquals(new byte[] {1, 2, 3, 4}, java.util.Arrays.copyOf(r.packetOut(), 4));
        assertArrayEquals(f, java.util.Arrays.copyOfRange(r.packetOut(), 4, 24));
    }

    @Test
    void xdpAdjustTailLimits() {
        Program p = Program.builder().mov64Imm(R2, -7).call(Helper.XDP_ADJUST_TAIL).exit().build();
        Vm vm = Vm.create();
        VmProgram vp = vm.load(p, ProgType.XDP);
        assertEquals(0L, vm.run(vp, RunInput.packet(VmTesting.frame(21))).r0());
        assertEquals(14, vm.run(vp, RunInput.packet(VmTesting.frame(21))).packetOut().length);
        assertEquals(-22L, vm.run(vp, RunInput.packet(VmTesting.frame(20))).r0());
    }

    @Test
    void tailCallJumpsAndFallsThroughWhenEmpty() {
        Vm vm = Vm.create();
        BpfMap jt = vm.createMap(MapSpec.of("jt", MapType.PROG_ARRAY, 4, 4, 4));
        VmProgram target = vm.load(Program.builder().mov64Imm(R0, 42).exit().build(), ProgType.SCHED_CLS);
        Program caller = Program.builder().ldMapFd(R2, jt.fd()).mov64Imm(R3, 1).call(Helper.TAIL_CALL)
                .mov64Imm(R0, 7).exit().build();
        VmProgram p = vm.load(caller, ProgType.SCHED_CLS);
        assertEquals(7L, vm.run(p, RunInput.packet(VmTesting.frame(14))).r0());
        vm.setTailCall(jt, 1, target);
        RunResult r = vm.run(p, RunInput.packet(VmTesting.frame(14)));
        assertEquals(42L, r.r0());
        assertEquals(1, r.tailCalls());
        // a program that tail-calls itself stops after 33 tail calls
        VmProgram self = vm.load(Program.builder().mov64Reg(R6, R1).ldMapFd(R2, jt.fd()).mov64Imm(R3, 2)
                .call(Helper.TAIL_CALL).mov64Imm(R0, 5).exit().build(), ProgType.SCHED_CLS);
        vm.setTailCall(jt, 2, self);
        RunResult loop = vm.run(self, RunInput.packet(VmTesting.frame(14)));
        assertEquals(5L, loop.r0());
        assertEquals(33, loop.tailCalls());
    }

    @Test
    void skbStoreBytesAndChecksumReplace() {
        // IPv4 header checksum at 14+10 over a 20-byte header; replace the TTL/protocol word and fix the sum
        byte[] f = new byte[34];
        f[12] = 8;
        byte[] ip = {0x45, 0, 0, 20, 0, 0, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2};
        System.arraycopy(ip, 0, f, 14, 20);
        int sum = ipChecksum(f, 14);
        f[24] = (byte) (sum >>> 8);
        f[25] = (byte) sum;
        // new TTL 63: old word 0x4011, new word 0x3f11, both as the raw (big-endian in memory) u16
        Program p = Program.builder().mov64Reg(R6, R1)
                .stMem(Size.H, FP, -2, Short.reverseBytes((short) 0x3f11) & 0xffff)
                .mov64Reg(R1, R6).mov64Imm(R2, 22).mov64Reg(R3, FP).alu64Imm(AluOp.ADD, R3, -2).mov64Imm(R4, 2)
                .mov64Imm(R5, 0).call(Helper.SKB_STORE_BYTES)
                .mov64Reg(R1, R6).mov64Imm(R2, 24).mov64Imm(R3, Short.reverseBytes((short) 0x4011) & 0xffff)
                .mov64Imm(R4, Short.reverseBytes((short) 0x3f11) & 0xffff).mov64Imm(R5, 2)
                .call(Helper.L3_CSUM_REPLACE).exit().build();
        Vm vm = Vm.create();
        RunResult r = vm.run(vm.load(p, ProgType.SCHED_CLS), RunInput.packet(f));
        assertNull(r.fault());
        assertEquals(0L, r.r0());
        byte[] out = r.packetOut();
        assertEquals(63, out[22]);
        assertEquals(0, verify(out), "the header checksum must be valid after the update");
    }

    private static int verify(byte[] out) {
        // a correct header sums (with its checksum) to 0xffff, so recomputing over it yields 0
        int s = 0;
        for (int i = 14; i < 34; i += 2) s += (out[i] & 0xff) << 8 | (out[i + 1] & 0xff);
        while ((s >>> 16) != 0) s = (s & 0xffff) + (s >>> 16);
        return ~s & 0xffff;
    }

    private static int ipChecksum(byte[] f, int at) {
        int s = 0;
        for (int i = at; i < at + 20; i += 2) if (i != at + 10) s += (f[i] & 0xff) << 8 | (f[i + 1] & 0xff);
        while ((s >>> 16) != 0) s = (s & 0xffff) + (s >>> 16);
        return ~s & 0xffff;
    }

    static byte[] key(int i) {
        byte[] k = new byte[4];
        Memory.put(k, 0, 4, i);
        return k;
    }
}
