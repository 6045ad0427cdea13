package dev.ebpf4j.loader;

import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramBuilder;
import dev.ebpf4j.asm.uapi.AttachType;
import dev.ebpf4j.asm.uapi.MapType;
import dev.ebpf4j.asm.uapi.ProgType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.ebpf4j.asm.Register.*;
import static org.junit.jupiter.api.Assertions.*;

@Tag("kernel")
class ProgramLoadTest {
    static final LoadOptions SOCKET = LoadOptions.of(ProgType.SOCKET_FILTER);

    @BeforeEach
    void bpf() {
        Kernel.assumeBpf();
    }

    @Test
    void loadsWithNameTypeAndLog() {
        try (BpfProgram p = BpfProgram.load(Programs.returning(0), SOCKET.withName("ret0").withLogLevel(1))) {
            assertTrue(p.log().startsWith("processed 2 insns"), p.log());
            ProgInfo info = p.info();
            assertEquals(ProgType.SOCKET_FILTER, info.type());
            assertEquals("ret0", info.name());
            assertTrue(info.id() > 0);
            assertEquals(16, info.tag().length());
        }
    }

    @Test
    void logLevelTwoShowsEveryInstructionAndFourTheStatistics() {
        try (BpfProgram p = BpfProgram.load(Programs.returning(0), SOCKET.withLogLevel(2))) {
            assertTrue(p.log().contains("0: (b7) r0 = 0"), p.log());
        }
        try (BpfProgram p = BpfProgram.load(Programs.returning(0), SOCKET.withLogLevel(4))) {
            assertTrue(p.log().contains("verification time"), p.log());
        }
    }

    @Test
    void aRejectCarriesErrnoErrorLineAndLog() {
        Program bad = Program.builder().mov64Reg(R0, R2).exit().build();
        ProgramLoadException e = assertThrows(ProgramLoadException.class, () -> BpfProgram.load(bad, SOCKET));
        assertEquals("EACCES", e.errnoName());
        assertEquals("R2 !read_ok", e.errorLine());
        assertEquals(List.of("R2 !read_ok"), e.errorLines());
        assertTrue(e.log().contains("0: (bf) r0 = r2"), e.log());
        assertEquals("BPF_PROG_LOAD failed: EACCES (Permission denied): BPF_PROG_TYPE_SOCKET_FILTER: R2 !read_ok", e.getMessage());
        assertEquals(1, e.insnsProcessed());
    }

    @Test
    void withoutLogOnFailureTheRejectHasNoText() {
        Program bad = Program.builder().mov64Reg(R0, R2).exit().build();
        ProgramLoadException e = assertThrows(ProgramLoadException.class,
                () -> BpfProgram.load(bad, SOCKET.withLogOnFailure(false)));
        assertEquals("EACCES", e.errnoName());
        assertNull(e.errorLine());
        assertEquals("", e.log());
    }

    @Test
    void aSmallLogBufferIsGrownOnEnospc() {
        // 2,000 instructions at log level 2: about 100 KB of log against a 128-byte first buffer
        ProgramBuilder b = Program.builder().mov64Imm(R0, 0);
        for (int i = 0; i < 2000; i++) b.alu64Imm(dev.ebpf4j.asm.AluOp.ADD, R0, 1);
        Program p = b.exit().build();
        try (BpfProgram loaded = BpfProgram.load(p, SOCKET.withLogLevel(2).withLogSize(128))) {
            assertTrue(loaded.log().contains("2000: (07) r0 += 1"), "the whole log, start to end");
            assertTrue(loaded.log().contains("processed 2002 insns"));
        }
    }

    @Test
    void aLogOverTheMaximumKeepsItsTailAndTheVerdict() {
        ProgramBuilder b = Program.builder().mov64Imm(R0, 0);
        for (int i = 0; i < 2000; i++) b.alu64Imm(dev.ebpf4j.asm.AluOp.ADD, R0, 1);
        Program ok = b.exit().build();
        try (BpfProgram loaded = BpfProgram.load(ok, SOCKET.withLogLevel(2).withLogSize(4096).withMaxLogSize(4096))) {
            assertTrue(loaded.log().contains("processed 2002 insns"), "the tail survives");
            assertFalse(loaded.log().contains("0: (b7) r0 = 0"), "the head was dropped");
        }
        Program bad = Program.builder().append(ok.prefix(ok.size() - 1)).mov64Reg(R0, R3).exit().build();
        ProgramLoadException e = assertThrows(ProgramLoadException.class,
                () -> BpfProgram.load(bad, SOCKET.withLogLevel(2).withLogSize(4096).withMaxLogSize(4096)));
        assertEquals("EACCES", e.errnoName(), "the verdict of the reload at level 0, not ENOSPC");
        assertEquals("R3 !read_ok", e.errorLine());
    }

    @Test
    void programWithMapsThroughTheUnit() {
        try (BpfMap counts = BpfMap.create("counts", MapType.ARRAY, 4, 8, 256);
             BpfProgram p = BpfProgram.load(Programs.packetCounter(), SOCKET, counts)) {
            for (int i = 0; i < 3; i++) assertEquals(0, p.run(Programs.testRunFrame(17)));
            p.run(Programs.testRunFrame(6));
            TypedMap<Integer, Long> t = counts.typed(Codec.INT, Codec.LONG);
            assertEquals(3L, t.get(17));
            assertEquals(1L, t.get(6));
            assertEquals(0L, t.get(1));
        }
    }

    @Test
    void bpfObjectCreatesMapsAndLoads() {
        try (BpfObject obj = BpfObject.load(Programs.packetCounter(), SOCKET.withName("counter"))) {
            obj.program().testRun(TestRun.of(Programs.testRunFrame(1)).withRepeat(10));
            assertEquals(10L, obj.map("counts").typed(Codec.INT, Codec.LONG).get(1));
        }
    }

