package dev.ebpf4j.asm;

import dev.ebpf4j.asm.uapi.Helper;
import org.junit.jupiter.api.Test;

import static dev.ebpf4j.asm.Register.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The seed's socket packet counter, written as the kernel's sock_example.c writes it. */
class SeedProgramTest {
    static final String EXPECTED =
            "bf160000000000003000000017000000630afcff00000000bfa200000000000007020000fcffffff"
            + "1811000000000000000000000000000085000000010000001500020000000000b701000001000000"
            + "db10000000000000b7000000000000009500000000000000";

    static Program packetCounter(int mapFd) {
        ProgramBuilder b = Program.builder();
        Label out = b.newLabel("out");
        return b.mov64Reg(R6, R1)
                .ldAbs(Size.B, 14 + 9) // ETH_HLEN + offsetof(struct iphdr, protocol)
                .stxMem(Size.W, FP, R0, -4)
                .mov64Reg(R2, FP)
                .alu64Imm(AluOp.ADD, R2, -4)
                .ldMapFd(R1, mapFd)
                .call(Helper.MAP_LOOKUP_ELEM)
                .jmpImm(JmpOp.JEQ, R0, 0, out)
                .mov64Imm(R1, 1)
                .atomicAdd(Size.DW, R0, R1, 0)
                .bind(out)
                .mov64Imm(R0, 0)
                .exit()
                .build();
    }

    @Test
    void packetCounterBytesMatchTheSeed() {
        assertEquals(EXPECTED, packetCounter(0).toHex());
    }

    @Test
    void packetCounterRoundTripsThroughBytes() {
        Program p = packetCounter(0);
        assertEquals(p, Program.fromBytes(p.toBytes()));
        assertEquals(p, Program.fromHex(EXPECTED));
        assertEquals(13, p.size());
        assertEquals(12, p.instructions().size());
    }
}
