package dev.ebpf4j.loader;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.JmpOp;
import dev.ebpf4j.asm.Label;
import dev.ebpf4j.asm.MapBinding;
import dev.ebpf4j.asm.MapSpec;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramBuilder;
import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.SamplePrograms;
import dev.ebpf4j.asm.Size;
import dev.ebpf4j.asm.uapi.Helper;
import dev.ebpf4j.asm.uapi.MapType;

import java.util.List;

import static dev.ebpf4j.asm.Register.*;

/** Small programs the tests load. */
final class Programs {
    private Programs() {}

    /** {@code r0 = value; exit}. */
    static Program returning(int value) {
        return Program.builder().mov64Imm(R0, value).exit().build();
    }

    /** The seed's socket packet counter: counts packets per IP protocol in an ARRAY of 256 u64 at slot 5. */
    static ProgramUnit packetCounter() {
        return SamplePrograms.packetCounterUnit();
    }

    /**
     * A frame for the packet counter under BPF_PROG_TEST_RUN. A socket filter's test run sees the packet the way
     * a socket does after {@code eth_type_trans}: data starts at the IP header, so {@code skb[23]} (meant as
     * ETH_HLEN + 9 on a packet socket) reads byte 23 of the IP packet, byte 37 of the frame.
     */
    static byte[] testRunFrame(int counterKey) {
        byte[] f = ipv4Frame(17, 64);
        f[14 + 23] = (byte) counterKey;
        return f;
    }

    /** XDP: counts every packet in slot 0 of an ARRAY of u64 (the LD_IMM64 at slot 3), then returns {@code action}. */
    static ProgramUnit xdpCounter(int action) {
        ProgramBuilder b = Program.builder();
        Label out = b.newLabel("out");
        Program p = b.stMem(Size.W, FP, -4, 0)
                .mov64Reg(R2, FP)
                .alu64Imm(AluOp.ADD, R2, -4)
                .ldMapFd(R1, 0)
                .call(Helper.MAP_LOOKUP_ELEM)
                .jmpImm(JmpOp.JEQ, R0, 0, out)
                .mov64Imm(R1, 1)
                .atomicAdd(Size.DW, R0, R1, 0)
                .bind(out)
                .mov64Imm(R0, action)
                .exit()
                .build();
        return new ProgramUnit(p, List.of(new MapBinding(MapSpec.of("xdp_counts", MapType.ARRAY, 4, 8, 1), List.of(3))));
    }

    /**
     * XDP: counts (slot 0 of an ARRAY of u64, LD_IMM64 at slot 9) only frames of {@code ethertype}, so that the
     * kernel's own traffic on a fresh link (IPv6 neighbour discovery) does not disturb exact counts; passes all.
     */
    static ProgramUnit xdpEthertypeCounter(int ethertype) {
        ProgramBuilder b = Program.builder();
        Label out = b.newLabel("out");
        Program p = b.ldxMem(Size.W, R2, R1, 0)          // data
                .ldxMem(Size.W, R3, R1, 4)               // data_end
                .mov64Reg(R4, R2)
                .alu64Imm(AluOp.ADD, R4, 14)
                .jmpReg(JmpOp.JGT, R4, R3, out)
                .ldxMem(Size.H, R5, R2, 12)
                .jmpImm(JmpOp.JNE, R5, Short.toUnsignedInt(Short.reverseBytes((short) ethertype)), out)
                .stMem(Size.W, FP, -4, 0)
                .mov64Reg(R2, FP)
                .alu64Imm(AluOp.ADD, R2, -4)
                .ldMapFd(R1, 0)
                .call(Helper.MAP_LOOKUP_ELEM)
                .jmpImm(JmpOp.JEQ, R0, 0, out)
                .mov64Imm(R1, 1)
                .atomicAdd(Size.DW, R0, R1, 0)
                .bind(out)
                .mov64Imm(R0, 2)
                .exit()
                .build();
        return new ProgramUnit(p, List.of(new MapBinding(MapSpec.of("eth_counts", MapType.ARRAY, 4, 8, 1), List.of(10))));
    }

    /** A frame of {@code size} bytes with this ethertype. */
    static byte[] ethFrame(int ethertype, int size) {
        byte[] f = new byte[size];
        for (int i = 0; i < 6; i++) f[i] = (byte) 0xff;
        f[12] = (byte) (ethertype >> 8);
        f[13] = (byte) ethertype;
        return f;
    }

    /** An IPv4/UDP frame of {@code size} bytes (at least 42) with protocol byte {@code proto}. */
    static byte[] ipv4Frame(int proto, int size) {
        byte[] f = new byte[Math.max(size, 42)];
        f[12] = 0x08;            // ethertype IPv4
        f[14] = 0x45;            // version 4, IHL 5
        f[14 + 9] = (byte) proto;
        return f;
    }
}
