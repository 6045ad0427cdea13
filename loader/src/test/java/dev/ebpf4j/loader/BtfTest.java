package dev.ebpf4j.loader;

import dev.ebpf4j.asm.MapSpec;
import dev.ebpf4j.asm.uapi.MapType;
import dev.ebpf4j.loader.btf.Btf;
import dev.ebpf4j.loader.btf.BtfBuilder;
import dev.ebpf4j.loader.btf.BtfBuilder.Member;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** Maps whose values hold a bpf_spin_lock, described with BTF. */
@Tag("kernel")
class BtfTest {
    @BeforeEach
    void bpf() {
        Kernel.assumeBpf();
    }

    @Test
    void aSpinLockValueTakesLockedUpdatesAndLookups() {
        BtfBuilder b = new BtfBuilder();
        int i32 = b.addInt("int", 4, true);
        int lock = b.addStruct("bpf_spin_lock", 4, new Member("val", i32, 0));
        int val = b.addStruct("val", 8, new Member("cnt", i32, 0), new Member("l", lock, 32));
        try (Btf btf = Btf.load(b.build());
             BpfMap m = BpfMap.create(MapSpec.of("locked", MapType.ARRAY, 4, 8, 1), MapCreateOptions.btf(btf.fd(), i32, val))) {
            m.update(MapTest.u32(0), new byte[] {5, 0, 0, 0, 0, 0, 0, 0}, UpdateFlag.LOCK);
            assertEquals(5, m.lookupLocked(MapTest.u32(0))[0]);
        }
        try (BpfMap plain = BpfMap.create("plain", MapType.ARRAY, 4, 8, 1)) {
            BpfException e = assertThrows(BpfException.class,
                    () -> plain.update(MapTest.u32(0), new byte[8], UpdateFlag.LOCK));
            assertEquals("EINVAL", e.errnoName(), "BPF_F_LOCK on a value without a spin lock");
        }
    }

    @Test
    void brokenBtfIsRefusedWithTheKernelsReason() {
        BtfBuilder b = new BtfBuilder();
        b.addStruct("s", 4, new Member("x", 99, 0));   // type 99 does not exist
        BpfException e = assertThrows(BpfException.class, () -> Btf.load(b.build()));
        assertEquals(BpfCommand.BTF_LOAD, e.command());
        assertTrue(e.getMessage().startsWith("BPF_BTF_LOAD failed: EINVAL (Invalid argument): "), e.getMessage());
    }
}
