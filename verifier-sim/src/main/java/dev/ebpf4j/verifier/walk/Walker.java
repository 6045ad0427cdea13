package dev.ebpf4j.verifier.walk;

import dev.ebpf4j.asm.MapSpec;
import dev.ebpf4j.asm.Slots;
import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.verifier.Errno;
import dev.ebpf4j.verifier.Messages;
import dev.ebpf4j.verifier.Options;
import dev.ebpf4j.verifier.Reject;
import dev.ebpf4j.verifier.cfg.Cfg;
import dev.ebpf4j.verifier.cfg.Liveness;
import dev.ebpf4j.verifier.log.InsnPrinter;
import dev.ebpf4j.verifier.log.StatePrinter;
import dev.ebpf4j.verifier.log.VLog;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Pass 2: the path walk. Fall-through first; the other side of every undecided branch is pushed and walked
 * later, depth first, as the kernel does. Each instruction family has its own rules class; this class holds
 * the loop, the branch stack, state pruning and the log.
 */
public final class Walker implements StateView {
    public static final int INSN_LIMIT = 1_000_000;
    public static final int JMP_SEQ_LIMIT = 8192;

    final long[] insns;
    final Cfg cfg;
    final Options opts;
    final ProgType type;
    final VLog log;
    final InsnPrinter printer;
    final int[] live;
    /** Stack slots that may still be read, from the accesses walked so far. */
    final StackLiveness stackLive;
    /** Level 2 only: the kernel's stack-liveness log lines. */
    final LivenessLog livenessLog;

    int processed;
    int idGen;
    State st;
    int insn;
    int prevInsn = -1;
    /** Set by a rule when it moved {@link #insn} itself (jumps, calls, exits). */
    boolean jumped;
    /** A kfunc call without a function (imm 0) was reached: the kernel refuses it after the walk. */
    boolean unresolvedKfunc;
    /** Set by the exit rule when the current path is done. */
    boolean pathDone;

    /** Deepest stack use seen in each subprogram (for the combined-stack check after the walk). */
    final int[] subprogStack;

    /** Per instruction, the pointer type its memory access was first checked with (ordinal + 1). */
    final int[] auxPtrType;

    /** The bpf_fastcall spill/fill patterns, whose stack an inlined helper lets the kernel drop after the walk. */
    final FastCall fastCall;

    /** Loop visits with their back-edges (may_goto loops), keyed by loop and call chain. */
    private final SccVisits sccVisits;
    /** Counts precision marks set in checkpoints: a round of back-edge propagation that sets none is the last. */
    int precisionMarks;
    /** Back-edges kept in open loop visits: 6.18 counts them among the states alive ({@code peak_states}). */
    private int backedgeCount;

    private final ArrayDeque<Pending> branches = new ArrayDeque<>();
    private final InsnStates[] explored;
    private int jmps;
    private int prevJmps;
    private int prevProcessed;
    int totalStates;
    int peakStates;
    int curStates;
    int maxStatesPerInsn;
    private boolean doPrintState;

    // which registers (bits) and stack slots (frame 0..7 x 64 slots) the current instruction touched
    int scratchedRegs;
    final long[] scratchedSlots = new long[8];
    private int insnLineLen = -1;
    /** The history entry the current instruction made, if any, and the instruction walked before it. */
    private Hist curHist;
    private int arrivedFrom = -1;

    private record Pending(State state, int insn, int from, int logMark) {}

    private static final ThreadLocal<Boolean> NO_PRUNING = ThreadLocal.withInitial(() -> Boolean.FALSE);
    /** Set from {@link #withoutPruning}: no state is pruned (loops are still detected). */
    private final boolean noPruning = NO_PRUNING.get();

    /**
     * Runs {@code body} on this thread with state pruning off, so every path is walked in full: a self-check of
     * pruning and precision tracking (what a pruned walk accepts, a full walk must accept too).
     */
    public static <T> T withoutPruning(java.util.function.Supplier<T> body) {
        NO_PRUNING.set(Boolean.TRUE);
        try {
            return body.get();
        } finally {
            NO_PRUNING.set(Boolean.FALSE);
        }
    }

