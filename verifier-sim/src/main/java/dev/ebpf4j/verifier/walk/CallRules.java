package dev.ebpf4j.verifier.walk;


import dev.ebpf4j.asm.MapSpec;
import dev.ebpf4j.asm.Slots;
import dev.ebpf4j.asm.uapi.Helper;
import dev.ebpf4j.asm.uapi.MapType;
import dev.ebpf4j.verifier.Messages;
import dev.ebpf4j.verifier.Reject;
import dev.ebpf4j.verifier.tables.HelperAvailability;
import dev.ebpf4j.verifier.tables.HelperTable;
import dev.ebpf4j.verifier.tables.HelperTable.Arg;
import dev.ebpf4j.verifier.tables.HelperTable.Proto;

/**
 * Helper calls checked against their prototypes, and bpf-to-bpf calls (a new frame; r1-r5 passed, r6-r9 kept).
 */
final class CallRules {
    private static final int FUNC_MAX_ID = 212;
    private static final int BPF_F_RDONLY_PROG = 0x80;
    private static final String MEM_TYPES = "fp, pkt, pkt_meta, map_key, map_value, mem, ringbuf_mem, buf, trusted_ptr_";
    // ARG_PTR_TO_SOCK_COMMON (sk_fullsock, tcp_sock, get_listener_sock) takes the four socket types; the release
    // argument of sk_release is a BTF sock_common, which also takes BTF pointers (seen in the live 6.18 log)
    private static final String SOCK_COMMON_TYPES = "sock_common, sock, tcp_sock, xdp_sock";
    private static final String BTF_SOCK_COMMON_TYPES = SOCK_COMMON_TYPES + ", ptr_, trusted_ptr_";

    private CallRules() {}

    static String name(int id) {
        return Helper.byId(id).map(Helper::kernelName).orElse("unknown");
    }

