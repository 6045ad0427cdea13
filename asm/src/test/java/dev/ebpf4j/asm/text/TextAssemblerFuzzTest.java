package dev.ebpf4j.asm.text;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

/**
 * Whatever the text, the assembler either assembles it or throws an {@link AsmSyntaxException} with a
 * position inside the text; never another exception, never its own "internal error" safety net.
 */
class TextAssemblerFuzzTest {
    /** Characters that mean something to one of the grammars, so mutations reach deep into the parsers. */
    private static final String INTERESTING = "%rw0123456789x[](){}*+-=<>&|^!s,:;#/ \n\tlabexitgoto.map";
    private static final String[] FRAGMENTS = {
        "r1", "w2", "%r3", "r11", "%r15", "0x", "0xffffffff", "4294967296", "-2147483649", "99999999999999999999999",
        "pc+", "goto", "if", "call", "exit", "lock", "*(u64 *)", "(s8)", "ll", "skb[", "map[", "][0]+", ".map ", ".raw ",
        "type=array", "key=", "#1", "//", ";", "label:", "+32768", "-32769", "ja32", "lddw", "atomic64_fetch_add(",
        "xchg_64(", "cmpxchg32_32(", "load_acquire(", "store_release(", "addr_space_cast(", "1: (bf) ", "(18) ",
    };

    private static final List<String> SEEDS = new ArrayList<>();

    @BeforeAll
    static void seeds() throws IOException {
        for (Path f : ConformanceCorpusTest.files()) SEEDS.add(ConformanceFile.read(f).asm());
        SEEDS.add(TextAssemblerTest.KERNEL_SAMPLE);
        SEEDS.add(TextAssemblerTest.LLVM_SAMPLE);
        SEEDS.add(TextAssemblerTest.LOG_SAMPLE);
    }

    @Test
    void randomStringsOnlyGiveSyntaxErrors() {
        qt().withExamples(3000).forAll(strings().allPossible().ofLengthBetween(0, 120)).checkAssert(TextAssemblerFuzzTest::check);
        qt().withExamples(3000).forAll(strings().betweenCodePoints(9, 126).ofLengthBetween(0, 200))
                .checkAssert(TextAssemblerFuzzTest::check);
    }

    @Test
    void mutationsOfValidSourcesOnlyGiveSyntaxErrors() {
        int[] outcomes = new int[2];
        qt().withExamples(6000).forAll(integers().all()).checkAssert(seed -> {
            String text = mutate(seed);
            check(text);
            try {
                TextAssembler.assemble(text);
                outcomes[0]++;
            } catch (AsmSyntaxException e) {
                outcomes[1]++;
            }
        });
        // the mutations must exercise both the error paths and the successful ones
        assertTrue(outcomes[0] > 100 && outcomes[1] > 100, outcomes[0] + " assembled, " + outcomes[1] + " rejected");
    }

    @Test
    void mutatedConformanceFilesOnlyGiveSyntaxErrors() {
        qt().withExamples(1500).forAll(integers().all()).checkAssert(seed -> {
            String text = "-- asm\n" + mutate(seed) + "\n-- mem\n00 01\n-- result\n0x1\n";
            try {
                ConformanceFile.parse("fuzz", text).assemble();
            } catch (AsmSyntaxException e) {
                checkError(text, e);
            }
        });
    }

    @Test
    void mutatedWholeDataFilesOnlyGiveSyntaxErrors() throws IOException {
        List<String> files = new ArrayList<>();
        for (Path f : ConformanceCorpusTest.files()) files.add(java.nio.file.Files.readString(f));
        String[] sectionBits = {"-- asm\n", "-- mem\n", "-- result\n", "-- raw\n", "-- error\n", "-- c\n", "-- bogus\n",
            "0x", "zz ", "ff ", "-1", "99999999999999999999999", "\n", "#", " ", "\u0001", "\u0007", "\u2028"};
        qt().withExamples(1500).forAll(integers().all()).checkAssert(seed -> {
            Random rnd = new Random(seed);
            StringBuilder s = new StringBuilder(files.get(rnd.nextInt(files.size())));
            for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
                int at = s.length() == 0 ? 0 : rnd.nextInt(s.length());
                if (rnd.nextBoolean() && s.length() > 0) s.deleteCharAt(at);
                else s.insert(at, sectionBits[rnd.nextInt(sectionBits.length)]);
            }
            String text = s.toString();
            try {
                ConformanceFile.parse("fuzz", text).program();
            } catch (AsmSyntaxException e) {
                checkError(text, e);
            }
        });
    }

    /** A valid source with a few characters or fragments inserted, deleted or replaced. */
    static String mutate(int seed) {
        Random rnd = new Random(seed);
        StringBuilder s = new StringBuilder(SEEDS.get(rnd.nextInt(SEEDS.size())));
        int edits = 1 + rnd.nextInt(4);
        for (int k = 0; k < edits; k++) {
            int at = s.length() == 0 ? 0 : rnd.nextInt(s.length());
            switch (rnd.nextInt(4)) {
                case 0:
                    s.insert(at, INTERESTING.charAt(rnd.nextInt(INTERESTING.length())));
                    break;
                case 1:
                    if (s.length() > 0) s.deleteCharAt(at);
                    break;
                case 2:
                    if (s.length() > 0) s.setCharAt(at, INTERESTING.charAt(rnd.nextInt(INTERESTING.length())));
                    break;
                default:
                    s.insert(at, FRAGMENTS[rnd.nextInt(FRAGMENTS.length)]);
                    break;
            }
        }
        return s.toString();
    }

    static void check(String text) {
        for (int syntax = 0; syntax < 3; syntax++) {
            try {
                if (syntax == 0) TextAssembler.assemble(text);
                else if (syntax == 1) TextAssembler.assembleKernel(text);
                else TextAssembler.assembleUbpf(text);
            } catch (AsmSyntaxException e) {
                checkError(text, e);
            }
        }
    }

    static void checkError(String text, AsmSyntaxException e) {
        long lines = text.chars().filter(ch -> ch == '\n').count() + 1;
        if (e.detail().contains("internal error")) throw new AssertionError("assembler bug on input:\n" + text, e);
        if (e.line() < 1 || e.line() > lines + 10 || e.column() < 1) {
            throw new AssertionError("position " + e.line() + ":" + e.column() + " outside the text:\n" + text, e);
        }
        if (e.detail().isBlank() || e.detail().chars().anyMatch(Character::isISOControl)) {
            throw new AssertionError("message is not one line: '" + e.detail() + "'");
        }
    }
}