    @SuppressWarnings("unchecked")
    public Walker(long[] insns, Cfg cfg, Options opts, VLog log, InsnPrinter printer) {
        this.insns = insns;
        this.cfg = cfg;
        this.opts = opts;
        this.type = opts.progType();
        this.log = log;
        this.printer = printer;
        this.explored = new InsnStates[insns.length];
        this.live = Liveness.compute(insns, cfg, opts.progType());
        this.stackLive = new StackLiveness(insns, cfg.subprogStarts());
        this.livenessLog = log.verbose() ? stackLive.newLog(cfg.prunePoint()) : null;
        this.auxPtrType = new int[insns.length];
        for (dev.ebpf4j.asm.MapBinding b : opts.maps()) mapTable.add(b.map());
        this.subprogStack = new int[cfg.subprogStarts().length];
        this.sccVisits = new SccVisits(dev.ebpf4j.verifier.cfg.Scc.compute(insns));
        this.fastCall = FastCall.find(insns, cfg, opts.progType());
    }

    public int processed() { return processed; }

    public int totalStates() { return totalStates; }

    public int peakStates() { return peakStates; }

    public int maxStatesPerInsn() { return maxStatesPerInsn; }

    public int insn() { return insn; }

    @Override
    public int currentFrame() { return st.cur; }

    @Override
    public int[] refs() {
        // A held bpf_spin_lock is one of the state's references on 6.18, printed by the id of the map value it was
        // taken through. Helpers cannot acquire or release references while it is held, so it is always the last.
        if (st.lockId == 0) return st.refs;
        int[] r = java.util.Arrays.copyOf(st.refs, st.refs.length + 1);
        r[st.refs.length] = st.lockId;
        return r;
    }

    @Override
    public MapSpec map(int idx) { return mapTable.get(idx); }

    /** The bound maps, then the inner maps of map-in-map types (so a register can point to an inner map). */
    private final List<MapSpec> mapTable = new ArrayList<>();

    /** The table index of the inner map of map {@code outer}, or -1. */
    int innerMap(int outer) {
        MapSpec inner = mapTable.get(outer).innerMap();
        if (inner == null) return -1;
        for (int i = 0; i < mapTable.size(); i++) if (mapTable.get(i) == inner) return i;
        mapTable.add(inner);
        return mapTable.size() - 1;
    }

    boolean strictAlignment() {
        return (opts.progFlags() & Options.F_STRICT_ALIGNMENT) != 0 && (opts.progFlags() & Options.F_ANY_ALIGNMENT) == 0;
    }

    int newId() { return ++idGen; }

    /** Records that frame {@code f} uses {@code bytes} of stack. */
    void growStack(Frame f, long bytes) {
        if (bytes > f.allocated) f.allocated = (int) bytes;
        if (f.allocated > subprogStack[f.subprog]) subprogStack[f.subprog] = f.allocated;
    }

    /** Walks every path of the main program. */
    public void run() {
        walk();
    }

    /** After a successful walk: the combined stack of call chains. */
    public void checkStackDepth() {
        StackDepth.check(insns, cfg, fastCall.adjusted(subprogStack), type == ProgType.PERF_EVENT);
    }