    static void callHelper(Walker w, long s) {
        int id = Slots.imm(s);
        if (id < 0 || id >= FUNC_MAX_ID || Helper.byId(id).isEmpty()) {
            throw Reject.inval(String.format(Messages.INVALID_FUNC, name(id), id));
        }
        // the kernel first looks the helper up for the program type, then checks sleepability, then the arguments;
        // what the simulator does not model is refused only after the checks it can do in that order
        HelperAvailability.Status avail = HelperAvailability.status(w.type, w.opts.expectedAttachType(), id);
        switch (avail) {
            case CANNOT_USE: throw Reject.inval(String.format(Messages.CANNOT_USE_HELPER, name(id), id));
            case MIGHT_SLEEP: throw Reject.inval(Messages.MIGHT_SLEEP);
            case NOT_SUPPORTED:
                // the helper's own check, made after its arguments (live 6.18: get_func_ip from a tracepoint names
                // a bad R1 first); without a prototype there are no arguments to check first
                if (HelperTable.proto(id, HelperTable.typeBit(w.type)) == null) throw notSupported(w, id);
                break;
            default: break;
        }
        int bit = HelperTable.typeBit(w.type);
        if (bit == 0) throw Reject.inval(Messages.notModelled("helper calls from " + w.type.kernelName()));
        Proto p = HelperTable.proto(id, bit);
        if (p == null) {
            if (avail == HelperAvailability.Status.UNKNOWN && HelperForbid.forbidden(w.type, id)) {
                throw Reject.inval(String.format(Messages.CANNOT_USE_HELPER, name(id), id));
            }
            throw Reject.inval(Messages.notModelled("helper " + name(id) + "#" + id));
        }
        if ((p.types() & bit) == 0) {
            if (avail == HelperAvailability.Status.UNKNOWN) {
                throw Reject.inval(String.format(Messages.CANNOT_USE_HELPER, name(id), id));
            }
            // the kernel lets this type call the helper, but possibly with another prototype than the one we have
            throw Reject.inval(Messages.notModelled("helper " + name(id) + "#" + id + " from " + w.type.kernelName()));
        }
        Meta meta = new Meta(p);
        for (int i = 0; i < 5; i++) {
            if (p.args()[i] == Arg.NONE) break;
            if (p.args()[i] == Arg.UNMODELLED) {
                // every argument register must be initialised, whatever its kind; the rest is not modelled
                w.srcReg(i + 1);
                break;
            }
            arg(w, meta, i + 1, p.args()[i]);
        }
        if (meta.map >= 0 && (w.map(meta.map).flags() & BPF_F_RDONLY_PROG) != 0
                && (id == 2 || id == 3 || id == 87 || id == 88)) {
            // update, delete, push and pop change a map the program may only read: refused after the arguments and
            // before the map/helper pairing (checked live: pop on a read-only queue)
            throw Reject.acces("write into map forbidden");
        }
        if (id == 12 && (meta.map < 0 || w.map(meta.map).type() != MapType.PROG_ARRAY)) {
            // the kernel prints this one without a newline: its statistics line follows on the same line
            throw Reject.unterminated(dev.ebpf4j.verifier.Errno.EINVAL, "expected prog array map for tail call");
        }
        if (avail == HelperAvailability.Status.NOT_SUPPORTED) throw notSupported(w, id);
        // the helper-specific checks come before the map/helper pairing (live 6.18: get_local_storage with
        // flags on a hash map names the flags)
        if (id == 12) {
            // a constant in-range index lets the kernel patch a direct jump: it keeps that index exact (marked
            // before the reference check, as the kernel's log shows)
            Reg key = w.st.reg(3);
            if (key.isConst() && meta.map >= 0
                    && Long.compareUnsigned(key.constValue(), Integer.toUnsignedLong(w.map(meta.map).maxEntries())) < 0) {
                Precision.mark(w, 3);
            }
            ExitRules.checkReferenceLeak(w, "tail_call");
        }
        if (id == 81) {
            Reg flags = w.st.reg(2);
            if (!flags.isConst() || flags.constValue() != 0) {
                throw Reject.inval("get_local_storage() doesn't support non-zero flags");
            }
            // the zero flags are made precise (fc-v1300 and 6.12-stable log the backtracking; fc-v669 did not)
            Precision.mark(w, 2);
        }
        if (meta.map >= 0) {
            // the kernel checks map and helper against each other after all the arguments (live 6.18:
            // sk_storage_get on an array map with a scalar value argument names R3 first), and a map the helper
            // cannot take is refused whatever its value holds (sk_storage map with a spin lock to map_lookup_elem)
            mapCompatible(w, meta, meta.map);
            // spin-lock and kptr maps are modelled: helpers reach those fields only through SpinLocks and Kptrs
            if (SpinLocks.offset(w, meta.map) < 0 && Timers.offset(w, meta.map) < 0 && Kptrs.fields(w, meta.map) == null
                    && w.opts.btfValueMaps().containsKey(meta.map)) {
                throw Reject.acces(Messages.notModelled("helpers on a map whose value has BTF-described fields"));
            }
        }
        if (!p.modelled()) throw Reject.inval(Messages.notModelled("helper " + name(id) + "#" + id));
        if (meta.releaseRef != 0) {
            if (!w.st.release(meta.releaseRef)) {
                throw Reject.acces(Messages.notModelled("releasing a reference that is not held"));
            }
            invalidateRef(w, meta.releaseRef);
        }
        // caller-saved registers are clobbered
        for (int r = 1; r <= 5; r++) {
            w.st.reg(r).setNotInit();
            w.scratchedRegs |= 1 << r;
        }
        Reg r0 = w.st.reg(0);
        switch (p.ret()) {
            case INTEGER:
                r0.setUnknown();
                // the CPU number is below nr_cpu_ids (this machine's possible CPUs, as for its kernel)
                if (id == 8) r0.setScalar(dev.ebpf4j.verifier.domain.Scalar.unsignedRange(0, dev.ebpf4j.verifier.tables.HostCpus.possible() - 1));
                // a length written into the buffer, or a negative errno (live 6.18: smin=-4095, smax=size)
                if (returnsLength(id)) r0.setScalar(dev.ebpf4j.verifier.domain.Scalar.lengthOrErrno(meta.sizeMax));
                break;
            case VOID:
                r0.setNotInit();
                break;
            case MAP_VALUE:
                r0.setPointer(RegType.MAP_VALUE, 0);
                r0.map = meta.map;
                break;
            case MAP_VALUE_OR_NULL: {
                MapSpec m = w.map(meta.map);
                // Socket and XDP socket map lookups give a map value until the null check makes it a socket (as
                // the kernel prints it: map_value_or_null(id=2,ref_obj_id=2,ks=4,vs=4)); a socket map's is referenced.
                if (m.type() == MapType.SOCKMAP || m.type() == MapType.SOCKHASH) {
                    r0.setPointer(RegType.MAP_VALUE, 0);
                    r0.map = meta.map;
                    r0.maybeNull = true;
                    w.newId();
                    r0.id = w.newId();
                    r0.refObjId = r0.id;
                    w.st.acquire(r0.id, w.insn);
                    break;
                }
                if (m.type() == MapType.XSKMAP) {
                    r0.setPointer(RegType.MAP_VALUE, 0);
                    r0.map = meta.map;
                    r0.maybeNull = true;
                    r0.id = w.newId();
                    break;
                }
                if (!plainData(m.type())) {
                    throw Reject.acces(Messages.notModelled("a lookup in a " + m.type().kernelName() + " map"));
                }
                r0.setPointer(RegType.MAP_VALUE, 0);
                r0.map = meta.map;
                // only bpf_map_lookup_elem's result is known non-null for a constant in-range key (checked live:
                // map_lookup_percpu_elem on a per-CPU array with key 0 still needs the null check)
                if (id == 1 && ConstMapKey.neverNull(m, meta.constKey)) {
                    // a value holding a spin lock always gets an id: the lock is known by it
                    if (SpinLocks.offset(w, meta.map) >= 0) r0.id = w.newId();
                    break;
                }
                r0.maybeNull = true;
                r0.id = w.newId();
                if ((m.type() == MapType.ARRAY_OF_MAPS || m.type() == MapType.HASH_OF_MAPS) && m.innerMap() == null) {
                    throw Reject.acces(Messages.notModelled("a map-in-map lookup without the inner map's description"));
                }
                break;
            }
            case SOCKET_OR_NULL: case TCP_SOCK_OR_NULL: case SOCK_COMMON_OR_NULL: {
                RegType t = p.ret() == HelperTable.Ret.SOCKET_OR_NULL ? RegType.SOCK
                        : p.ret() == HelperTable.Ret.TCP_SOCK_OR_NULL ? RegType.TCP_SOCK : RegType.SOCK_COMMON;
                r0.setPointer(t, 0);
                r0.maybeNull = true;
                r0.id = w.newId();
                if (p.acquires()) {
                    // the reference takes the next id, and the pointer's id becomes the reference's
                    r0.id = r0.refObjId = w.newId();
                    w.st.acquire(r0.id, w.insn);
                } else if (meta.argRefObj != 0 && (id == 95 || id == 96)) {
                    // sk_fullsock and tcp_sock cast their argument: the result shares its reference
                    r0.refObjId = meta.argRefObj;
                }
                break;
            }
            case KPTR_OR_NULL:
                // the old pointer is a new reference the program must release or put back
                BtfPtr.set(r0, meta.kptr.struct(), 0, true);
                w.newId();
                r0.id = r0.refObjId = w.newId();
                w.st.acquire(r0.id, w.insn);
                break;
            case BTF_SOCK_OR_NULL:
                r0.setPointer(RegType.BTF_ID, 0);
                r0.maybeNull = true;
                r0.memSize = SkcCasts.structOf(id);
                r0.id = w.newId();
                // the cast shares the socket's reference (ref_obj_id), if it had one
                r0.refObjId = meta.argRefObj;
                break;
            case ALLOC_MEM_OR_NULL: {
                r0.setPointer(RegType.RINGBUF_MEM, 0);
                r0.maybeNull = true;
                r0.memSize = (int) meta.allocSize;
                w.newId();
                r0.id = w.newId();
                int ref = r0.id;
                r0.refObjId = ref;
                w.st.acquire(ref, w.insn);
                break;
            }
            default:
                throw Reject.acces(Messages.notModelled("this helper return type"));
        }
        if (p.changesPkt()) clearPacketPointers(w);
    }

