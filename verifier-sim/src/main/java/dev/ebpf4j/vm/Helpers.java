package dev.ebpf4j.vm;

import dev.ebpf4j.asm.uapi.Helper;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The helper functions the interpreter implements, by static id, with the kernel's argument checks and errno
 * results. Arguments come from r1..r5; memory arguments are read and written through the checked memory, so a
 * bad pointer faults exactly like a load would.
 */
final class Helpers {
    private Helpers() {}

    static final int MAP_LOOKUP_ELEM = 1, MAP_UPDATE_ELEM = 2, MAP_DELETE_ELEM = 3, KTIME_GET_NS = 5, TRACE_PRINTK = 6,
            GET_PRANDOM_U32 = 7, GET_SMP_PROCESSOR_ID = 8, SKB_STORE_BYTES = 9, L3_CSUM_REPLACE = 10,
            L4_CSUM_REPLACE = 11, TAIL_CALL = 12, REDIRECT = 23, PERF_EVENT_OUTPUT = 25, SKB_LOAD_BYTES = 26,
            CSUM_DIFF = 28, GET_NUMA_NODE_ID = 42, XDP_ADJUST_HEAD = 44, XDP_ADJUST_META = 54, XDP_ADJUST_TAIL = 65,
            MAP_PUSH_ELEM = 87, MAP_POP_ELEM = 88, MAP_PEEK_ELEM = 89, KTIME_GET_BOOT_NS = 125, RINGBUF_OUTPUT = 130,
            RINGBUF_RESERVE = 131, RINGBUF_SUBMIT = 132, RINGBUF_DISCARD = 133, KTIME_GET_COARSE_NS = 160,
            MAP_LOOKUP_PERCPU_ELEM = 195, KTIME_GET_TAI_NS = 208;

    private static final int[] ARITY = new int[256];

    static {
        Arrays.fill(ARITY, -1);
        int[][] table = {
                {MAP_LOOKUP_ELEM, 2}, {MAP_UPDATE_ELEM, 4}, {MAP_DELETE_ELEM, 2}, {KTIME_GET_NS, 0}, {TRACE_PRINTK, 2},
                {GET_PRANDOM_U32, 0}, {GET_SMP_PROCESSOR_ID, 0}, {SKB_STORE_BYTES, 5}, {L3_CSUM_REPLACE, 5},
                {L4_CSUM_REPLACE, 5}, {TAIL_CALL, 3}, {REDIRECT, 2}, {PERF_EVENT_OUTPUT, 5}, {SKB_LOAD_BYTES, 4},
                {CSUM_DIFF, 5}, {GET_NUMA_NODE_ID, 0}, {XDP_ADJUST_HEAD, 2}, {XDP_ADJUST_META, 2},
                {XDP_ADJUST_TAIL, 2}, {MAP_PUSH_ELEM, 3}, {MAP_POP_ELEM, 2}, {MAP_PEEK_ELEM, 2},
                {KTIME_GET_BOOT_NS, 0}, {RINGBUF_OUTPUT, 4}, {RINGBUF_RESERVE, 3}, {RINGBUF_SUBMIT, 2},
                {RINGBUF_DISCARD, 2}, {KTIME_GET_COARSE_NS, 0}, {MAP_LOOKUP_PERCPU_ELEM, 3}, {KTIME_GET_TAI_NS, 0},
        };
        for (int[] t : table) ARITY[t[0]] = t[1];
    }

    /** Whether the interpreter implements helper {@code id}. */
    static boolean implemented(int id) {
        return id >= 0 && id < ARITY.length && ARITY[id] >= 0;
    }

    /** The registers a call to helper {@code id} reads: r1..r(arity). */
    static int argMask(int id) {
        int n = implemented(id) ? ARITY[id] : 0;
        return ((1 << (n + 1)) - 1) & ~1;
    }

    static String name(int id) {
        return Helper.byId(id).map(h -> h.kernelName() + "#" + id).orElse("unknown#" + id);
    }