    private void walk() {
        Frame main = new Frame(0, -1, 0);
        main.regs[1].setPointer(RegType.CTX, 0);
        main.regs[10].setPointer(RegType.STACK, 0);
        st = new State(main);
        insn = 0;
        scratchAll();
        while (true) {
            if (++processed > INSN_LIMIT) {
                throw new Reject(Errno.E2BIG, String.format(Messages.PROG_TOO_LARGE_INSNS, processed));
            }
            curHist = null;
            arrivedFrom = prevInsn;
            if (cfg.prunePoint()[insn]) {
                if (stateVisited()) {
                    if (log.on()) {
                        if (doPrintState) log.line("\nfrom " + prevInsn + " to " + insn + ": safe");
                        else log.line(insn + ": safe");
                    }
                    logLiveness();
                    if (!popBranch()) return;
                    continue;
                }
            }
            if (cfg.jmpPoint()[insn]) pushHist(0);
            if (log.verbose() && doPrintState) {
                log.line("\nfrom " + prevInsn + " to " + insn + ":" + StatePrinter.frameState(this, st.frame(), true));
                doPrintState = false;
            }
            if (log.on()) printInsnLine();
            prevInsn = insn;
            jumped = false;
            pathDone = false;
            long s = insns[insn];
            int cls = Slots.opcode(s) & 7;
            switch (cls) {
                case 4: case 7: AluRules.check(this, s); break;
                case 1: MemoryRules.checkLdx(this, s); break;
                case 2: MemoryRules.checkSt(this, s); break;
                case 3: MemoryRules.checkStx(this, s); break;
                case 0: LoadRules.check(this, s); break;
                default:
                    jmps++;
                    JumpRules.check(this, s);
            }
            if (pathDone) {
                logLiveness();
                if (!popBranch()) return;
                continue;
            }
            if (!jumped) insn += (Slots.opcode(s) == 0x18) ? 2 : 1;
        }
    }

    /** At log level 2, a path's end shows what the stack liveness learned from it (6.18 prints it there). */
    void logLiveness() {
        if (!log.verbose()) return;
        String update = livenessLog.update(st);
        if (update != null) log.line(update);
    }

    // ------------------------------------------------------------------ branches

    /** Pushes the other side of a branch: a copy of the current state to resume at {@code target}. */
    State pushBranch(int target) {
        State copy = st.copy();
        if (st.parent != null) st.parent.branches++;
        branches.push(new Pending(copy, target, insn, log.mark()));
        if (branches.size() > JMP_SEQ_LIMIT) {
            throw new Reject(Errno.E2BIG, String.format(Messages.JMP_SEQ_TOO_COMPLEX, branches.size()));
        }
        return copy;
    }

    /** Ends the current path and resumes the last pushed branch; false when none is left. */
    private boolean popBranch() {
        finishPath(st.parent);
        Pending p = branches.poll();
        if (p == null) return false;
        if (!log.verbose()) log.rewind(p.logMark());
        st = p.state();
        insn = p.insn();
        prevInsn = p.from();
        doPrintState = true;
        insnLineLen = -1;
        scratchAll();
        return true;
    }

    private void finishPath(Checkpoint c) {
        while (c != null) {
            c.branches--;
            if (c.branches > 0) break;
            SccVisits.Visit v = sccVisits.exit(c);
            if (v != null) closeVisit(v);
            // an evicted checkpoint is freed once nothing below it is walked any more
            if (c.evicted) curStates--;
            c = c.parent;
        }
    }

    /**
     * Every path from a loop's entry checkpoint is explored: what the checkpoints its back-edges matched relied on
     * now flows to the back-edges' own paths, round after round until a round marks nothing new.
     */
    private void closeVisit(SccVisits.Visit v) {
        if (log.verbose()) logDetached("SCC exit " + SccVisits.printed(v.chain));
        if (v.backedges.isEmpty()) return;
        backedgeCount -= v.backedges.size();
        State saveSt = st;
        int saveInsn = insn;
        try {
            int rounds = 0;
            while (true) {
                if (rounds++ > SccVisits.maxRounds()) {
                    if (log.verbose()) logDetached("propagate_backedges: too many iterations");
                    for (SccVisits.Backedge b : v.backedges) Precision.allScalarsPrecise(b.state());
                    break;
                }
                int before = precisionMarks;
                for (SccVisits.Backedge b : v.backedges) {
                    st = b.state();
                    insn = b.insn();
                    Precision.propagate(this, b.equal().state, live[b.insn()]);
                }
                if (precisionMarks == before) break;
            }
        } finally {
            st = saveSt;
            insn = saveInsn;
        }
        v.backedges.clear();
    }

    // ------------------------------------------------------------------ pruning

    /** The kernel's lookup bucket of a state at {@code insn} whose current frame was called from {@code callsite}. */
    private int bucket(int insn, int callsite) {
        return Integer.remainderUnsigned(insn ^ callsite, insns.length);
    }

