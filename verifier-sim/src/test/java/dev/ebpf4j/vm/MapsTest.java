package dev.ebpf4j.vm;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.MapSpec;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.Size;
import dev.ebpf4j.asm.uapi.Helper;
import dev.ebpf4j.asm.uapi.MapType;
import dev.ebpf4j.asm.uapi.ProgType;
import org.junit.jupiter.api.Test;

import static dev.ebpf4j.asm.Register.*;
import static dev.ebpf4j.vm.PacketProgramTest.key;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Map semantics from Java and from programs: flags, errno results, eviction, per-CPU values, prefixes. */
class MapsTest {
    private static byte[] val(long v) {
        byte[] b = new byte[8];
        Memory.put(b, 0, 8, v);
        return b;
    }

    @Test
    void hashFlagsAndCapacity() {
        Vm vm = Vm.create();
        BpfMap h = vm.createMap(MapSpec.of("h", MapType.HASH, 4, 8, 2));
        assertEquals(-Errno.ENOENT, h.update(key(1), val(1), BpfMap.EXIST));
        assertEquals(0, h.update(key(1), val(1), BpfMap.NOEXIST));
        assertEquals(-Errno.EEXIST, h.update(key(1), val(2), BpfMap.NOEXIST));
        assertEquals(0, h.update(key(2), val(2), BpfMap.ANY));
        assertEquals(-Errno.E2BIG, h.update(key(3), val(3), BpfMap.ANY));
        assertEquals(-Errno.EINVAL, h.update(key(1), val(3), 8));
        assertEquals(0, h.delete(key(1)));
        assertEquals(-Errno.ENOENT, h.delete(key(1)));
        assertEquals(1, h.entries().size());
    }

    @Test
    void lruEvictsTheLeastRecentlyUsed() {
        Vm vm = Vm.create();
        BpfMap h = vm.createMap(MapSpec.of("l", MapType.LRU_HASH, 4, 8, 2));
        h.update(key(1), val(1), 0);
        h.update(key(2), val(2), 0);
        h.lookup(key(1));
        assertEquals(0, h.update(key(3), val(3), 0));
        assertNotNull(h.lookup(key(1)));
        assertNull(h.lookup(key(2)));
    }

    @Test
    void arrayIsPreallocatedAndCannotDelete() {
        Vm vm = Vm.create();
        BpfMap a = vm.createMap(MapSpec.of("a", MapType.ARRAY, 4, 8, 4));
        assertArrayEquals(new byte[8], a.lookup(key(3)));
        assertNull(a.lookup(key(4)));
        assertEquals(-Errno.E2BIG, a.update(key(4), val(1), 0));
        assertEquals(-Errno.EEXIST, a.update(key(0), val(1), BpfMap.NOEXIST));
        assertEquals(-Errno.EINVAL, a.delete(key(0)));
    }

    @Test
    void perCpuValuesFollowTheCurrentCpu() {
        Vm vm = Vm.create(VmOptions.defaults().withCpus(4));
        BpfMap a = vm.createMap(MapSpec.of("pc", MapType.PERCPU_ARRAY, 4, 4, 1));
        Program p = Program.builder().stMem(Size.W, FP, -4, 0).mov64Reg(R2, FP).alu64Imm(AluOp.ADD, R2, -4)
                .ldMapFd(R1, a.fd()).call(Helper.MAP_LOOKUP_ELEM).mov64Imm(R1, 0)
                .call(Helper.GET_SMP_PROCESSOR_ID).exit().build();
        Program inc = Program.builder().stMem(Size.W, FP, -4, 0).mov64Reg(R2, FP).alu64Imm(AluOp.ADD, R2, -4)
                .ldMapFd(R1, a.fd()).call(Helper.MAP_LOOKUP_ELEM)
                .jmpImm(dev.ebpf4j.asm.JmpOp.JEQ, R0, 0, 2).mov64Imm(R1, 1).atomicAdd(Size.W, R0, R1, 0)
                .mov64Imm(R0, 0).exit().build();
        VmProgram vp = vm.load(inc, ProgType.UNSPEC);
        vm.setCpu(2);
        vm.run(vp, RunInput.memory(new byte[0]));
        vm.run(vp, RunInput.memory(new byte[0]));
        vm.setCpu(0);
        vm.run(vp, RunInput.memory(new byte[0]));
        byte[] all = a.lookup(key(0));
        assertEquals(32, all.length); // 4 CPUs, each rounded up to 8 bytes
        assertEquals(1, Memory.get(all, 0, 4));
        assertEquals(0, Memory.get(all, 8, 4));
        assertEquals(2, Memory.get(all, 16, 4));
        vm.setCpu(3);
        assertEquals(3L, vm.run(vm.load(p, ProgType.UNSPEC), RunInput.memory(new byte[0])).r0());
    }