    /** get_stack, get_task_stack and the probe_read_*_str helpers: their result is bounded by the size argument. */
    private static boolean returnsLength(int id) {
        return id == 45 || id == 67 || id == 114 || id == 115 || id == 141;
    }

    /** Maps whose lookups give a pointer to their value. */
    private static boolean plainData(MapType t) {
        switch (t) {
            case HASH: case ARRAY: case PERCPU_HASH: case PERCPU_ARRAY: case LRU_HASH: case LRU_PERCPU_HASH:
            case LPM_TRIE: case ARRAY_OF_MAPS: case HASH_OF_MAPS: case DEVMAP: case DEVMAP_HASH: case CPUMAP:
            case SK_STORAGE: case CGROUP_STORAGE: case PERCPU_CGROUP_STORAGE: case STACK_TRACE:
                return true;
            default:
                return false;
        }
    }

    /** After a call that may move packet data, packet pointers become unknown scalars (privileged rule). */
    private static void clearPacketPointers(Walker w) {
        for (int f = 0; f <= w.st.cur; f++) {
            Frame fr = w.st.frames[f];
            for (Reg r : fr.regs) if (r.type.isPacketAny()) r.setUnknown();
            for (int i = 0; i < Frame.SLOTS; i++) {
                Reg r = fr.spilled[i];
                if (r != null && r.type.isPacketAny()) r.setUnknown();
            }
        }
    }