    static long call(Interpreter in, int id) {
        Vm vm = in.vm;
        Memory mem = in.mem;
        long[] r = in.r;
        switch (id) {
            case MAP_LOOKUP_ELEM: {
                BpfMap m = vm.mapAt(r[1], "map_lookup_elem argument 1");
                return m.progLookup(mem.readBytes(r[2], m.spec.keySize()));
            }
            case MAP_LOOKUP_PERCPU_ELEM: {
                BpfMap m = vm.mapAt(r[1], "map_lookup_percpu_elem argument 1");
                if (!m.perCpu()) throw bad("bpf_map_lookup_percpu_elem needs a per-CPU map, not " + m);
                if ((r[3] & 0xffffffffL) >= vm.options.cpus()) return 0;
                int saved = vm.cpu;
                vm.cpu = (int) r[3];
                try {
                    return m.progLookup(mem.readBytes(r[2], m.spec.keySize()));
                } finally {
                    vm.cpu = saved;
                }
            }
            case MAP_UPDATE_ELEM: {
                BpfMap m = vm.mapAt(r[1], "map_update_elem argument 1");
                byte[] key = mem.readBytes(r[2], m.spec.keySize());
                byte[] value = mem.readBytes(r[3], m.spec.valueSize());
                if (m instanceof QueueStackMap) return ((QueueStackMap) m).push(value, r[4]);
                return m.progUpdate(key, value, r[4]);
            }
            case MAP_DELETE_ELEM: {
                BpfMap m = vm.mapAt(r[1], "map_delete_elem argument 1");
                return m.progDelete(mem.readBytes(r[2], m.spec.keySize()));
            }
            case MAP_PUSH_ELEM: {
                QueueStackMap q = queue(vm, r[1], "map_push_elem");
                return q.push(mem.readBytes(r[2], q.spec.valueSize()), r[3]);
            }
            case MAP_POP_ELEM: case MAP_PEEK_ELEM: {
                QueueStackMap q = queue(vm, r[1], id == MAP_POP_ELEM ? "map_pop_elem" : "map_peek_elem");
                mem.resolve(r[2], q.spec.valueSize(), true, false); // the destination must be writable first
                byte[] v = q.take(id == MAP_POP_ELEM);
                if (v == null) return -Errno.ENOENT;
                mem.writeBytes(r[2], v, 0, q.spec.valueSize());
                return 0;
            }
            case KTIME_GET_NS: case KTIME_GET_BOOT_NS: case KTIME_GET_COARSE_NS: case KTIME_GET_TAI_NS:
                return vm.now;
            case GET_PRANDOM_U32:
                return vm.random.nextInt() & 0xffffffffL;
            case GET_SMP_PROCESSOR_ID:
                return vm.cpu;
            case GET_NUMA_NODE_ID:
                return 0;
            case TRACE_PRINTK:
                return Printk.printk(in);
            case REDIRECT:
                return redirect(vm, r[1], r[2]);
            case SKB_LOAD_BYTES: case SKB_STORE_BYTES: case L3_CSUM_REPLACE: case L4_CSUM_REPLACE:
                return SkbHelpers.call(in, id);
            case XDP_ADJUST_HEAD: case XDP_ADJUST_META: case XDP_ADJUST_TAIL:
                return XdpHelpers.call(in, id);
            case CSUM_DIFF: {
                long fromSize = r[2] & 0xffffffffL, toSize = r[4] & 0xffffffffL;
                if (((fromSize | toSize) & 3) != 0 || fromSize + toSize > 512) return -Errno.EINVAL;
                byte[] diff = new byte[(int) (fromSize + toSize)];
                byte[] from = mem.readBytes(r[1], (int) fromSize);
                byte[] to = mem.readBytes(r[3], (int) toSize);
                for (int i = 0; i < from.length; i += 4) Memory.put(diff, i, 4, ~Memory.get(from, i, 4));
                System.arraycopy(to, 0, diff, from.length, to.length);
                return Checksums.partial(diff, 0, diff.length, (int) r[5]) & 0xffffffffL;
            }
            case PERF_EVENT_OUTPUT: {
                OutputMap m = output(vm, r[2], "perf_event_output", false);
                long flags = r[3];
                if ((flags & ~0xfffff_ffffffffL) != 0) return -Errno.EINVAL;
                long index = flags & 0xffffffffL;
                if (index == 0xffffffffL) index = vm.cpu;
                if (index >= m.spec.maxEntries()) return -Errno.E2BIG;
                m.add(mem.readBytes(r[4], (int) r[5]));
                return 0;
            }
            case RINGBUF_OUTPUT: {
                OutputMap m = output(vm, r[1], "ringbuf_output", true);
                if ((r[4] & ~3L) != 0) return -Errno.EINVAL;
                byte[] data = mem.readBytes(r[2], (int) r[3]);
                if (!m.reserve(data.length)) return -Errno.EAGAIN;
                m.add(data);
                return 0;
            }
            case RINGBUF_RESERVE: {
                OutputMap m = output(vm, r[1], "ringbuf_reserve", true);
                long size = r[2];
                if (r[3] != 0 || size < 0 || size > Integer.MAX_VALUE || !m.reserve(size)) return 0;
                Region rec = new Region(RegionKind.RINGBUF_RECORD, "ring buffer record of '" + m.name() + "'",
                        new byte[(int) size], 0, 0, (int) size, true);
                rec.map = m;
                return mem.base(mem.add(rec));
            }
            case RINGBUF_SUBMIT: case RINGBUF_DISCARD: {
                int rid = mem.idOf(r[1], 1, "ringbuf record");
                Region rec = mem.region(rid);
                if (rec.kind != RegionKind.RINGBUF_RECORD || r[1] != mem.base(rid) || rec.hi == 0 && rec.mem.length > 0) {
                    throw bad("bpf_ringbuf_" + (id == RINGBUF_SUBMIT ? "submit" : "discard")
                            + ": argument 1 is not a live ring buffer record");
                }
                OutputMap m = (OutputMap) rec.map;
                if (id == RINGBUF_SUBMIT) m.add(rec.mem.clone());
                else m.release(rec.mem.length);
                rec.hi = 0; // submitted or discarded: any later access faults
                rec.lo = 0;
                rec.mem = new byte[1];
                return 0;
            }
            default:
                throw bad("helper " + name(id) + " is not implemented by the interpreter");
        }
    }