    @Test
    void ringBufferRecordsReachUserSpace() {
        try (BpfMap rb = BpfMap.create("events", MapType.RINGBUF, 0, 0, 4096)) {
            // *(u64 *)(r10 -8) = 0x1122334455667788; bpf_ringbuf_output(rb, r10 - 8, 8, 0); r0 = 0
            Program p = Program.builder()
                    .ldImm64(R1, 0x1122334455667788L)
                    .stxMem(dev.ebpf4j.asm.Size.DW, FP, R1, -8)
                    .ldMapFd(R1, rb.fd())
                    .mov64Reg(R2, FP).alu64Imm(dev.ebpf4j.asm.AluOp.ADD, R2, -8)
                    .mov64Imm(R3, 8)
                    .mov64Imm(R4, 0)
                    .call(dev.ebpf4j.asm.uapi.Helper.RINGBUF_OUTPUT)
                    .mov64Imm(R0, 0)
                    .exit()
                    .build();
            try (BpfProgram prog = BpfProgram.load(p, SOCKET); RingBuffer reader = RingBuffer.open(rb)) {
                assertEquals(List.of(), reader.drain());
                prog.testRun(TestRun.of(Programs.ipv4Frame(17, 64)).withRepeat(3));
                List<byte[]> records = reader.drain();
                assertEquals(3, records.size());
                for (byte[] r : records) assertEquals(0x1122334455667788L, MapTest.asLong(r));
                // 1,000 more records wrap around the 4 KiB ring (16 bytes each): read as they come
                int seen = 0;
                for (int i = 0; i < 10; i++) {
                    prog.testRun(TestRun.of(Programs.ipv4Frame(17, 64)).withRepeat(100));
                    seen += reader.poll(r -> assertEquals(8, r.length));
                }
                assertEquals(1000, seen);
            }
        }
    }

    @Test
    void testRunReturnsRetvalDurationAndPacket() {
        Program xdp = Programs.returning(2);  // XDP_PASS
        try (BpfProgram p = BpfProgram.load(xdp, LoadOptions.of(ProgType.XDP).withExpectedAttachType(AttachType.XDP))) {
            byte[] pkt = Programs.ipv4Frame(17, 64);
            TestRun.Result r = p.testRun(TestRun.of(pkt).withRepeat(1000));
            assertEquals(2, r.retval());
            assertArrayEquals(pkt, r.dataOut());
            assertTrue(r.durationNs() >= 0);
        }
    }

    @Test
    void testRunWithContextInAndOut() {
        // socket filter: r0 = skb->mark (offset 8 of __sk_buff); the kernel takes mark from ctx_in
        Program p = Program.builder().ldxMem(dev.ebpf4j.asm.Size.W, R0, R1, 8).exit().build();
        try (BpfProgram prog = BpfProgram.load(p, LoadOptions.of(ProgType.SCHED_CLS))) {
            byte[] ctx = new byte[192];  // sizeof(struct __sk_buff)
            ctx[8] = 42;
            TestRun.Result r = prog.testRun(TestRun.of(Programs.ipv4Frame(6, 64)).withCtx(ctx));
            assertEquals(42, r.retval());
            assertNotNull(r.ctxOut());
            assertEquals(42, r.ctxOut()[8]);
        }
    }

    @Test
    void testRunOnTooShortAPacketExplainsWhy() {
        try (BpfProgram p = BpfProgram.load(Programs.returning(0), SOCKET)) {
            BpfException e = assertThrows(BpfException.class, () -> p.run(new byte[10]));
            assertEquals("EINVAL", e.errnoName());
            assertTrue(e.getMessage().contains("needs at least an Ethernet header"), e.getMessage());
        }
    }

    @Test
    void pinAndOpenPinnedOnAPrivateBpffs(@org.junit.jupiter.api.io.TempDir Path tmp) {
        Path fs = tmp.resolve("bpffs");
        assertTrue(BpfFs.mount(fs), "mounted a fresh bpffs");
        try {
            try (BpfMap m = BpfMap.create("pinned", MapType.HASH, 4, 8, 4);
                 BpfProgram p = BpfProgram.load(Programs.returning(3), SOCKET.withName("pinme"))) {
                m.update(MapTest.u32(1), MapTest.u64(11));
                m.pin(fs.resolve("map"));
                p.pin(fs.resolve("prog"));
            }
            assertTrue(Files.exists(fs.resolve("map")));
            try (BpfMap m = BpfMap.openPinned(fs.resolve("map"));
                 BpfProgram p = BpfProgram.openPinned(fs.resolve("prog"))) {
                assertEquals(MapType.HASH, m.type());
                assertEquals("pinned", m.info().name());
                assertEquals(11, MapTest.asLong(m.lookup(MapTest.u32(1))));
                assertEquals(3, p.run(Programs.ipv4Frame(6, 64)));
                assertEquals("pinme", p.name());
            }
            assertTrue(BpfFs.unpin(fs.resolve("map")));
            assertFalse(BpfFs.unpin(fs.resolve("map")));
            BpfException e = assertThrows(BpfException.class, () -> BpfMap.openPinned(fs.resolve("map")));
            assertEquals("ENOENT", e.errnoName());
        } finally {
            BpfFs.unmount(fs);
        }
    }

    @Test
    void pinningOutsideBpffsSaysSo(@org.junit.jupiter.api.io.TempDir Path tmp) {
        try (BpfMap m = BpfMap.create("x", MapType.ARRAY, 4, 4, 1)) {
            BpfException e = assertThrows(BpfException.class, () -> m.pin(tmp.resolve("m")));
            assertTrue(e.getMessage().contains("is not on a bpffs"), e.getMessage());
        }
    }
}
