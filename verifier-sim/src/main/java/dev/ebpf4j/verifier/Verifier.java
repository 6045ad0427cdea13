package dev.ebpf4j.verifier;

import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.verifier.cfg.Cfg;
import dev.ebpf4j.verifier.cfg.StructureCheck;
import dev.ebpf4j.verifier.cfg.Liveness;
import dev.ebpf4j.verifier.log.InsnPrinter;
import dev.ebpf4j.verifier.log.LiveRegsTable;
import dev.ebpf4j.asm.text.Disassembler;
import dev.ebpf4j.verifier.log.VLog;
import dev.ebpf4j.verifier.walk.Walker;

import java.util.List;

/**
 * An offline simulator of the Linux 6.18 eBPF verifier for privileged (root) loads. It answers as the kernel
 * would: accept, or the first error with the kernel's message, errno, instruction and log. What it does not
 * model it rejects with a message saying so; it never accepts what it cannot check.
 */
public final class Verifier {
    private static final Disassembler KERNEL = Disassembler.kernel();
    /** Where the log pretends the maps live (a kernel direct-map address, as the real log shows). */
    static final long MAP_ADDRESS_BASE = 0xffff888100000000L;

    private static int mapIndex(Options opts, int slot) {
        for (int m = 0; m < opts.maps().size(); m++) if (opts.maps().get(m).insnIndices().contains(slot)) return m;
        return -1;
    }

    private Verifier() {}

    public static Result verify(ProgramUnit unit, Options opts) {
        Options o = opts.maps().isEmpty() && !unit.maps().isEmpty() ? opts.withMaps(unit.maps()) : opts;
        return verify(unit.program(), o);
    }

    public static Result verify(Program program, Options opts) {
        Disassembler dis = KERNEL.withImm64Printer((slot, first, imm) -> {
            if (first.src() != 1 && first.src() != 2) return null;
            int m = mapIndex(opts, slot);
            if (m < 0) return null;
            // a privileged log shows the map's kernel address (plus the offset for a map value)
            long addr = MAP_ADDRESS_BASE + 0x1000L * m + (first.src() == 2 ? (imm >>> 32) : 0);
            return "0x" + Long.toHexString(addr);
        });
        // a kfunc call is printed with the name the verifier finds for its BTF id: the void type 0 has none
        return verify(program, opts, (insns, i) -> (insns[i] & 0xff) == 0x85 && ((insns[i] >> 12) & 0xf) == 2
                && (insns[i] >>> 32) == 0 ? "(85) call #0" : dis.line(program, i));
    }

    static Result verify(Program program, Options opts, InsnPrinter printer) {
        long[] insns = program.slots();
        VLog log = new VLog(opts.logLevel());
        if (insns.length == 0) {
            return new Result(false, -1, List.of(Messages.EMPTY_PROGRAM), Errno.EINVAL, 0, "", 0, 0, 0);
        }
        String attach = LoadChecks.attachTypeProblem(opts);
        if (attach != null) return new Result(false, -1, List.of(attach), Errno.EINVAL, 0, "", 0, 0, 0);
        if (insns.length > 1_000_000) {
            return new Result(false, -1, List.of("ebpf4j: more than 1000000 instructions (the kernel refuses with E2BIG)"),
                    Errno.E2BIG, 0, "", 0, 0, 0);
        }
        Cfg cfg;
        try {
            cfg = StructureCheck.check(insns, opts.maps(), opts.progType(), opts.btfValueMaps(), starts -> {
                if (log.verbose()) for (int i = 0; i < starts.length; i++) log.line("func#" + i + " @" + starts[i]);
            });
        } catch (RuntimeException e) {
            Reject r = e instanceof Reject ? (Reject) e : internal(e);
            for (String l : r.lines()) log.line(l);
            String stats = stats(0, 0, 0, 0);
            log.line(stats);
            return new Result(false, -1, r.lines(), r.errno(), 0, log.toString(), 0, 0, 0);
        }
        if (log.verbose()) {
            LiveRegsTable.print(log, insns, Liveness.compute(insns, cfg, opts.progType()), printer);
        }
        Walker w = new Walker(insns, cfg, opts, log, printer);
        try {
            w.run();
        } catch (Reject r) {
            String stats = stats(w.processed(), w.maxStatesPerInsn(), w.totalStates(), w.peakStates());
            List<String> lines = r.linesBefore(stats);
            for (String l : lines) log.line(l);
            if (!r.unterminated()) log.line(stats);
            return new Result(false, w.insn(), lines, r.errno(), w.processed(), log.toString(),
                    w.totalStates(), w.peakStates(), w.maxStatesPerInsn());
        } catch (RuntimeException e) {
            // a bug of ours must never become an accept
            String msg = Messages.notModelled("this program (internal error " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
            log.line(msg);
            return new Result(false, w.insn(), List.of(msg), Errno.EINVAL, w.processed(), log.toString(),
                    w.totalStates(), w.peakStates(), w.maxStatesPerInsn());
        }
        if (log.level() == 1) log.clear();
        try {
            w.checkAfterWalk();
        } catch (Reject r) {
            for (String l : r.lines()) log.line(l);
            log.line(stats(w.processed(), w.maxStatesPerInsn(), w.totalStates(), w.peakStates()));
            return new Result(false, -1, r.lines(), r.errno(), w.processed(), log.toString(),
                    w.totalStates(), w.peakStates(), w.maxStatesPerInsn());
        }
        log.line(stats(w.processed(), w.maxStatesPerInsn(), w.totalStates(), w.peakStates()));
        return new Result(true, -1, List.of(), null, w.processed(), log.toString(), w.totalStates(), w.peakStates(),
                w.maxStatesPerInsn());
    }

    /** A bug of ours must never become an accept: it becomes an honest reject. */
    private static Reject internal(RuntimeException e) {
        return Reject.inval(Messages.notModelled("this program (internal error " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")"));
    }

    private static String stats(int processed, int maxStates, int total, int peak) {
        return String.format("processed %d insns (limit 1000000) max_states_per_insn %d total_states %d peak_states %d mark_read 0",
                processed, maxStates, total, peak);
    }
}