    /** Helpers whose prototype returns void: r0 holds nothing afterwards. */
    static boolean returnsVoid(int id) {
        return id == RINGBUF_SUBMIT || id == RINGBUF_DISCARD;
    }

    static VmFault bad(String message) {
        return VmFault.of(FaultKind.BAD_HELPER_CALL, message);
    }

    private static QueueStackMap queue(Vm vm, long addr, String helper) {
        BpfMap m = vm.mapAt(addr, helper + " argument 1");
        if (!(m instanceof QueueStackMap)) throw bad("bpf_" + helper + " needs a queue or stack map, not " + m);
        return (QueueStackMap) m;
    }

    private static OutputMap output(Vm vm, long addr, String helper, boolean ringbuf) {
        BpfMap m = vm.mapAt(addr, helper + " map argument");
        if (!(m instanceof OutputMap) || ((OutputMap) m).isRingBuf() != ringbuf) {
            throw bad("bpf_" + helper + " needs a " + (ringbuf ? "ring buffer" : "perf event array") + ", not " + m);
        }
        return (OutputMap) m;
    }

    private static long redirect(Vm vm, long ifindex, long flags) {
        if (vm.run.xdp) {
            if (flags != 0) return 0; // XDP_ABORTED
            vm.run.redirect = new RunResult.Redirect((int) ifindex, flags);
            return 4; // XDP_REDIRECT
        }
        if ((flags & ~1L) != 0) return 2; // TC_ACT_SHOT
        vm.run.redirect = new RunResult.Redirect((int) ifindex, flags);
        return 7; // TC_ACT_REDIRECT
    }

    static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) n++;
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }
}
