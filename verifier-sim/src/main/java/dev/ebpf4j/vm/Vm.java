package dev.ebpf4j.vm;

import dev.ebpf4j.asm.MapBinding;
import dev.ebpf4j.asm.MapSpec;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.uapi.ProgType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * An offline eBPF machine: maps, loaded programs and the interpreter that runs them with the ISA semantics of
 * RFC 9669 and Linux, over a checked memory model (see docs/interpreter.md). A fault in a program never throws:
 * it comes back as {@link RunResult#fault()}. Not thread-safe; one run at a time.
 *
 * <pre>{@code
 * Vm vm = Vm.create();
 * VmProgram p = vm.load(unit, ProgType.SOCKET_FILTER);   // creates the unit's maps
 * RunResult r = vm.run(p, RunInput.packet(frame));
 * }</pre>
 */
public final class Vm {
    final VmOptions options;
    final Memory memory;
    final Interpreter interpreter;
    private final List<BpfMap> maps = new ArrayList<>();
    private final List<VmProgram> programs = new ArrayList<>();
    int cpu;
    long now;
    SplittableRandom random;
    final List<String> printk = new ArrayList<>();
    RunState run = new RunState();
    /** Contexts are reused from run to run (their bytes are refilled), so a run allocates little. */
    private final SkBuffContext skbContext = new SkBuffContext();
    private final XdpContext xdpContext = new XdpContext();
    private Consumer<TraceStep> trace;
    /** Run-scoped regions, re-pointed at each run so that runs do not grow the region table. */
    private final Region packetRegion, contextRegion, memoryRegion;
    private final int packetRegionId, contextRegionId, memoryRegionId;

    /** Per-run state the helpers reach. */
    static final class RunState {
        Packet packet;
        boolean skb;
        boolean xdp;
        RunResult.Redirect redirect;
    }

    private Vm(VmOptions options) {
        this.options = options;
        this.memory = new Memory(options.addressBias());
        this.memory.strictAlignment = options.strictAlignment();
        this.interpreter = new Interpreter(this);
        this.now = options.startNanos();
        this.random = new SplittableRandom(options.seed());
        packetRegion = new Region(RegionKind.PACKET, "packet", new byte[0], 0, 0, 0, true);
        packetRegionId = memory.add(packetRegion);
        contextRegion = new Region(RegionKind.CONTEXT, "context", new byte[0], 0, 0, 0, true);
        contextRegionId = memory.add(contextRegion);
        memoryRegion = new Region(RegionKind.MEMORY, "input memory", new byte[0], 0, 0, 0, true);
        memoryRegionId = memory.add(memoryRegion);
    }

    private void point(Region r, byte[] mem, int lo, int hi) {
        r.mem = mem;
        r.lo = lo;
        r.hi = hi;
    }

    public static Vm create() { return new Vm(VmOptions.defaults()); }

    public static Vm create(VmOptions options) { return new Vm(options); }

    /** Whether the interpreter implements the helper with this static id (callers skip programs that call others). */
    public static boolean implementsHelper(int helperId) { return Helpers.implemented(helperId); }

    public VmOptions options() { return options; }

    /** Creates a map; its fd is what LD_IMM64 (pseudo map fd) instructions use to name it. */
    public BpfMap createMap(MapSpec spec) {
        int fd = maps.size() + 1;
        BpfMap m;
        switch (spec.type()) {
            case ARRAY: m = new ArrayMap(spec, this, fd, false); break;
            case PERCPU_ARRAY: m = new ArrayMap(spec, this, fd, true); break;
            case HASH: m = new HashTableMap(spec, this, fd, false, false); break;
            case PERCPU_HASH: m = new HashTableMap(spec, this, fd, true, false); break;
            case LRU_HASH: m = new HashTableMap(spec, this, fd, false, true); break;
            case LRU_PERCPU_HASH: m = new HashTableMap(spec, this, fd, true, true); break;
            case LPM_TRIE: m = new LpmTrieMap(spec, this, fd); break;
            case PROG_ARRAY: m = new ProgArrayMap(spec, this, fd); break;
            case QUEUE: m = new QueueStackMap(spec, this, fd, false); break;
            case STACK: m = new QueueStackMap(spec, this, fd, true); break;
            case RINGBUF: case PERF_EVENT_ARRAY: m = new OutputMap(spec, this, fd); break;
            default:
                throw new IllegalArgumentException("map '" + spec.name() + "': the interpreter has no "
                        + spec.type().kernelName() + " (it has hash, array, their per-CPU and LRU variants, LPM trie, "
                        + "prog array, queue, stack, ring buffer and perf event array)");
        }
        maps.add(m);
        return m;
    }

    public List<BpfMap> maps() { return List.copyOf(maps); }

    /** The map created with this name, or null. */
    public BpfMap map(String name) {
        for (BpfMap m : maps) if (m.spec.name().equals(name) && !name.isEmpty()) return m;
        return null;
    }

    BpfMap mapByFd(int fd) { return fd >= 1 && fd <= maps.size() ? maps.get(fd - 1) : null; }

    VmProgram program(int id) { return id >= 0 && id < programs.size() ? programs.get(id) : null; }

    /** Loads a program whose map LD_IMM64s already carry this VM's map fds. */
    public VmProgram load(Program program, ProgType type) {
        return register(program, type, List.of());
    }

    /**
     * Loads a program unit: each binding's map is created (or, when a map of that name exists, shared), and
     * its LD_IMM64 slots are patched with the map's fd.
     */
    public VmProgram load(ProgramUnit unit, ProgType type) {
        List<BpfMap> bound = new ArrayList<>();
        int[] fds = new int[unit.maps().size()];
        for (int i = 0; i < fds.length; i++) {
            MapBinding b = unit.maps().get(i);
            BpfMap m = map(b.map().name());
            if (m == null) m = createMap(b.map());
            bound.add(m);
            fds[i] = m.fd;
        }
        return register(unit.withMapFds(fds), type, bound);
    }

    private VmProgram register(Program program, ProgType type, List<BpfMap> bound) {
        VmProgram p = new VmProgram(this, programs.size(), type, program, bound);
        programs.add(p);
        return p;
    }

    /** Puts {@code target} at {@code index} of a program array, for {@code bpf_tail_call}. */
    public void setTailCall(BpfMap progArray, int index, VmProgram target) {
        if (!(progArray instanceof ProgArrayMap)) throw new IllegalArgumentException(progArray + " is not a program array");
        if (index < 0 || index >= progArray.spec.maxEntries()) {
            throw new IllegalArgumentException("index " + index + " is outside " + progArray);
        }
        ((ProgArrayMap) progArray).set(index, target);
    }

    /** Sets what {@code bpf_ktime_get_ns} returns. */
    public void setTime(long nanos) { now = nanos; }

    public long time() { return now; }

    /** The CPU the next runs execute on ({@code bpf_get_smp_processor_id}, per-CPU map values). */
    public void setCpu(int c) {
        if (c < 0 || c >= options.cpus()) throw new IllegalArgumentException("cpu " + c + " of " + options.cpus());
        cpu = c;
    }

    /** The {@code bpf_trace_printk} lines written since the last drain. */
    public List<String> drainTracePrintk() {
        List<String> out = List.copyOf(printk);
        printk.clear();
        return out;
    }

    /** Receives one {@link TraceStep} per executed instruction during later runs; null turns tracing off. */
    public void trace(Consumer<TraceStep> sink) {
        this.trace = sink;
    }

    /** Runs a program to its exit or its first fault. */
    public RunResult run(VmProgram prog, RunInput input) {
        if (prog.vm != this) throw new IllegalArgumentException("program " + prog.id + " belongs to another Vm");
        Interpreter in = interpreter;
        Arrays.fill(in.r, 0);
        in.init = 0;
        in.tracing = trace == null ? null : new Tracing(this, trace);
        run = new RunState();
        int printkBefore = printk.size();
        byte[] in0 = input.raw();
        Packet packet = null;
        boolean socketFilterLike = false;
        if (input.kind() == RunInput.Kind.PACKET) {
            packet = setUpPacket(prog.type, in0);
            socketFilterLike = run.skb && packet.data == 14;
        } else {
            byte[] m = in0.clone(); // the program may write it; the input stays as given
            point(memoryRegion, m, 0, m.length);
            in.r[1] = memory.base(memoryRegionId);
            in.r[2] = in0.length;
            in.init = 0b110;
        }
        long r0 = 0;
        Fault fault = null;
        try {
            r0 = in.run(prog, options.maxInsns());
        } catch (VmFault f) {
            fault = f.at(in.faultPc);
            if (in.tracing != null) in.tracing.end(in.r);
        }
        point(memoryRegion, new byte[0], 0, 0);
        point(packetRegion, new byte[0], 0, 0);
        point(contextRegion, new byte[0], 0, 0);
        contextRegion.ctx = null;
        byte[] out = null;
        boolean changed = false;
        if (packet != null) {
            if (run.xdp) {
                out = packet.output(true);
            } else if (socketFilterLike) {
                byte[] data = packet.output(false);
                out = new byte[data.length + 14];
                System.arraycopy(data, 0, out, 14, data.length);
            } else {
                out = packet.output(false);
            }
            changed = packetChanged(in0, packet, socketFilterLike);
        }
        List<String> lines = printk.size() == printkBefore ? List.of() : List.copyOf(printk.subList(printkBefore, printk.size()));
        return new RunResult(fault == null ? r0 : 0, fault, in.executed, out, changed, run.redirect, lines, in.tailCalls,
                fault == null && in.abortedByLdAbs);
    }

    private static boolean packetChanged(byte[] frame, Packet p, boolean skipL2) {
        int from = skipL2 ? 14 : 0;
        return !Arrays.equals(frame, from, frame.length, p.buf, p.meta, p.end);
    }

    private Packet setUpPacket(ProgType type, byte[] frame) {
        if (frame.length < 14) {
            throw new IllegalArgumentException("packet of " + frame.length + " bytes: a test run needs at least an "
                    + "Ethernet header (14 bytes)");
        }
        Packet p;
        Context ctx;
        switch (type) {
            case XDP: {
                p = new Packet(frame, Packet.XDP_HEADROOM, Packet.XDP_FRAME);
                XdpContext x = xdpContext;
                x.fill(p, options.ifindex());
                ctx = x;
                run.xdp = true;
                break;
            }
            case SCHED_CLS: case SCHED_ACT: case SOCKET_FILTER: case CGROUP_SKB: case LWT_IN: case LWT_OUT:
            case LWT_XMIT: case SK_SKB: {
                p = new Packet(frame, 0, 0);
                boolean l2 = type == ProgType.SCHED_CLS || type == ProgType.SCHED_ACT;
                if (!l2) {
                    // the kernel's test run hands these types the skb after eth_type_trans: data at the network header
                    p.data = 14;
                    p.meta = 14;
                }
                SkBuffContext s = skbContext;
                s.fill(p, frame, options.ifindex());
                ctx = s;
                run.skb = true;
                break;
            }
            default:
                throw new IllegalArgumentException("program type " + type.kernelName()
                        + " takes no packet in the interpreter; run it with memory input instead");
        }
        point(packetRegion, p.buf, p.meta, p.end);
        p.region = packetRegion;
        p.regionId = packetRegionId;
        p.memory = memory;
        point(contextRegion, ctx.bytes, 0, ctx.size());
        contextRegion.name = ctx.name;
        contextRegion.ctx = ctx;
        run.packet = p;
        interpreter.r[1] = memory.base(contextRegionId);
        interpreter.init = 0b10;
        return p;
    }

    /** The map a register value names (a map pointer), or a fault. */
    BpfMap mapAt(long addr, String what) {
        int id = memory.idOf(addr, 0, what);
        Region r = memory.region(id);
        if (r.kind != RegionKind.MAP || addr != memory.base(id)) {
            throw VmFault.of(FaultKind.BAD_HELPER_CALL, what + " is not a map pointer but " + describe(addr));
        }
        return r.map;
    }

    /** A value as the verifier log would show it: a pointer by region and offset, a number in decimal or hex. */
    public String describe(long v) {
        long id = ((v - memory.bias + 0x80000000L) >>> 32) - Memory.HI;
        if (id > 0 && id < memory.regionCount() && memory.region((int) id) != null) {
            Region r = memory.region((int) id);
            long off = v - memory.base((int) id);
            switch (r.kind) {
                case STACK: {
                    int frame = Arrays.binarySearch(interpreter.stackRegion, (int) id);
                    long fpOff = off - Interpreter.STACK_SIZE;
                    return (frame == interpreter.depth ? "fp" : "fp[" + frame + "]") + (fpOff == 0 ? "0" : fpOff);
                }
                case CONTEXT: return "ctx(" + offset(off) + ")";
                case PACKET: {
                    Packet p = run.packet;
                    if (p != null && off == p.end) return "pkt_end()";
                    if (p != null && off == p.meta && p.meta != p.data) return "pkt_meta()";
                    return "pkt(" + offset(p == null ? off : off - p.data) + ")";
                }
                case MAP_VALUE: return "map_value(" + mapText(r.map) + (off == 0 ? "" : ",off=" + off) + ")";
                case MAP: return "map_ptr(" + mapText(r.map) + (off == 0 ? "" : ",off=" + off) + ")";
                case MEMORY: return "mem(" + offset(off) + ")";
                case RINGBUF_RECORD: return "ringbuf_mem(" + offset(off) + ")";
                default: return "func(insn=" + off + ")";
            }
        }
        return v >= -1024 && v <= 1024 ? Long.toString(v) : "0x" + Long.toHexString(v);
    }

    private static String offset(long off) { return off == 0 ? "" : "off=" + off; }

    private static String mapText(BpfMap m) {
        return "map=" + m.name() + ",ks=" + m.spec.keySize() + ",vs=" + m.spec.valueSize();
    }
}