    private static void invalidateRef(Walker w, int ref) {
        for (int f = 0; f <= w.st.cur; f++) {
            Frame fr = w.st.frames[f];
            for (Reg r : fr.regs) if (r.refObjId == ref) r.setUnknown();
            for (int i = 0; i < Frame.SLOTS; i++) {
                Reg r = fr.spilled[i];
                if (r != null && r.refObjId == ref) r.setUnknown();
            }
        }
    }

    /** What the argument checks learn along the way. */
    static final class Meta {
        final Proto proto;
        int map = -1;
        int releaseRef;
        int argRefObj;
        long allocSize;
        /** The largest value of the size argument (msize_max_value). */
        long sizeMax;
        int memRegno = -1;
        boolean memUninit;
        /** bpf_kptr_xchg's kptr field. */
        Kptrs.Field kptr;
        /** The map key when it is a constant the verifier can read off the stack, else -1. */
        long constKey = -1;

        Meta(Proto p) {
            this.proto = p;
        }
    }

    private static void arg(Walker w, Meta meta, int regno, Arg kind) {
        Reg reg = w.srcReg(regno);
        if (kind == Arg.ANYTHING) return;
        if (reg.type.isPacket() && !meta.proto.pktAccess()) throw Reject.acces(Messages.HELPER_PKT_NOT_ALLOWED);
        switch (kind) {
            case MAP_PTR: {
                expect(regno, reg, reg.type == RegType.MAP_PTR && !reg.maybeNull, "map_ptr");
                meta.map = reg.map;
                return;
            }
            case SPIN_LOCK:
                SpinLocks.lockArg(w, regno, reg, meta.proto.id());
                return;
            case MAP_PTR_ANY:
                expect(regno, reg, reg.type == RegType.MAP_PTR && !reg.maybeNull, "map_ptr");
                return;
            case DYNPTR: {
                expect(regno, reg, reg.type == RegType.STACK, "fp, dynptr_ptr");
                throw Reject.inval(Messages.notModelled("dynptrs"));
            }
            case TIMER: {
                expect(regno, reg, reg.type == RegType.MAP_VALUE && !reg.maybeNull, "map_value");
                MapSpec m = w.map(reg.map);
                if (!w.opts.btfValueMaps().containsKey(reg.map)) {
                    throw Reject.inval("map '" + m.name() + "' has to have BTF in order to use bpf_timer");
                }
                throw Reject.inval(Messages.notModelled("bpf_timer helpers"));
            }
            case BTF_ID: case BTF_ID_OR_NULL: {
                if (kind == Arg.BTF_ID_OR_NULL && reg.isConst() && reg.constValue() == 0) return;
                expect(regno, reg, reg.type == RegType.BTF_ID && (kind == Arg.BTF_ID_OR_NULL || !reg.maybeNull),
                        "ptr_, trusted_ptr_, rcu_ptr_");
                throw Reject.inval(Messages.notModelled("a BTF pointer argument (R" + regno + ") of helper "
                        + name(meta.proto.id()) + "#" + meta.proto.id()));
            }
            case MAP_VALUE_OR_NULL:
                if (reg.isConst() && reg.constValue() == 0) {
                    Precision.mark(w, regno); // NULL only because the scalar is exactly zero
                    return;
                }
                // fall through: otherwise checked as a map value
            case MAP_KEY: case MAP_VALUE: case MAP_VALUE_UNINIT: {
                expectMem(regno, reg, kind == Arg.MAP_VALUE_OR_NULL);
                if (meta.map < 0) throw Reject.acces("invalid map_ptr to access map->key");
                MapSpec m = w.map(meta.map);
                int size = kind == Arg.MAP_KEY ? m.keySize() : m.valueSize();
                HelperMem.access(w, regno, reg, size, false, kind == Arg.MAP_VALUE_UNINIT);
                if (kind == Arg.MAP_KEY && (m.type() == dev.ebpf4j.asm.uapi.MapType.ARRAY
                        || m.type() == dev.ebpf4j.asm.uapi.MapType.PERCPU_ARRAY)) {
                    meta.constKey = ConstMapKey.of(w, reg, size);
                }
                return;
            }
            case MEM: case UNINIT_MEM: {
                expectMem(regno, reg);
                meta.memRegno = regno;
                meta.memUninit = kind == Arg.UNINIT_MEM;
                return;
            }
            case MEM_OR_NULL: {
                if (reg.isConst() && reg.constValue() == 0) {
                    // a NULL the prototype allows is made precise (fc-v1300 and 6.12-stable; the fc-v669 build
                    // that recorded the corpus did not): pruning must not swap in a non-NULL scalar
                    Precision.mark(w, regno);
                    meta.memRegno = -2;
                    return;
                }
                // a nullable argument takes a maybe-null pointer as it is (its bytes are still checked)
                expectMem(regno, reg, true);
                meta.memRegno = regno;
                return;
            }
            case SIZE: case SIZE_OR_ZERO: {
                expect(regno, reg, reg.isScalar(), "scalar");
                HelperMem.sizeArg(w, meta, regno, reg, kind == Arg.SIZE_OR_ZERO);
                return;
            }
            case LONG: case U32: {
                // a fixed 8-byte (4-byte) result the helper writes: first the bytes as a helper write, then
                // alignment as strictly as for the stack (the live kernel reports an out-of-frame fp-4 before its
                // misalignment)
                int size = kind == Arg.LONG ? 8 : 4;
                expectMem(regno, reg);
                HelperMem.access(w, regno, reg, size, false, true);
                Alignment.check(w, reg, 0, size, true);
                return;
            }
            case CTX_OR_NULL:
                // a known zero is the NULL the prototype allows; anything else must be the context. The NULL is
                // made precise, as fc-v1300 does (fc-v669, which recorded the corpus, did not, and so accepted a
                // program passing r1 = 5 to bpf_get_netns_cookie on a path pruned against the NULL one)
                if (reg.isScalar() && reg.isConst() && reg.constValue() == 0) {
                    Precision.mark(w, regno);
                    return;
                }
                // fall through
            case CTX: {
                expect(regno, reg, reg.type == RegType.CTX && !reg.maybeNull, "ctx");
                if (reg.off < 0) throw Reject.acces(String.format(Messages.NEGATIVE_CTX, regno, reg.off));
                if (reg.off != 0) throw Reject.acces(String.format(Messages.MODIFIED_CTX, regno, reg.off));
                if (!reg.fixedOffset()) {
                    throw Reject.acces(String.format(Messages.VARIABLE_CTX, Num.tnumString(reg.val)));
                }
                return;
            }
            case SOCK_COMMON: {
                boolean ok = !reg.maybeNull && (reg.type == RegType.SOCK_COMMON || reg.type == RegType.SOCK
                        || reg.type == RegType.TCP_SOCK || reg.type == RegType.XDP_SOCK);
                expect(regno, reg, ok, SOCK_COMMON_TYPES);
                meta.argRefObj = reg.refObjId;
                return;
            }
            case BTF_SOCK_COMMON: {
                if (btfSockCommon(regno, reg)) {
                    meta.argRefObj = reg.refObjId;
                    return;
                }
                meta.argRefObj = reg.refObjId;
                boolean ok = !reg.maybeNull && (reg.type == RegType.SOCK_COMMON || reg.type == RegType.SOCK
                        || reg.type == RegType.TCP_SOCK || reg.type == RegType.XDP_SOCK);
                expect(regno, reg, ok, BTF_SOCK_COMMON_TYPES);
                return;
            }
            case SOCKET_RELEASE: {
                boolean ok = btfSockCommon(regno, reg) || !reg.maybeNull && (reg.type == RegType.SOCK_COMMON || reg.type == RegType.SOCK
                        || reg.type == RegType.TCP_SOCK || reg.type == RegType.XDP_SOCK);
                expect(regno, reg, ok, BTF_SOCK_COMMON_TYPES);
                if (reg.refObjId == 0) {
                    throw Reject.inval("R" + regno + " must be referenced when passed to release function");
                }
                if (reg.off != 0 || !reg.fixedOffset()) {
                    throw Reject.inval("R" + regno + " must have zero offset when passed to release func or trusted arg to kfunc");
                }
                meta.releaseRef = reg.refObjId;
                return;
            }
            case RINGBUF_RELEASE: {
                expect(regno, reg, reg.type == RegType.RINGBUF_MEM && !reg.maybeNull, "ringbuf_mem");
                if (reg.refObjId == 0) {
                    throw Reject.inval("R" + regno + " must be referenced when passed to release function");
                }
                if (reg.off != 0 || !reg.fixedOffset()) {
                    throw Reject.inval("R" + regno + " must have zero offset when passed to release func or trusted arg to kfunc");
                }
                meta.releaseRef = reg.refObjId;
                return;
            }
            case KPTR_DEST: {
                // the other kind the kernel takes is an allocated object (ptr_ with MEM_ALLOC), never made here
                expect(regno, reg, reg.type == RegType.MAP_VALUE && !reg.maybeNull, "map_value, ptr_");
                meta.kptr = Kptrs.xchgDest(w, regno, reg);
                meta.map = reg.map;
                return;
            }
            case KPTR_NEW: {
                if (reg.isConst() && reg.constValue() == 0) return;
                int flags = reg.type == RegType.BTF_ID ? BtfPtr.flags(reg) : 0;
                boolean ok = reg.type == RegType.BTF_ID && (flags == 0 || flags == BtfPtr.TRUSTED || flags == BtfPtr.RCU);
                expect(regno, reg, ok, "ptr_, trusted_ptr_, rcu_ptr_");
                if (reg.maybeNull) throw Reject.acces("Possibly NULL pointer passed to helper arg" + regno);
                Kptrs.matchType(w, meta.kptr, regno, reg);
                if (reg.refObjId == 0) {
                    throw Reject.inval("R" + regno + " must be referenced when passed to release function");
                }
                meta.releaseRef = reg.refObjId;
                return;
            }
            case PERCPU_BTF:
                // the simulator makes no per-CPU BTF pointers: whatever the register holds, it is not one
                expect(regno, reg, false, "percpu_ptr_, percpu_rcu_ptr_, percpu_trusted_ptr_");
                return;
            case ALLOC_SIZE_OR_ZERO: {
                expect(regno, reg, reg.isScalar(), "scalar");
                if (!reg.isConst()) throw Reject.acces("R" + regno + " is not a known constant'");
                meta.allocSize = reg.constValue();
                Precision.mark(w, regno);
                return;
            }
            default:
                throw Reject.acces(Messages.notModelled("helper argument kind " + kind));
        }
    }