    /**
     * The kernel's {@code is_state_visited}: prune the current state if a finished checkpoint here covers it;
     * otherwise maybe keep it as a new checkpoint. A checkpoint is added after at least 2 jumps and 8 instructions
     * since the last one, or when the jump history grew past 40 entries; inside a loop (an unfinished checkpoint
     * here) only after 20 jumps or 100 instructions. Checkpoints that miss too often leave the lookup list.
     */
    private boolean stateVisited() {
        boolean mayGoto = isMayGoto(insn);
        boolean force = (opts.progFlags() & Options.F_TEST_STATE_FREQ) != 0 || st.histLen > 40 || mayGoto;
        boolean addNew = force || (jmps - prevJmps >= 2 && processed - prevProcessed >= 8);
        int liveMask = live[insn];
        int b = bucket(insn, st.frame().callsite);
        InsnStates states = explored[b];
        int statesCnt = 0;
        int curHash = 0;
        boolean hashed = false;
        if (states != null) {
            java.util.ArrayList<Checkpoint> list = states.list;
            for (int i = list.size() - 1; i >= 0; i--) {
                Checkpoint c = list.get(i);
                statesCnt++;
                if (c.insn != insn) continue;
                boolean loop = false;
                boolean hit = false;
                if (c.branches > 0) {
                    // another iteration of a may_goto loop that the kernel's bound would let run: a state already
                    // on this path covers it by ranges
                    if (mayGoto && !noPruning && c.state.mayGotoDepth != st.mayGotoDepth
                            && Prune.rangeWithin(this, c.state, st, liveMask)) {
                        loop = hit = true;
                    }
                }
                if (hit) {
                    // below
                } else if (c.branches > 0) {
                    if (!hashed) {
                        curHash = Prune.exactHash(st);
                        hashed = true;
                    }
                    if (c.state.mayGotoDepth == st.mayGotoDepth && c.hash == curHash
                            && Prune.maybeLooping(c.state, st) && Prune.equalExact(this, c.state, st, liveMask)) {
                        String cur = StatePrinter.frameState(this, st.frame(), true);
                        String old = StatePrinter.frameState(this, c.state.frame(), true);
                        throw Reject.inval(String.format(Messages.INFINITE_LOOP, insn), "cur state:" + cur,
                                "old state:" + old);
                    }
                    if (!force && jmps - prevJmps < 20 && processed - prevProcessed < 100) addNew = false;
                } else if (!noPruning) {
                    // a checkpoint of a loop visit with back-edges does not know all its continuation relies on yet
                    loop = sccVisits.anyBackedges() && sccVisits.incomplete(c);
                    hit = loop ? Prune.rangeWithin(this, c.state, st, liveMask) : Prune.within(this, c.state, st, liveMask);
                }
                if (hit) {
                    c.hits++;
                    if (cfg.jmpPoint()[insn]) pushHist(0);
                    Precision.propagate(this, c.state, liveMask);
                    if (loop) {
                        String chain = sccVisits.addBackedge(c, st.copy(), insn);
                        if (chain != null) {
                            if (log.verbose()) logDetached("SCC backedge " + SccVisits.printed(chain));
                            backedgeCount++;
                            peakStates = Math.max(peakStates, curStates + backedgeCount);
                        }
                    }
                    return true;
                }
                if (addNew) c.misses++;
                // states that keep missing leave the list, as in the kernel (they rarely help later); a may_goto
                // checkpoint still on the path is given longer, or its loop could never converge
                int n = mayGoto && c.branches > 0 ? 64 : 3;
                if (c.misses > c.hits * n + n) {
                    list.remove(i);
                    c.evicted = true;
                    if (c.branches == 0) curStates--;
                }
            }
        }
        maxStatesPerInsn = Math.max(maxStatesPerInsn, statesCnt);
        if (!addNew) return false;
        prevJmps = jmps;
        prevProcessed = processed;
        if (states == null) explored[b] = states = new InsnStates();
        Precision.forget(st);
        State snapshot = st.copy();
        Checkpoint c = new Checkpoint(snapshot, insn, st.parent);
        c.lastInsn = prevInsn;
        c.hash = Prune.exactHash(snapshot);
        states.list.add(c);
        String entered = sccVisits.enter(c);
        if (entered != null && log.verbose()) logDetached("SCC enter " + SccVisits.printed(entered));
        st.parent = c;
        st.hist = null;
        st.histLen = 0;
        st.firstInsn = insn;
        st.dfsDepth = snapshot.dfsDepth + 1;
        totalStates++;
        curStates++;
        peakStates = Math.max(peakStates, curStates + backedgeCount);
        return false;
    }