    @Test
    void lpmTrieFindsTheLongestPrefix() {
        Vm vm = Vm.create();
        BpfMap t = vm.createMap(MapSpec.of("t", MapType.LPM_TRIE, 8, 8, 16).withFlags(1));
        assertEquals(0, t.update(lpm(8, 10, 0, 0, 0), val(8), 0));
        assertEquals(0, t.update(lpm(24, 10, 1, 2, 0), val(24), 0));
        assertEquals(-Errno.EINVAL, t.update(lpm(33, 10, 1, 2, 3), val(1), 0));
        assertEquals(24L, Memory.get(t.lookup(lpm(32, 10, 1, 2, 99)), 0, 8));
        assertEquals(8L, Memory.get(t.lookup(lpm(32, 10, 1, 3, 99)), 0, 8));
        assertNull(t.lookup(lpm(32, 11, 1, 2, 3)));
        assertEquals(8L, Memory.get(t.lookup(lpm(23, 10, 1, 2, 3)), 0, 8));
    }

    private static byte[] lpm(int plen, int a, int b, int c, int d) {
        byte[] k = new byte[8];
        Memory.put(k, 0, 4, plen);
        k[4] = (byte) a;
        k[5] = (byte) b;
        k[6] = (byte) c;
        k[7] = (byte) d;
        return k;
    }

    @Test
    void queueAndStackFromPrograms() {
        Vm vm = Vm.create();
        BpfMap q = vm.createMap(MapSpec.of("q", MapType.QUEUE, 0, 8, 2));
        BpfMap s = vm.createMap(MapSpec.of("s", MapType.STACK, 0, 8, 2));
        for (BpfMap m : new BpfMap[] {q, s}) {
            m.update(new byte[0], val(1), 0);
            m.update(new byte[0], val(2), 0);
            assertEquals(-Errno.E2BIG, m.update(new byte[0], val(3), 0));
            Program pop = Program.builder().mov64Reg(R2, FP).alu64Imm(AluOp.ADD, R2, -8).ldMapFd(R1, m.fd())
                    .call(Helper.MAP_POP_ELEM).jmpImm(dev.ebpf4j.asm.JmpOp.JNE, R0, 0, 1)
                    .ldxMem(Size.DW, R0, FP, -8).exit().build();
            VmProgram vp = vm.load(pop, ProgType.UNSPEC);
            long first = vm.run(vp, RunInput.memory(new byte[0])).r0();
            assertEquals(m == q ? 1L : 2L, first);
            vm.run(vp, RunInput.memory(new byte[0]));
            assertEquals(-Errno.ENOENT, vm.run(vp, RunInput.memory(new byte[0])).r0());
        }
    }

    @Test
    void ringBufferReserveSubmitAndOutput() {
        Vm vm = Vm.create();
        OutputMap rb = (OutputMap) vm.createMap(MapSpec.of("rb", MapType.RINGBUF, 0, 0, 64));
        Program p = Program.builder().ldMapFd(R1, rb.fd()).mov64Imm(R2, 8).mov64Imm(R3, 0)
                .call(Helper.RINGBUF_RESERVE).jmpImm(dev.ebpf4j.asm.JmpOp.JEQ, R0, 0, 5)
                .stMem(Size.DW, R0, 0, 0x55).mov64Reg(R1, R0).mov64Imm(R2, 0).call(Helper.RINGBUF_SUBMIT)
                .mov64Imm(R0, 1).exit().build();
        VmProgram vp = vm.load(p, ProgType.UNSPEC);
        assertEquals(1L, vm.run(vp, RunInput.memory(new byte[0])).r0());
        assertEquals(1L, vm.run(vp, RunInput.memory(new byte[0])).r0());
        assertEquals(1L, vm.run(vp, RunInput.memory(new byte[0])).r0());
        assertEquals(1L, vm.run(vp, RunInput.memory(new byte[0])).r0());
        // 4 records of 16 bytes fill 64 bytes: the fifth reserve fails
        RunResult full = vm.run(vp, RunInput.memory(new byte[0]));
        assertNull(full.fault(), () -> "" + full.fault());
        assertEquals(4, rb.drain().size());
        assertEquals(1L, vm.run(vp, RunInput.memory(new byte[0])).r0());
        assertEquals(0x55L, Memory.get(rb.records().get(0).data(), 0, 8));
    }

    @Test
    void clockRandomAndPrintk() {
        Vm vm = Vm.create(VmOptions.defaults().withSeed(7));
        vm.setTime(123_456);
        Program t = Program.builder().call(Helper.KTIME_GET_NS).exit().build();
        assertEquals(123_456L, vm.run(vm.load(t, ProgType.UNSPEC), RunInput.memory(new byte[0])).r0());
        Program rnd = Program.builder().call(Helper.GET_PRANDOM_U32).exit().build();
        long a = vm.run(vm.load(rnd, ProgType.UNSPEC), RunInput.memory(new byte[0])).r0();
        Vm again = Vm.create(VmOptions.defaults().withSeed(7));
        assertEquals(a, again.run(again.load(rnd, ProgType.UNSPEC), RunInput.memory(new byte[0])).r0());
        // "n=%d\0" on the stack
        Program pk = Program.builder().ldImm64(R1, 0x0000_0064_253d_6eL).stxMem(Size.DW, FP, R1, -8)
                .mov64Reg(R1, FP).alu64Imm(AluOp.ADD, R1, -8).mov64Imm(R2, 6).mov64Imm(R3, -5)
                .call(Helper.TRACE_PRINTK).exit().build();
        RunResult r = vm.run(vm.load(pk, ProgType.UNSPEC), RunInput.memory(new byte[0]));
        assertEquals(java.util.List.of("n=-5"), r.printk());
        assertEquals(4L, r.r0());
    }
}