    /**
     * A non-null BTF pointer given where a sock_common is expected (ARG_PTR_TO_BTF_ID_SOCK_COMMON): plain or trusted,
     * to a struct that holds a struct sock_common at its offset. Returns false for the other register types.
     */
    private static boolean btfSockCommon(int regno, Reg reg) {
        if (reg.type != RegType.BTF_ID || reg.maybeNull) return false;
        int flags = BtfPtr.flags(reg);
        expect(regno, reg, flags == 0 || flags == BtfPtr.TRUSTED, BTF_SOCK_COMMON_TYPES);
        // the bpf_skc_to_* structs (tcp6_sock ... udp6_sock) all begin with their struct sock_common, and hold
        // none at another offset (live 6.18 for tcp6_sock at off=8); other structs would need their layouts
        if (!SkcCasts.isCastStruct(BtfPtr.struct(reg)) || !reg.fixedOffset()) {
            throw Reject.acces(Messages.notModelled("this BTF pointer as a socket argument"));
        }
        if (reg.off != 0) {
            throw Reject.acces("R" + regno + " is of type " + BtfPtr.structName(reg) + " but sock_common is expected");
        }
        return true;
    }

    private static Reject notSupported(Walker w, int id) {
        return new Reject(dev.ebpf4j.verifier.Errno.ENOTSUPP,
                String.format(Messages.NOT_SUPPORTED_FOR_TYPE, name(id), id, w.type.value()));
    }