    private boolean isMayGoto(int i) {
        return Slots.opcode(insns[i]) == 0xe5;
    }

    /**
     * {@code may_goto}: the jump is walked first (the loop ends), the fall-through is pushed as one more iteration.
     * If an earlier iteration's checkpoint of this instruction is on the path, the new iteration's scalars that are
     * neither precise nor equal to that iteration's become unknown, so the loop's states converge.
     */
    void mayGoto(int off) {
        Checkpoint prev = prevEntry(st.parent, insn);
        State next = pushBranch(insn + 1);
        next.mayGotoDepth++;
        if (prev != null) widenImprecise(prev.state, next);
        insn += off + 1;
        jumped = true;
    }

    /** The most recent checkpoint at {@code at} on the current path, of the same calls, above {@code cur}. */
    private Checkpoint prevEntry(Checkpoint cur, int at) {
        if (cur == null) return null;
        InsnStates states = explored[bucket(at, cur.state.frame().callsite)];
        if (states == null) return null;
        for (int i = states.list.size() - 1; i >= 0; i--) {
            Checkpoint c = states.list.get(i);
            if (c.insn == at && c.branches > 0 && sameCallsites(c.state, cur.state)
                    && c.state.dfsDepth < cur.state.dfsDepth) {
                return c;
            }
        }
        return null;
    }

    private static boolean sameCallsites(State a, State b) {
        if (a.cur != b.cur) return false;
        for (int f = 0; f <= a.cur; f++) if (a.frames[f].callsite != b.frames[f].callsite) return false;
        return true;
    }

    private static void widenImprecise(State old, State cur) {
        Prune.Ids ids = new Prune.Ids();
        for (int f = old.cur; f >= 0; f--) {
            Frame fo = old.frames[f];
            Frame fc = cur.frames[f];
            for (int r = 0; r <= 10; r++) widen(fo.regs[r], fc.regs[r], ids);
            int slots = Math.min(fo.allocated, fc.allocated) / 8;
            for (int spi = 0; spi < slots; spi++) {
                if (!fo.isSpill(spi) || !fc.isSpill(spi) || fo.spilled[spi] == null || fc.spilled[spi] == null) continue;
                widen(fo.spilled[spi], fc.spilled[spi], ids);
            }
        }
    }

    private static void widen(Reg o, Reg c, Prune.Ids ids) {
        if (o.type != RegType.SCALAR || c.type != RegType.SCALAR) return;
        if (o.precise || c.precise || (o.sameAs(c) && ids.ok(o.id, c.id))) return;
        c.setUnknown();
    }

    /** Records the current instruction in the jump history (merged with what it already recorded). */
    Hist pushHist(int flags) {
        if (curHist == null) {
            curHist = new Hist(insn, arrivedFrom, st.hist);
            st.hist = curHist;
            st.histLen++;
        }
        curHist.flags |= flags;
        return curHist;
    }

    /** Records a fill or spill of stack slot {@code spi} of frame {@code frameNo} by the current instruction. */
    void histStack(int frameNo, int spi) {
        Hist h = pushHist(Hist.STACK);
        h.frame = frameNo;
        h.spi = spi;
    }

    // ------------------------------------------------------------------ register access helpers

    /** The kernel's check of a source operand: valid number, initialised. */
    Reg srcReg(int r) {
        if (r > 10) throw Reject.inval(String.format(Messages.R_INVALID, r));
        Reg reg = st.reg(r);
        scratchedRegs |= 1 << r;
        if (reg.type == RegType.NOT_INIT) throw Reject.acces(String.format(Messages.R_NOT_READ_OK, r));
        return reg;
    }

