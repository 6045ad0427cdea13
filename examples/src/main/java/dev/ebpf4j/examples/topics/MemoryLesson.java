package dev.ebpf4j.examples.topics;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.Size;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import static dev.ebpf4j.asm.Register.*;

/**
 * Memory: reading the context ({@code skb->len}), the packet through LD_ABS and LD_IND (which give network-order
 * fields in host order), and the stack with stores and loads of different sizes, where little-endian byte order
 * shows: a byte stored at {@code fp-8} is the low byte of the u64 read back from {@code fp-8}.
 */
public final class MemoryLesson extends Lesson {
    private static final int SKB_LEN = 0;          // offsetof(struct __sk_buff, len)
    private static final int IP_SADDR = 12;        // offsetof(struct iphdr, saddr)
    private static final int IHL = 20;
    private static final int UDP_DEST = 2;         // offsetof(struct udphdr, dest)

    @Override public String topic() { return "memory"; }

    @Override public String summary() {
        return "ctx, packet (ld_abs/ld_ind) and stack loads and stores of 1, 2, 4 and 8 bytes";
    }

    @Override public ProgramUnit unit() {
        Program p = Program.builder()
                .mov64Reg(R6, R1)                          // LD_ABS/LD_IND need the skb in r6
                .ldxMem(Size.W, R7, R6, SKB_LEN)           // r7 = skb->len
                .ldAbs(Size.W, IP_SADDR)                   // r0 = ntohl(ip->saddr)
                .stxMem(Size.W, FP, R0, -8)                // *(u32 *)(fp-8) = r0
                .stMem(Size.B, FP, -8, 0x7f)               // *(u8 *)(fp-8) = 0x7f: the lowest byte
                .stxMem(Size.W, FP, R7, -4)                // *(u32 *)(fp-4) = len: the upper half
                .mov64Imm(R8, IHL)
                .ldInd(Size.H, R8, UDP_DEST)               // r0 = ntohs(udp->dest), at r8 + 2
                .mov64Reg(R9, R0)
                .ldxMem(Size.DW, R1, FP, -8)               // r1 = the 8 bytes as one u64
                .ldxMem(Size.H, R2, FP, -6)                // r2 = bytes 2 and 3 of it
                .mov64Reg(R0, R1)
                .alu64Imm(AluOp.RSH, R0, 32)
                .alu64Reg(AluOp.XOR, R0, R1)               // fold
                .alu64Reg(AluOp.ADD, R0, R2)
                .alu64Reg(AluOp.ADD, R0, R9)
                .mov32Reg(R0, R0)
                .exit()
                .build();
        return ProgramUnit.of(p);
    }

    @Override public List<Long> expected() {
        byte[] frame = packet();
        ByteBuffer net = ByteBuffer.wrap(frame).order(ByteOrder.BIG_ENDIAN);
        int len = frame.length - 14;                        // the test run starts the skb at the IP header
        int saddr = net.getInt(14 + IP_SADDR);
        int dport = net.getShort(14 + IHL + UDP_DEST) & 0xffff;
        ByteBuffer stack = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        stack.putInt(0, saddr).put(0, (byte) 0x7f).putInt(4, len);
        long r1 = stack.getLong(0);
        long r2 = stack.getShort(2) & 0xffff;
        long r0 = ((r1 >>> 32) ^ r1) + r2 + dport;
        return List.of(r0 & 0xffff_ffffL);
    }
}
