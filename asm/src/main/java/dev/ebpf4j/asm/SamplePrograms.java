package dev.ebpf4j.asm;

import dev.ebpf4j.asm.uapi.Helper;
import dev.ebpf4j.asm.uapi.MapType;

import java.util.List;

import static dev.ebpf4j.asm.Register.*;

/**
 * Programs every part of ebpf4j uses as its reference: the docs' worked example, the examples module, and the
 * tests of the verifier simulator, the interpreter and the loader, which check their answers for it against the
 * live kernel's.
 */
public final class SamplePrograms {
    private SamplePrograms() {}

    /** The slot of the packet counter's LD_IMM64 that loads the map (it fills slots 5 and 6). */
    public static final int PACKET_COUNTER_MAP_SLOT = 5;

    /** The packet counter's map: key the IP protocol number (u32), value the packets seen (u64). */
    public static final MapSpec PACKET_COUNTER_MAP = MapSpec.of("counts", MapType.ARRAY, 4, 8, 256);

    private static final int ETH_HLEN = 14;
    private static final int IPHDR_PROTOCOL = 9; // offsetof(struct iphdr, protocol)

    /**
     * The socket packet counter of the kernel's {@code samples/bpf/sock_example.c}, written as that file writes
     * it: a socket filter that counts packets per IP protocol. With map fd 0 its bytes are
     * {@code bf16000000000000 3000000017000000 ...}.
     */
    public static Program packetCounter(int mapFd) {
        ProgramBuilder b = Program.builder();
        Label out = b.newLabel("out");
        return b.mov64Reg(R6, R1)                                  // LD_ABS wants the skb in r6
                .ldAbs(Size.B, ETH_HLEN + IPHDR_PROTOCOL)          // r0 = ip->protocol
                .stxMem(Size.W, FP, R0, -4)                        // *(u32 *)(fp - 4) = r0: the key
                .mov64Reg(R2, FP)
                .alu64Imm(AluOp.ADD, R2, -4)                       // r2 = &key
                .ldMapFd(R1, mapFd)                                // r1 = the counts map
                .call(Helper.MAP_LOOKUP_ELEM)                      // r0 = &counts[key] or NULL
                .jmpImm(JmpOp.JEQ, R0, 0, out)
                .mov64Imm(R1, 1)
                .atomicAdd(Size.DW, R0, R1, 0)                     // lock *(u64 *)r0 += 1
                .bind(out)
                .mov64Imm(R0, 0)                                   // keep nothing on the socket
                .exit()
                .build();
    }

    /** The packet counter with its map bound at {@link #PACKET_COUNTER_MAP_SLOT}. */
    public static ProgramUnit packetCounterUnit() {
        return new ProgramUnit(packetCounter(0),
                List.of(new MapBinding(PACKET_COUNTER_MAP, List.of(PACKET_COUNTER_MAP_SLOT))));
    }
}