    /** The kernel's check of a destination operand: valid number, not the frame pointer. */
    Reg dstReg(int r) {
        if (r > 10) throw Reject.inval(String.format(Messages.R_INVALID, r));
        if (r == 10) throw Reject.acces(Messages.FP_READ_ONLY);
        scratchedRegs |= 1 << r;
        return st.reg(r);
    }

    /**
     * The kernel keeps one mask of scratched stack slots by slot number, whatever frame the slot belongs to: a
     * store through a pointer to the caller's fp-8 marks slot 0, and the current frame's own fp-8 is printed.
     */
    void scratchSlot(int frame, int spi) {
        if (spi >= 0 && spi < 64) scratchedSlots[0] |= 1L << spi;
    }

    private void scratchAll() {
        scratchedRegs = 0x7ff;
        java.util.Arrays.fill(scratchedSlots, -1L);
    }

    // ------------------------------------------------------------------ log

    private void printInsnLine() {
        if (scratchedRegs != 0 || anySlotScratched()) appendState();
        String text = insn + ": " + printer.print(insns, insn);
        log.line(text);
        insnLineLen = text.length();
        scratchedRegs = 0;
        java.util.Arrays.fill(scratchedSlots, 0L);
    }

    private boolean anySlotScratched() {
        for (long l : scratchedSlots) if (l != 0) return true;
        return false;
    }

    /** Appends the scratched state: after the last instruction line, padded to the kernel's column. */
    void appendState() {
        String state = StatePrinter.frameState(this, st.frame(), false);
        // scratched registers that are no longer initialised print nothing, but the kernel still writes the
        // separator: a void helper that released the last reference shows "call bpf_ringbuf_submit#132   ;", and
        // after lines of its own (precision backtracking) the bare prefix "21:"
        if (insnLineLen >= 0 && log.column() == 0 && endsWithInsnLine()) {
            log.rewind(log.mark() - 1);
            int pos = insnLineLen + 1;
            int pad = ((Math.max(pos + 4, 40) + 7) / 8) * 8 - pos - 1;
            log.line(" ".repeat(pad) + ";" + state);
        } else {
            log.line(insn + ":" + state);
        }
        insnLineLen = -1;
        scratchedRegs = 0;
        java.util.Arrays.fill(scratchedSlots, 0L);
    }

    private boolean endsWithInsnLine() {
        return insnLineLen >= 0;
    }

    /** The log lines of a bpf-to-bpf call: both frames in full; the callee's first line shows its state again. */
    void logCall(Frame caller, Frame callee) {
        if (!log.on()) return;
        log.line("caller:");
        log.line(StatePrinter.frameState(this, caller, true));
        log.line("callee:");
        log.line(StatePrinter.frameState(this, callee, true));
        insnLineLen = -1;
        scratchAll();
    }

    /** The log lines of a return from a subprogram. */
    void logReturn(Frame callee, Frame caller, int callsite) {
        if (!log.on()) return;
        log.line("returning from callee:");
        log.line(StatePrinter.frameState(this, callee, true));
        log.line("to caller at " + (callsite + 1) + ":");
        log.line(StatePrinter.frameState(this, caller, true));
        doPrintState = true;
        insnLineLen = -1;
        scratchedRegs = 0;
        java.util.Arrays.fill(scratchedSlots, 0L);
    }

    /** A log line between an instruction's line and its state (precision backtracking): the state goes on its own line. */
    void logDetached(String line) {
        log.line(line);
        insnLineLen = -1;
    }

    /** After a conditional jump the kernel prints the state of the fall-through side at once. */
    void printStateNow() {
        if (log.on() && (scratchedRegs != 0 || anySlotScratched())) appendState();
    }

    /** The checks the kernel makes after the walk (stack depth, then the fixups). */
    public void checkAfterWalk() {
        checkStackDepth();
        if (unresolvedKfunc) throw Reject.inval("invalid kernel function call not eliminated in verifier pass");
    }

    @Override
    public boolean regScratched(int r) { return (scratchedRegs & (1 << r)) != 0; }

    @Override
    public boolean slotScratched(int frame, int spi) { return (scratchedSlots[0] & (1L << spi)) != 0; }

    int liveAt(int i) { return live[i]; }
}
