package dev.ebpf4j.verifier;

import dev.ebpf4j.asm.MapBinding;
import dev.ebpf4j.asm.MapSpec;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.SamplePrograms;
import dev.ebpf4j.asm.uapi.MapType;
import dev.ebpf4j.asm.uapi.ProgType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static dev.ebpf4j.asm.Register.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The seed's socket packet counter: the level-2 log equals the live kernel's (issue "verifier simulator"). */
class SeedLogTest {
    /** The kernel's log for this program (Linux 6.18, log level 2), without the Live regs / stack liveness lines. */
    static final String KERNEL = String.join("\n",
            "0: R1=ctx() R10=fp0",
            "0: (bf) r6 = r1                       ; R1=ctx() R6=ctx()",
            "1: (30) r0 = *(u8 *)skb[23]           ; R0=scalar() R6=ctx()",
            "2: (63) *(u32 *)(r10 -4) = r0         ; R0=scalar() R10=fp0 fp-8=mmmm????",
            "3: (bf) r2 = r10                      ; R2=fp0 R10=fp0",
            "4: (07) r2 += -4                      ; R2=fp-4",
            "5: (18) r1 = 0xADDR       ; R1=map_ptr(ks=4,vs=8)",
            "7: (85) call bpf_map_lookup_elem#1    ; R0=map_value_or_null(id=1,ks=4,vs=8)",
            "8: (15) if r0 == 0x0 goto pc+2        ; R0=map_value(ks=4,vs=8)",
            "9: (b7) r1 = 1                        ; R1=1",
            "10: (db) lock *(u64 *)(r0 +0) += r1   ; R0=map_value(ks=4,vs=8) R1=1",
            "11: (b7) r0 = 0                       ; R0=0",
            "12: (95) exit",
            "",
            "from 8 to 11: safe",
            "processed 13 insns (limit 1000000) max_states_per_insn 0 total_states 1 peak_states 1 mark_read 0",
            "");

    static Program packetCounter() {
        return SamplePrograms.packetCounter(0);
    }

    static Options options(int level) {
        MapSpec m = MapSpec.of("", MapType.HASH, 4, 8, 256);
        return new Options(ProgType.SOCKET_FILTER, null, 0, List.of(new MapBinding(m, List.of(5))), level);
    }

    /** Drops what the simulator does not print (Live regs, stack liveness) and masks the map address. */
    static String comparable(String log) {
        return log.lines()
                .filter(l -> !l.startsWith("func#") && !l.startsWith("Live regs") && !l.matches("\\s+\\d+: [.0-9]{10} .*")
                        && !l.startsWith("(0) "))
                .map(l -> l.replaceAll("r1 = 0x[0-9a-f]+ +;", "r1 = 0xADDR       ;"))
                .collect(Collectors.joining("\n")) + "\n";
    }

    @Test
    void levelTwoLogEqualsTheKernels() {
        Result r = Verifier.verify(packetCounter(), options(2));
        assertTrue(r.accepted(), r.log());
        assertEquals(KERNEL, comparable(r.log()));
        assertTrue(r.log().startsWith("func#0 @0\n"), r.log());
    }

    @Test
    void levelOneLogOfAnAcceptIsTheStatsLine() {
        Result r = Verifier.verify(packetCounter(), options(1));
        assertEquals("processed 13 insns (limit 1000000) max_states_per_insn 0 total_states 1 peak_states 1 mark_read 0\n",
                r.log());
        assertEquals(13, r.processed());
    }
}
