package dev.ebpf4j.loader;

import java.util.Objects;

/**
 * One {@code BPF_PROG_TEST_RUN} request: run a loaded program on a packet (and/or a context) in the kernel,
 * {@code repeat} times, without attaching it anywhere.
 *
 * @param data        packet bytes in (socket filters and tc need at least 14, an Ethernet header), or null
 * @param ctx         context bytes in ({@code struct __sk_buff}, {@code struct xdp_md}, ...), or null
 * @param repeat      how many runs (0 and 1 both mean once); duration is the average per run
 * @param dataOutSize room for the packet out; -1 means the input size plus 256 bytes (for programs that grow it)
 * @param ctxOutSize  room for the context out; -1 means the input context's size
 * @param flags       {@code BPF_F_TEST_RUN_ON_CPU} = 1, {@code BPF_F_TEST_XDP_LIVE_FRAMES} = 2
 * @param cpu         the CPU to run on with {@code BPF_F_TEST_RUN_ON_CPU}
 */
public record TestRun(byte[] data, byte[] ctx, int repeat, int dataOutSize, int ctxOutSize, int flags, int cpu) {
    public TestRun {
        data = data == null ? null : data.clone();
        ctx = ctx == null ? null : ctx.clone();
        if (repeat < 0) throw new IllegalArgumentException("repeat must not be negative");
    }

    /** Runs once on {@code data}. */
    public static TestRun of(byte[] data) {
        return new TestRun(Objects.requireNonNull(data, "data"), null, 1, -1, -1, 0, 0);
    }

    public TestRun withRepeat(int n) { return new TestRun(data, ctx, n, dataOutSize, ctxOutSize, flags, cpu); }

    public TestRun withCtx(byte[] c) { return new TestRun(data, c, repeat, dataOutSize, ctxOutSize, flags, cpu); }

    public TestRun withDataOutSize(int n) { return new TestRun(data, ctx, repeat, n, ctxOutSize, flags, cpu); }

    public TestRun withCtxOutSize(int n) { return new TestRun(data, ctx, repeat, dataOutSize, n, flags, cpu); }

    public TestRun withFlags(int f) { return new TestRun(data, ctx, repeat, dataOutSize, ctxOutSize, f, cpu); }

    public TestRun onCpu(int c) { return new TestRun(data, ctx, repeat, dataOutSize, ctxOutSize, flags | 1, c); }

    @Override public byte[] data() { return data == null ? null : data.clone(); }

    @Override public byte[] ctx() { return ctx == null ? null : ctx.clone(); }

    /**
     * What the run returned.
     *
     * @param retval     the program's r0 (of the last run)
     * @param durationNs average nanoseconds per run, as the kernel measured it
     * @param dataOut    the packet after the run (possibly changed, grown or shrunk), or null
     * @param ctxOut     the context after the run, or null
     */
    public record Result(int retval, long durationNs, byte[] dataOut, byte[] ctxOut) {}
}
