package dev.ebpf4j.bench.loader;

import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.examples.KernelAccess;
import dev.ebpf4j.examples.Packets;
import dev.ebpf4j.examples.PacketCounter;
import dev.ebpf4j.loader.BpfMap;
import dev.ebpf4j.loader.BpfProgram;
import dev.ebpf4j.loader.LoadOptions;
import dev.ebpf4j.loader.TestRun;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * bpf(2) through the loader against the same calls from C, side by side in one run: a map lookup and an update
 * (the seed's ARRAY of 256 u64), one {@code BPF_PROG_TEST_RUN} of the seed's packet counter on a 64-byte frame,
 * and a load (and close) of the seed program. The {@code *Java} benchmarks call the loader once per operation;
 * the {@code *C} ones ask the C program ({@code src/main/c/bpf_bench.c}, compiled by gcc in the setup) for a
 * batch and divide by it, so both scores are nanoseconds per call. The names make JMH (which runs benchmarks in
 * name order) measure the two sides of an operation one right after the other, so that a change in the
 * machine's load between them is as small as it can be. {@link LoaderVsC} prints the ratios.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class LoaderBenchmark {
    static final int BATCH = 10_000;
    static final int LOAD_BATCH = 200;
    static final int KEY = 5;

    BpfMap map;
    BpfProgram program;
    Program seed;
    LoadOptions options;
    byte[] key;
    byte[] value;
    TestRun run;
    CProgram c;
    long counter;

    @Setup
    public void setup() {
        String why = KernelAccess.unavailable();
        if (why != null) throw new IllegalStateException("the loader benchmarks need bpf(2): " + why);
        map = BpfMap.create(PacketCounter.COUNTS);
        seed = PacketCounter.program(map.fd());
        options = LoadOptions.of(ProgType.SOCKET_FILTER).withName("sock_counter");
        program = BpfProgram.load(seed, options);
        key = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(KEY).array();
        value = new byte[8];
        byte[] frame = Arrays.copyOf(Packets.sample(), 64);   // 64 bytes, as the C side sends
        run = TestRun.of(frame);
        c = CProgram.start();
        if (!c.programHex.equals(PacketCounter.program(0).toHex())) {
            throw new IllegalStateException("the C program loads a different program: " + c.programHex);
        }
    }

    @TearDown
    public void tearDown() {
        c.close();
        program.close();
        map.close();
    }

    @Benchmark
    public byte[] mapLookupJava() {
        return map.lookup(key);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long mapLookupC() {
        return c.run("lookup", BATCH).wallNs();
    }

    @Benchmark
    public void mapUpdateJava() {
        value[0] = (byte) counter++;
        map.update(key, value);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long mapUpdateC() {
        return c.run("update", BATCH).wallNs();
    }

    @Benchmark
    public int testRunJava() {
        return program.testRun(run).retval();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long testRunC() {
        return c.run("testrun", BATCH).wallNs();
    }

    @Benchmark
    public int progLoadJava() {
        try (BpfProgram p = BpfProgram.load(seed, options)) {
            return p.fd();
        }
    }

    @Benchmark
    @OperationsPerInvocation(LOAD_BATCH)
    public long progLoadC() {
        return c.run("load", LOAD_BATCH).wallNs();
    }
}