    private static void expect(int regno, Reg reg, boolean ok, String expected) {
        if (!ok) {
            throw Reject.acces(String.format(Messages.ARG_TYPE, regno, BtfPtr.typeName(reg), expected));
        }
    }

    private static void expectMem(int regno, Reg reg) {
        expectMem(regno, reg, false);
    }

    /** A memory argument; {@code nullable}: the argument kind admits NULL, so a maybe-null pointer will do. */
    private static void expectMem(int regno, Reg reg, boolean nullable) {
        boolean ok = (nullable || !reg.maybeNull) && (reg.type == RegType.STACK || reg.type.isPacket() || reg.type == RegType.MAP_KEY
                || reg.type == RegType.MAP_VALUE || reg.type == RegType.MEM || reg.type == RegType.RINGBUF_MEM
                || reg.type == RegType.BUF);
        expect(regno, reg, ok, MEM_TYPES);
    }

    private static void mapCompatible(Walker w, Meta meta, int mapIdx) {
        MapType t = w.map(mapIdx).type();
        int id = meta.proto.id();
        boolean ok;
        switch (t) {
            case PROG_ARRAY: ok = id == 12; break;
            case PERF_EVENT_ARRAY: ok = id == 25 || id == 22 || id == 55 || id == 111; break;
            case RINGBUF: ok = id == 130 || id == 131 || id == 134 || id == 198; break;
            case CGROUP_ARRAY: ok = id == 33 || id == 37; break;
            case CGROUP_STORAGE: case PERCPU_CGROUP_STORAGE: ok = id == 81; break;
            case SOCKMAP: case SOCKHASH: case XSKMAP: case DEVMAP: case CPUMAP: case DEVMAP_HASH:
            case REUSEPORT_SOCKARRAY: case STACK_TRACE: case SK_STORAGE:
            case QUEUE: case STACK: case BLOOM_FILTER: case TASK_STORAGE: case CGRP_STORAGE:
                ok = compatibleSpecial(t, id);
                break;
            default: ok = true;
        }
        if (ok) {
            switch (id) {
                case 12: ok = t == MapType.PROG_ARRAY; break;
                case 25: ok = t == MapType.PERF_EVENT_ARRAY; break;
                case 130: case 131: case 134: ok = t == MapType.RINGBUF; break;
                case 22: case 55: ok = t == MapType.PERF_EVENT_ARRAY; break;
                case 33: case 37: ok = t == MapType.CGROUP_ARRAY; break;
                case 51: ok = t == MapType.DEVMAP || t == MapType.DEVMAP_HASH || t == MapType.CPUMAP || t == MapType.XSKMAP; break;
                case 52: ok = t == MapType.SOCKMAP; break;
                case 72: ok = t == MapType.SOCKHASH; break;
                case 88: ok = t == MapType.QUEUE || t == MapType.STACK; break;
                case 87: case 89: ok = t == MapType.QUEUE || t == MapType.STACK || t == MapType.BLOOM_FILTER; break;
                case 195: ok = t == MapType.PERCPU_ARRAY || t == MapType.PERCPU_HASH || t == MapType.LRU_PERCPU_HASH; break;
                case 81: ok = t == MapType.CGROUP_STORAGE || t == MapType.PERCPU_CGROUP_STORAGE; break;
                case 82: ok = t == MapType.REUSEPORT_SOCKARRAY || t == MapType.SOCKMAP || t == MapType.SOCKHASH; break;
                case 107: case 108: ok = t == MapType.SK_STORAGE; break;
                case 156: case 157: ok = t == MapType.TASK_STORAGE; break;
                case 210: case 211: ok = t == MapType.CGRP_STORAGE; break;
                default: break;
            }
        }
        if (!ok) {
            throw Reject.inval(String.format(Messages.CANNOT_PASS_MAP, t.value(), name(id), id));
        }
    }

    private static boolean compatibleSpecial(MapType t, int id) {
        switch (t) {
            case SOCKMAP:
                return id == 1 || id == 2 || id == 3 || id == 82 || id == 52;
            case SOCKHASH:
                return id == 1 || id == 2 || id == 3 || id == 82 || id == 72;
            case XSKMAP: case DEVMAP: case DEVMAP_HASH:
                return id == 1 || id == 51;
            case CPUMAP:
                // only redirect_map: a lookup is refused (checked live, EINVAL)
                return id == 51;
            case REUSEPORT_SOCKARRAY:
                return id == 1 || id == 2 || id == 3 || id == 82;
            case QUEUE: case STACK:
                return id == 87 || id == 88 || id == 89;
            case BLOOM_FILTER:
                return id == 87 || id == 89;
            case SK_STORAGE:
                // sk_storage_get, sk_storage_delete, kptr_xchg
                return id == 107 || id == 108 || id == 194;
            case TASK_STORAGE:
                return id == 156 || id == 157 || id == 194;
            case CGRP_STORAGE:
                return id == 210 || id == 211 || id == 194;
            default:
                return false;
        }
    }

    static void callLocal(Walker w, long s) {
        Subprogs.call(w, s);
    }
}
