package dev.ebpf4j.cli;

import dev.ebpf4j.asm.MapBinding;
import dev.ebpf4j.asm.MapSpec;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.uapi.Helper;
import dev.ebpf4j.asm.uapi.MapType;
import dev.ebpf4j.asm.uapi.ProgType;
import dev.ebpf4j.corpus.CorpusEntry;
import dev.ebpf4j.loader.BpfException;
import dev.ebpf4j.loader.BpfMap;
import dev.ebpf4j.loader.BpfProgram;
import dev.ebpf4j.loader.LoadOptions;
import dev.ebpf4j.loader.MapCreateOptions;
import dev.ebpf4j.loader.ProgramLoadException;
import dev.ebpf4j.loader.SyscallException;
import dev.ebpf4j.loader.VerifierLog;
import dev.ebpf4j.loader.btf.Btf;
import dev.ebpf4j.loader.btf.BtfBuilder;
import dev.ebpf4j.loader.btf.BtfBuilder.Member;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.ebpf4j.asm.Register.*;

/**
 * Loads corpus programs into the live kernel the way the corpus was recorded (../shared/corpus/README.md):
 * license GPL, log level 1, the line's program type, expected attach type and prog_flags, and its maps created
 * as test_verifier creates them, their fds written at {@code insn_indices}. What the kernel answers is the
 * {@link Outcome}. Map kinds it cannot make are reported as an {@code error} outcome naming them.
 */
public final class KernelVerifier implements AutoCloseable {
    private static final int LOG_SIZE = 1 << 20;
    private static final Pattern RETURNS = Pattern.compile("r0=(-?\\d+);exit");
    private static final Pattern TAIL_CALL = Pattern.compile("tail_call\\(self,(\\d+)\\);r0=(-?\\d+);exit");

    /** One answer, as {@code kernel-verify} prints it. */
    public record Outcome(String id, String verdict, String errno, String errorLine, List<String> errorLines,
                          int insn, int processed, long micros, String message, String log) {
        static Outcome error(String id, String message) {
            return new Outcome(id, "error", null, null, List.of(), -1, -1, 0, message, null);
        }
    }

    /** BTF describing the value types of test_verifier's BTF-backed maps; loaded on first need. */
    private Btf btf;
    private int btfSpinLockValue, btfTimerValue, btfKptrValue, btfInt;

    /** The log level of the loads: 1, as the corpus was recorded, unless asked otherwise. */
    private final int logLevel;

    public KernelVerifier() {
        this(1);
    }

    /** Loads at {@code logLevel} (1 or 2; the verdict, errno and error line do not depend on it). */
    public KernelVerifier(int logLevel) {
        this.logLevel = logLevel;
    }

    /** Loads one corpus program with its maps and reports what the kernel said. */
    public Outcome verify(CorpusEntry e) {
        if (e.program() == null) {
            return Outcome.error(e.id(), "the line has no insns_hex (its instructions are made at run time by the self-test)");
        }
        List<BpfMap> maps = new ArrayList<>();
        try {
            for (int i = 0; i < e.maps().size(); i++) {
                maps.add(createMap(e, i));
            }
            LoadOptions opts = LoadOptions.of(e.progType())
                    .withExpectedAttachType(e.expectedAttachType())
                    .withFlags(e.progFlags())
                    .withLogLevel(logLevel)
                    .withLogSize(LOG_SIZE)
                    .withMaxLogSize(LOG_SIZE);   // as recorded: a bigger log is cut to its tail, the verdict comes from level 0
            long t0 = System.nanoTime();
            try (BpfProgram p = BpfProgram.load(e.unit(), opts, maps)) {
                long micros = (System.nanoTime() - t0) / 1000;
                return new Outcome(e.id(), "accept", null, null, List.of(), -1, VerifierLog.insnsProcessed(p.log()),
                        micros, null, p.log());
            } catch (ProgramLoadException x) {
                long micros = (System.nanoTime() - t0) / 1000;
                return new Outcome(e.id(), "reject", x.errnoName(), x.errorLine(), x.errorLines(),
                        VerifierLog.errorInsn(x.log()), x.insnsProcessed(), micros, null, x.log());
            }
        } catch (SyscallException | IllegalArgumentException | IllegalStateException x) {
            return Outcome.error(e.id(), x.getMessage());
        } finally {
            for (BpfMap m : maps) m.close();
        }
    }

