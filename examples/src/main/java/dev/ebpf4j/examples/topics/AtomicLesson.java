package dev.ebpf4j.examples.topics;

import dev.ebpf4j.asm.AluOp;
import dev.ebpf4j.asm.AtomicOp;
import dev.ebpf4j.asm.JmpOp;
import dev.ebpf4j.asm.Label;
import dev.ebpf4j.asm.MapBinding;
import dev.ebpf4j.asm.MapSpec;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramBuilder;
import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.Size;
import dev.ebpf4j.asm.uapi.Helper;
import dev.ebpf4j.asm.uapi.MapType;
import dev.ebpf4j.loader.Codec;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static dev.ebpf4j.asm.Register.*;

/**
 * Atomics on a map value: add, fetch-add (returns the old value), or, exchange, and compare-and-exchange (which
 * compares with r0 and returns the old value in r0) once succeeding and once failing. The value holds four u64:
 * the counter, then the three values the fetching operations returned.
 */
public final class AtomicLesson extends Lesson {
    static final long INITIAL = 40;

    @Override public String topic() { return "atomics"; }

    @Override public String summary() {
        return "lock add, fetch_add, or, xchg, cmpxchg (success and failure) on a map value";
    }

    @Override public ProgramUnit unit() {
        ProgramBuilder b = Program.builder();
        Label fail = b.newLabel("fail");
        b.stMem(Size.W, FP, -4, 0)
                .mov64Reg(R2, FP).alu64Imm(AluOp.ADD, R2, -4);
        int slot = b.position();
        Program p = b.ldMapFd(R1, 0)
                .call(Helper.MAP_LOOKUP_ELEM)
                .jmpImm(JmpOp.JEQ, R0, 0, fail)
                .mov64Reg(R6, R0)                                  // r6 = &cells
                .mov64Imm(R1, 10)
                .atomicAdd(Size.DW, R6, R1, 0)                     // lock *(u64 *)(r6 +0) += 10
                .mov64Imm(R1, 5)
                .atomicFetchAdd(Size.DW, R6, R1, 0)                // r1 = old, counter += 5
                .stxMem(Size.DW, R6, R1, 8)
                .mov64Imm(R1, 0x100)
                .atomic(Size.DW, AtomicOp.OR, R6, R1, 0)           // counter |= 0x100
                .mov64Imm(R2, 1000)
                .atomicXchg(Size.DW, R6, R2, 0)                    // r2 = old, counter = 1000
                .stxMem(Size.DW, R6, R2, 16)
                .mov64Imm(R0, 1000)
                .mov64Imm(R1, 7)
                .atomicCmpxchg(Size.DW, R6, R1, 0)                 // counter was 1000: now 7
                .mov64Imm(R0, 1000)
                .mov64Imm(R1, 9)
                .atomicCmpxchg(Size.DW, R6, R1, 0)                 // counter is 7, not 1000: unchanged, r0 = 7
                .stxMem(Size.DW, R6, R0, 24)
                .ldxMem(Size.DW, R0, R6, 0)
                .exit()
                .bind(fail)
                .mov64Imm(R0, 0)
                .exit()
                .build();
        return new ProgramUnit(p, List.of(new MapBinding(MapSpec.of("cells", MapType.ARRAY, 4, 32, 1), List.of(slot))));
    }

    @Override void prepare(Maps maps) {
        byte[] v = ByteBuffer.allocate(32).order(ByteOrder.nativeOrder()).putLong(0, INITIAL).array();
        maps.update("cells", Codec.INT.encode(0), v);
    }

    /** The four u64 of the map value, as user space reads them after the run. */
    @Override List<Long> computed(long r0, Maps maps) {
        ByteBuffer v = ByteBuffer.wrap(maps.lookup("cells", Codec.INT.encode(0))).order(ByteOrder.nativeOrder());
        return List.of(v.getLong(0), v.getLong(8), v.getLong(16), v.getLong(24));
    }

    @Override public List<Long> expected() {
        AtomicLong counter = new AtomicLong(INITIAL);
        counter.addAndGet(10);
        long fetched = counter.getAndAdd(5);
        counter.getAndUpdate(x -> x | 0x100);
        long exchanged = counter.getAndSet(1000);
        counter.compareAndExchange(1000, 7);
        long failed = counter.compareAndExchange(1000, 9);
        return List.of(counter.get(), fetched, exchanged, failed);
    }
}
