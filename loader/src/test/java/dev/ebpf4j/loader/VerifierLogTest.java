package dev.ebpf4j.loader;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The corpus's error-line rule, on log endings of the shapes the kernel prints. (The cli's corpus test checks all 613.) */
class VerifierLogTest {
    @Test
    void oneMessageAfterTheFailingInstruction() {
        String log = "0: R1=ctx() R10=fp0\n0: (bf) r0 = r2\nR2 !read_ok\nprocessed 1 insns (limit 1000000) max_states_per_insn 0 total_states 0 peak_states 0 mark_read 0\n";
        assertEquals("R2 !read_ok", VerifierLog.errorLine(log));
        assertEquals(1, VerifierLog.insnsProcessed(log));
    }

    @Test
    void twoLineMessages() {
        String log = "11: (7a) *(u64 *)(r0 +0) = 4\ninvalid access to map value, value_size=48 off=1008 size=8\n"
                + "R0 max value is outside of the allowed memory range\nprocessed 11 insns (limit 1000000)\n";
        assertEquals(List.of("invalid access to map value, value_size=48 off=1008 size=8",
                "R0 max value is outside of the allowed memory range"), VerifierLog.errorLines(log));
    }

    @Test
    void aMessageAtTheEndOfAnInstructionLineAndStateDumpsAfterIt() {
        String log = " R0=scalar() R6=ctx() R10=fp0\n3: (15) if r0 == 0x0 goto pc-3 infinite loop detected at insn 1\n"
                + "cur state: R0=0 R6=ctx() R10=fp0\nold state: R0=0 R6=ctx() R10=fp0\nprocessed 14 insns (limit 1000000)\n";
        assertEquals(List.of("infinite loop detected at insn 1"), VerifierLog.errorLines(log));
    }

    @Test
    void messagesBeforeAnyInstruction() {
        assertEquals("jump out of range from insn 0 to 2",
                VerifierLog.errorLine("jump out of range from insn 0 to 2\nprocessed 0 insns (limit 1000000)\n"));
    }

    @Test
    void aStateLineEndsTheMessageBlock() {
        String log = "10: (55) if r8 != 0x0 goto pc+2 13: R0=ptr_tcp_request_sock() R10=fp0\n13: (71) r0 = *(u8 *)(r7 +0)\n"
                + "R7 invalid mem access 'ptr_or_null_'\nprocessed 14 insns\n";
        assertEquals(List.of("R7 invalid mem access 'ptr_or_null_'"), VerifierLog.errorLines(log));
    }

    @Test
    void noLogNoLine() {
        assertNull(VerifierLog.errorLine(""));
        assertNull(VerifierLog.errorLine(null));
        assertEquals(-1, VerifierLog.insnsProcessed(""));
    }

    @Test
    void possibleCpuLists() {
        assertEquals(2, Cpus.parse("0-1\n"));
        assertEquals(9, Cpus.parse("0-3,8-11,15"));
        assertEquals(1, Cpus.parse("0"));
    }

    @Test
    void errnoNames() {
        assertEquals("EACCES (Permission denied)", Errno.of(13).toString());
        assertEquals("ENOTSUPP", Errno.of(524).name());
        assertEquals("E2BIG", Errno.of(7).name());
    }
}
