package dev.ebpf4j.loader;

import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.loader.internal.Attr;
import dev.ebpf4j.loader.internal.Native;
import dev.ebpf4j.loader.internal.Sys;
import jnr.ffi.Pointer;

import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A program loaded into the kernel (it passed the verifier). Load one with {@link #load(Program, LoadOptions)},
 * run it with {@link #testRun}, attach it with {@code dev.ebpf4j.loader.attach}, pin it with {@link #pin}.
 */
public final class BpfProgram extends FdHandle {
    /** The kernel's limit on instructions for a privileged load ({@code BPF_COMPLEXITY_LIMIT_INSNS}). */
    public static final int MAX_INSNS = 1_000_000;
    private static final int LOAD_ATTR = 144;
    private static final int TEST_RUN_ATTR = 80;
    private static final int MAX_LOG = 1 << 30;
    private static final int EAGAIN_RETRIES = 5;

    private final ProgType type;
    private final String name;
    private final String log;

    private BpfProgram(int fd, ProgType type, String name, String log) {
        super(fd);
        this.type = type;
        this.name = name;
        this.log = log;
    }

    /**
     * Loads a program whose map references (if any) already hold real fds.
     *
     * @throws ProgramLoadException when the kernel refuses it: errno, the kernel's error line and the whole log
     */
    public static BpfProgram load(Program program, LoadOptions options) {
        return load(program, options, 0, 0, -1);
    }

    /**
     * Loads a unit, writing each map's fd into the LD_IMM64 slots its binding names: {@code maps.get(i)} serves
     * {@code unit.maps().get(i)}.
     */
    public static BpfProgram load(ProgramUnit unit, LoadOptions options, List<BpfMap> maps) {
        if (maps.size() != unit.maps().size()) {
            throw new IllegalArgumentException("the program refers to " + unit.maps().size() + " map(s) but "
                    + maps.size() + " were given");
        }
        int[] fds = new int[maps.size()];
        for (int i = 0; i < fds.length; i++) fds[i] = maps.get(i).fd();
        return load(unit.withMapFds(fds), options);
    }

    /** Loads a unit with maps given in binding order; see {@link #load(ProgramUnit, LoadOptions, List)}. */
    public static BpfProgram load(ProgramUnit unit, LoadOptions options, BpfMap... maps) {
        return load(unit, options, List.of(maps));
    }

    /**
     * The general form, for program types that name a kernel object to attach to (tracing, extensions).
     *
     * @param attachBtfId   {@code attach_btf_id}, or 0
     * @param attachProgFd  {@code attach_prog_fd} / {@code attach_btf_obj_fd}, or 0
     * @param progBtfFd     {@code prog_btf_fd}, or -1
     */
    public static BpfProgram load(Program program, LoadOptions options, int attachBtfId, int attachProgFd, int progBtfFd) {
        Pointer insns = Native.copyOf(program.toBytes());
        Pointer license = Native.cString(options.license());
        String name = BpfMap.kernelName(options.name());
        byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        int level = options.logLevel();
        int logSize = options.logSize();
        int eagain = 0;
        boolean reloadedForLog = false;
        String truncatedLog = null;   // the tail of a log too big for maxLogSize, kept while reloading at level 0
        try {
            while (true) {
                Pointer logBuf = level == 0 ? null : LogBuffer.get(logSize);
                Attr t = Attr.get(LOAD_ATTR);
                Pointer a = t.attr();
                a.putInt(0, options.type().value());
                a.putInt(4, program.size());
                a.putLong(8, insns.address());
                a.putLong(16, license.address());
                if (logBuf != null) {
                    logBuf.putByte(0, (byte) 0);
                    a.putInt(24, level);
                    a.putInt(28, logSize);
                    a.putLong(32, logBuf.address());
                }
                a.putInt(44, options.flags());
                a.put(48, nameBytes, 0, nameBytes.length);
                if (options.expectedAttachType() != null) a.putInt(68, options.expectedAttachType().value());
                if (progBtfFd >= 0) a.putInt(72, progBtfFd);
                a.putInt(108, attachBtfId);
                a.putInt(112, attachProgFd);
                long r = Sys.bpfRaw(BpfCommand.PROG_LOAD, a, LOAD_ATTR);
                int trueSize = a.getInt(140);
                String text = logBuf == null ? (truncatedLog != null ? truncatedLog : "")
                        : logBuf.getString(0, logSize, StandardCharsets.UTF_8);
                if (r >= 0) {
                    return new BpfProgram((int) r, options.type(), name, reloadedForLog ? "" : text);
                }
                int errno = (int) -r;
                if (errno == Errno.ENOSPC && logBuf != null) {
                    int max = Math.min(MAX_LOG, options.maxLogSize());
                    if (logSize < max) {
                        // the log did not fit: the kernel says how much it needed (log_true_size, 6.4+)
                        long want = trueSize > logSize ? trueSize + 1L : logSize * 4L;
                        logSize = (int) Math.min(max, want);
                    } else {
                        // keep the tail the kernel wrote (it ends with the error) and ask again without a log
                        truncatedLog = text;
                        level = 0;
                    }
                    continue;
                }
                if (errno == Errno.EAGAIN && eagain++ < EAGAIN_RETRIES) continue;
                if (level == 0 && options.logOnFailure() && !reloadedForLog && truncatedLog == null) {
                    reloadedForLog = true;
                    level = 1;
                    continue;
                }
                throw new ProgramLoadException(Errno.of(errno), text, context(errno, program, options));
            }
        } finally {
            Reference.reachabilityFence(insns);
            Reference.reachabilityFence(license);
        }
    }

    /** A hint for failures that happen before the verifier speaks. */
    private static String context(int errno, Program program, LoadOptions options) {
        String what = options.type().kernelName() + (options.name().isEmpty() ? "" : " '" + options.name() + "'");
        if (errno == Errno.E2BIG && program.size() > MAX_INSNS) {
            return what + " has " + program.size() + " instructions, over the kernel's limit of " + MAX_INSNS;
        }
        if (program.isEmpty()) return what + " has no instructions";
        if (errno == Errno.EPERM) return what + ": loading programs needs CAP_BPF (and CAP_PERFMON/CAP_NET_ADMIN for most types); run as root";
        return what;
    }

    /** Opens a program pinned on bpffs. */
    public static BpfProgram openPinned(Path path) {
        int fd = BpfFs.objGet(path, "program");
        try {
            ProgInfo info = ObjectInfo.prog(fd);
            return new BpfProgram(fd, info.type(), info.name(), "");
        } catch (RuntimeException e) {
            Sys.closeQuietly(fd);
            throw e;
        }
    }

    public ProgType type() { return type; }

    public String name() { return name; }

    /** The verifier log of a successful load at log level 1, 2 or 4 ("" at level 0). */
    public String log() { return log; }

    /** Asks the kernel about this program (id, tag, sizes). */
    public ProgInfo info() { return ObjectInfo.prog(fd()); }

    /** Pins the program at {@code path} on a bpffs. */
    public void pin(Path path) {
        BpfFs.objPin(fd(), path, describe());
    }

    @Override
    protected String describe() {
        return "program " + (name.isEmpty() ? type.kernelName() : "'" + name + "'");
    }

    // ---------------------------------------------------------------- BPF_PROG_TEST_RUN

    /** Runs the program once on {@code packet} and returns its r0 (the packet is not copied back). */
    public int run(byte[] packet) {
        return testRun(TestRun.of(packet).withDataOutSize(0)).retval();
    }

    /** Runs the program in the kernel on the request's packet and context. */
    public TestRun.Result testRun(TestRun req) {
        byte[] data = req.data();
        byte[] ctx = req.ctx();
        int outSize = req.dataOutSize() >= 0 ? req.dataOutSize() : (data == null ? 0 : data.length + 256);
        int ctxOutSize = req.ctxOutSize() >= 0 ? req.ctxOutSize() : (ctx == null ? 0 : ctx.length);
        while (true) {
            Attr t = Attr.get(TEST_RUN_ATTR);
            Pointer a = t.attr();
            Pointer in = data == null ? null : t.a(data.length);
            Pointer out = outSize == 0 ? null : t.b(outSize);
            Pointer ctxIn = ctx == null ? null : Native.copyOf(ctx);
            Pointer ctxOut = ctxOutSize == 0 ? null : Native.allocate(ctxOutSize);
            a.putInt(0, fd());
            if (in != null) {
                in.put(0, data, 0, data.length);
                a.putInt(8, data.length);
                a.putLong(16, in.address());
            }
            if (out != null) {
                a.putInt(12, outSize);
                a.putLong(24, out.address());
            }
            a.putInt(32, req.repeat());
            if (ctxIn != null) {
                a.putInt(40, ctx.length);
                a.putLong(48, ctxIn.address());
            }
            if (ctxOut != null) {
                a.putInt(44, ctxOutSize);
                a.putLong(56, ctxOut.address());
            }
            a.putInt(64, req.flags());
            a.putInt(68, req.cpu());
            long r = Sys.bpfRaw(BpfCommand.PROG_TEST_RUN, a, TEST_RUN_ATTR);
            Reference.reachabilityFence(ctxIn);
            if (r == -Errno.ENOSPC && out != null && a.getInt(12) > outSize) {
                outSize = a.getInt(12);   // the packet grew past our buffer: the kernel says how big it is
                continue;
            }
            if (r < 0) {
                throw new BpfException(BpfCommand.PROG_TEST_RUN, Errno.of((int) -r), describe() + testRunHint((int) -r, data));
            }
            byte[] dataOut = null;
            if (out != null) {
                dataOut = new byte[Math.min(a.getInt(12), outSize)];
                out.get(0, dataOut, 0, dataOut.length);
            }
            byte[] ctxBytes = null;
            if (ctxOut != null) {
                ctxBytes = new byte[Math.min(a.getInt(44), ctxOutSize)];
                ctxOut.get(0, ctxBytes, 0, ctxBytes.length);
            }
            return new TestRun.Result(a.getInt(4), Integer.toUnsignedLong(a.getInt(36)), dataOut, ctxBytes);
        }
    }

    private String testRunHint(int errno, byte[] data) {
        if (errno == Errno.EINVAL && data != null && data.length < 14
                && (type == ProgType.SOCKET_FILTER || type == ProgType.SCHED_CLS || type == ProgType.SCHED_ACT || type == ProgType.XDP)) {
            return " (the packet is " + data.length + " bytes; it needs at least an Ethernet header, 14 bytes)";
        }
        if (errno == Errno.ENOTSUPP || errno == Errno.EOPNOTSUPP) return " (" + type.kernelName() + " has no test run)";
        return "";
    }

    /** A per-thread log buffer, grown on demand: the verifier log can be megabytes, and loads are frequent in batch runs. */
    private static final class LogBuffer {
        private static final ThreadLocal<Pointer> LOCAL = new ThreadLocal<>();

        /** Buffers up to this size are kept for the thread's next load; bigger ones are freed with their load. */
        private static final int KEEP = 4 << 20;

        static Pointer get(int size) {
            Pointer p = LOCAL.get();
            if (p != null && p.size() >= size) return p;
            p = Native.allocate(size);
            if (size <= KEEP) LOCAL.set(p);
            return p;
        }
    }
}