    private BpfMap createMap(CorpusEntry e, int i) {
        MapBinding b = e.maps().get(i);
        CorpusEntry.MapExtras extras = i < e.extras().size() ? e.extras().get(i) : null;
        MapSpec spec = b.map();
        String btfType = extras == null ? null : extras.btfValueType();
        BpfMap map;
        try {
            map = btfType == null ? BpfMap.create(spec) : BpfMap.create(spec, btfFor(btfType, spec.name()));
        } catch (BpfException x) {
            // named as the line names it: its name, else its fixup, else its place
            String label = !spec.name().isEmpty() ? spec.name()
                    : extras != null && extras.fixup() != null ? extras.fixup() : "map" + i;
            throw new IllegalStateException("cannot create map '" + label + "': " + x.getMessage(), x);
        }
        if (spec.type() == MapType.PROG_ARRAY && extras != null && !extras.progArrayEntries().isEmpty()) {
            try {
                fillProgArray(map, e.progType(), extras.progArrayEntries());
            } catch (RuntimeException x) {
                map.close();
                throw x;
            }
        }
        return map;
    }

    /** Fills a prog array with the small programs the corpus names ({@code r0=42;exit}, {@code tail_call(self,1);r0=41;exit}). */
    private static void fillProgArray(BpfMap map, ProgType type, Map<String, String> entries) {
        for (Map.Entry<String, String> en : entries.entrySet()) {
            int key = Integer.parseInt(en.getKey());
            String text = en.getValue().replace(" ", "");
            Program p;
            Matcher r = RETURNS.matcher(text);
            Matcher t = TAIL_CALL.matcher(text);
            if (r.matches()) {
                p = Program.builder().mov64Imm(R0, Integer.parseInt(r.group(1))).exit().build();
            } else if (t.matches()) {
                p = Program.builder().mov64Imm(R3, Integer.parseInt(t.group(1))).ldMapFd(R2, map.fd())
                        .call(Helper.TAIL_CALL).mov64Imm(R0, Integer.parseInt(t.group(2))).exit().build();
            } else {
                throw new IllegalArgumentException("prog array entry " + key + ": cannot read '" + en.getValue() + "'");
            }
            try (BpfProgram prog = BpfProgram.load(p, LoadOptions.of(type))) {
                map.update(u32(key), u32(prog.fd()));
            }
        }
    }

    private MapCreateOptions btfFor(String description, String mapName) {
        if (btf == null) loadBtf();
        int value;
        if (description.startsWith("struct val ")) value = btfSpinLockValue;
        else if (description.startsWith("struct timer ")) value = btfTimerValue;
        else if (description.startsWith("struct btf_ptr ")) value = btfKptrValue;
        else throw new IllegalArgumentException("map '" + mapName + "': no BTF for value type '" + description + "'");
        return MapCreateOptions.btf(btf.fd(), btfInt, value);
    }

    /**
     * The value types the corpus names: struct val { int cnt; struct bpf_spin_lock l; }, struct timer
     * { struct bpf_timer t; } and struct btf_ptr with three kptr fields (kptr_untrusted and kptr type tags on
     * structs the kernel finds by name in vmlinux).
     */
    private void loadBtf() {
        BtfBuilder b = new BtfBuilder();
        btfInt = b.addInt("int", 4, true);
        int spinLock = b.addStruct("bpf_spin_lock", 4, new Member("val", btfInt, 0));
        btfSpinLockValue = b.addStruct("val", 8, new Member("cnt", btfInt, 0), new Member("l", spinLock, 32));
        int timer = b.addStruct("bpf_timer", 16);
        btfTimerValue = b.addStruct("timer", 16, new Member("t", timer, 0));
        int refKfunc = b.addStruct("prog_test_ref_kfunc", 0);
        int member = b.addStruct("prog_test_member", 0);
        int untrusted = b.addPtr(b.addTypeTag("kptr_untrusted", refKfunc));
        int referenced = b.addPtr(b.addTypeTag("kptr", refKfunc));
        int memberPtr = b.addPtr(b.addTypeTag("kptr", member));
        btfKptrValue = b.addStruct("btf_ptr", 24, new Member("ptr", untrusted, 0), new Member("ptr", referenced, 64),
                new Member("ptr", memberPtr, 128));
        btf = Btf.load(b.build());
    }

    private static byte[] u32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array();
    }

    @Override
    public void close() {
        if (btf != null) btf.close();
    }
}
