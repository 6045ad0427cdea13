package dev.ebpf4j.verifier;

import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.uapi.AttachType;
import dev.ebpf4j.asm.uapi.ProgType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loads the kernel refuses before verifying (EINVAL, empty log; live 6.18): a netfilter program without the
 * BPF_NETFILTER expected attach type. The rule files cannot pin these, the kernel printing no message.
 */
class LoadChecksTest {
    private static final Program RETURN_0 = Program.fromHex("b7000000000000009500000000000000");

    @Test
    void netfilterNeedsItsAttachType() {
        for (AttachType a : new AttachType[] {null, AttachType.CGROUP_INET_INGRESS}) {
            Result r = Verifier.verify(RETURN_0, Options.of(ProgType.NETFILTER).withAttachType(a));
            assertFalse(r.accepted(), String.valueOf(a));
            assertEquals(Errno.EINVAL, r.errno());
            assertEquals("ebpf4j: BPF_PROG_TYPE_NETFILTER programs need expected attach type BPF_NETFILTER "
                    + "(the kernel refuses the load with EINVAL before verifying)", r.errorLine());
        }
        assertTrue(Verifier.verify(RETURN_0, Options.of(ProgType.NETFILTER).withAttachType(AttachType.NETFILTER)).accepted());
    }

    @Test
    void flowDissectorLoadsWithoutOne() {
        assertTrue(Verifier.verify(RETURN_0, Options.of(ProgType.FLOW_DISSECTOR)).accepted());
    }
}
