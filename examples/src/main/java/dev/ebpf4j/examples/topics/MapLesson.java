package dev.ebpf4j.examples.topics;

import dev.ebpf4j.asm.AluOp;
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

import java.util.List;

import static dev.ebpf4j.asm.Register.*;

/**
 * Maps: user space writes a step into an ARRAY ({@code config[0]}); the program reads it, then looks up key 42
 * in a HASH, inserts it with {@code bpf_map_update_elem(..., BPF_NOEXIST)} on the first run and adds the step
 * in place on later runs. The test run repeats the program, and user space reads the total back.
 */
public final class MapLesson extends Lesson {
    static final long STEP = 7;
    static final int KEY = 42;
    static final int RUNS = 5;
    private static final int BPF_NOEXIST = 1;

    @Override public String topic() { return "maps"; }

    @Override public String summary() {
        return "an ARRAY read by the program, a HASH it inserts into and updates; " + RUNS + " runs, read back from Java";
    }

    @Override public ProgramUnit unit() {
        ProgramBuilder b = Program.builder();
        Label fail = b.newLabel("fail"), found = b.newLabel("found");
        b.stMem(Size.W, FP, -4, 0)                         // key 0
                .mov64Reg(R2, FP).alu64Imm(AluOp.ADD, R2, -4);
        int configSlot = b.position();
        b.ldMapFd(R1, 0)
                .call(Helper.MAP_LOOKUP_ELEM)
                .jmpImm(JmpOp.JEQ, R0, 0, fail)            // the verifier insists on this null check
                .ldxMem(Size.DW, R7, R0, 0)                // r7 = config[0], the step
                .stMem(Size.W, FP, -4, KEY)
                .mov64Reg(R2, FP).alu64Imm(AluOp.ADD, R2, -4);
        int totalsSlot = b.position();
        b.ldMapFd(R1, 0)
                .call(Helper.MAP_LOOKUP_ELEM)
                .jmpImm(JmpOp.JNE, R0, 0, found)
                .stxMem(Size.DW, FP, R7, -16)              // first run: insert totals[42] = step
                .mov64Reg(R2, FP).alu64Imm(AluOp.ADD, R2, -4)
                .mov64Reg(R3, FP).alu64Imm(AluOp.ADD, R3, -16)
                .mov64Imm(R4, BPF_NOEXIST);
        int totalsSlot2 = b.position();
        Program p = b.ldMapFd(R1, 0)
                .call(Helper.MAP_UPDATE_ELEM)
                .mov64Reg(R0, R7)
                .exit()
                .bind(found)                               // later runs: *value += step
                .ldxMem(Size.DW, R1, R0, 0)
                .alu64Reg(AluOp.ADD, R1, R7)
                .stxMem(Size.DW, R0, R1, 0)
                .mov64Reg(R0, R1)
                .exit()
                .bind(fail)
                .mov64Imm(R0, 0)
                .exit()
                .build();
        return new ProgramUnit(p, List.of(
                new MapBinding(MapSpec.of("config", MapType.ARRAY, 4, 8, 1), List.of(configSlot)),
                new MapBinding(MapSpec.of("totals", MapType.HASH, 4, 8, 16), List.of(totalsSlot, totalsSlot2))));
    }

    @Override int repeat() { return RUNS; }

    @Override void prepare(Maps maps) {
        maps.update("config", Codec.INT.encode(0), Codec.LONG.encode(STEP));
    }

    /** The total user space reads from the HASH, then what the last run returned. */
    @Override List<Long> computed(long r0, Maps maps) {
        byte[] total = maps.lookup("totals", Codec.INT.encode(KEY));
        return List.of(total == null ? -1L : Codec.LONG.decode(total), r0 & 0xffff_ffffL);
    }

    @Override public List<Long> expected() {
        long total = 0;
        for (int run = 0; run < RUNS; run++) total += STEP;
        return List.of(total, total);
    }
}
