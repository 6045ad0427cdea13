package dev.ebpf4j.verifier;

import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.text.TextAssembler;
import dev.ebpf4j.asm.uapi.ProgType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Maps whose value type has BTF-described fields (spin locks, timers, kptrs) are not modelled, but the checks that
 * do not depend on the fields still answer as the live 6.18 kernel does (its log for selftest sock/30: an
 * sk_storage map holding a spin lock passed to map_lookup_elem is refused for its map type).
 */
class BtfValueMapTest {
    private static final String LOCK_VALUE = "struct val { int cnt; struct bpf_spin_lock l; } (bpf_spin_lock at offset 4)";

    private static Result verify(String mapType, String helper) {
        ProgramUnit u = TextAssembler.assemble(String.join("\n",
                ".map m type=" + mapType + " key=4 value=8 entries=1",
                "*(u32 *)(r10 -4) = 0",
                "r2 = r10",
                "r2 += -4",
                "r1 = map[m]",
                "call " + helper,
                "r0 = 0",
                "exit", ""));
        Options o = Options.of(ProgType.SCHED_CLS).withMaps(u.maps());
        o = new Options(o.progType(), o.expectedAttachType(), o.progFlags(), o.maps(), 1, Map.of(0, LOCK_VALUE));
        return Verifier.verify(u.program(), o);
    }

    @Test
    void incompatibleMapTypeIsReportedBeforeTheFieldsAreRefused() {
        Result r = verify("sk_storage", "bpf_map_lookup_elem");
        assertFalse(r.accepted(), r.log());
        assertEquals("cannot pass map_type 24 into func bpf_map_lookup_elem#1", r.errorLine(), r.log());
    }

    @Test
    void compatibleMapWithFieldsIsStillRefusedAsNotModelled() {
        Result r = verify("array", "bpf_map_lookup_elem");
        assertFalse(r.accepted(), r.log());
        assertTrue(r.errorLine().contains("not modelled"), r.errorLine());
    }
}
