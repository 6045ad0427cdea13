package dev.ebpf4j.asm.text;

import dev.ebpf4j.asm.DecodeException;
import dev.ebpf4j.asm.Insn;
import dev.ebpf4j.asm.Instruction;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.Register;
import dev.ebpf4j.asm.Slots;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

class DisassemblerPropertiesTest {
    private static final List<Disassembler> ALL =
            List.of(Disassembler.of(Syntax.KERNEL), Disassembler.of(Syntax.LLVM), Disassembler.of(Syntax.UBPF));

    /** Any bytes at all, of any length, with LD_IMM64 opcodes common enough to be cut off at the end. */
    private static Gen<byte[]> anyBytes() {
        Gen<Byte> plain = Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0);
        Gen<Byte> biased = Generate.frequency(
                org.quicktheories.api.Pair.of(6, plain),
                org.quicktheories.api.Pair.of(1, Generate.constant((byte) 0x18)));
        return Generate.byteArrays(integers().between(0, 120), biased);
    }

    /** One slot whose fields are all random but whose opcode is drawn from every byte value. */
    private static Gen<Long> anySlot() {
        return longs().all();
    }

    /**
     * Decoding may refuse bytes only with {@link DecodeException}; disassembling whatever decoded never throws,
     * in any syntax, whether through {@code text}, {@code line} or {@code listing}.
     */
    @Test
    void randomBytesFailOnlyWithDecodeException() {
        qt().withExamples(3000).forAll(anyBytes()).checkAssert(bytes -> {
            Program p;
            try {
                p = Program.fromBytes(bytes);
            } catch (DecodeException e) {
                assertTrue(bytes.length % 8 != 0, "refused a length that is a multiple of 8: " + e.getMessage());
                return;
            }
            try {
                p.instructions();
            } catch (DecodeException e) {
                assertEquals(0x18, p.insn(p.size() - 1).opcode() & 0xff, e.getMessage());
            }
            for (Disassembler d : ALL) {
                String listing = d.listing(p);
                for (int i = 0; i < p.size(); i++) {
                    String text = d.text(p, i);
                    String line = d.line(p, i);
                    assertTrue(!text.isEmpty() && line.endsWith(text) && !line.contains("\n"), line);
                }
                assertEquals(p.isEmpty(), listing.isEmpty());
            }
        });
    }

    @Test
    void randomHexFailsOnlyWithDecodeException() {
        Gen<String> hex = integers().between(0, 40).flatMap(n ->
                Generate.intArrays(Generate.constant(n), integers().between(0, 22)).map(a -> {
                    StringBuilder s = new StringBuilder();
                    for (int c : a) s.append("0123456789abcdefABCDEF g".charAt(Math.min(c, 23)));
                    return s.toString();
                }));
        qt().withExamples(2000).forAll(hex).checkAssert(h -> {
            try {
                Program p = Program.fromHex(h);
                for (Disassembler d : ALL) d.listing(p);
            } catch (DecodeException expected) {
                assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
            }
        });
    }

    /** Insn -> slot -> bytes -> Program -> the same Insn, for every field value the encoding holds. */
    @Test
    void instructionsRoundTripThroughBytes() {
        Gen<Insn> insns = integers().between(0, 255).zip(integers().between(0, 15), integers().between(0, 15),
                (code, dst, src) -> Insn.of(code, dst, src, 0, 0))
                .zip(integers().between(Short.MIN_VALUE, Short.MAX_VALUE), integers().all(),
                        (i, off, imm) -> Insn.of(i.opcode(), i.dst(), i.src(), off, imm));
        qt().withExamples(5000).forAll(insns).checkAssert(insn -> {
            int code = insn.opcode();
            int dst = insn.dst();
            int src = insn.src();
            int off = insn.offset();
            int imm = insn.imm();
            long slot = insn.toSlot();
            Program back = Program.fromBytes(Program.of(slot).toBytes());
            assertEquals(1, back.size());
            assertEquals(insn, back.insn(0));
            assertEquals(insn, Insn.ofSlot(slot));
            assertEquals(slot, Slots.encode(code, dst, src, off, imm));
        });
    }

    /** An LD_IMM64 built from any 64-bit constant decodes to that constant. */
    @Test
    void ldImm64RoundTripsThroughBytes() {
        qt().withExamples(2000).forAll(longs().all(), integers().between(0, 10)).checkAssert((value, reg) -> {
            Program p = Program.builder().ldImm64(Register.of(reg), value).exit().build();
            Program back = Program.fromBytes(p.toBytes());
            List<Instruction> insns = back.instructions();
            assertEquals(2, insns.size());
            assertEquals(value, insns.get(0).imm64());
            assertEquals(Register.of(reg), insns.get(0).insn().dstReg());
            assertEquals("r" + reg + " = 0x" + Long.toHexString(value), Disassembler.kernel().text(back, 0));
        });
    }

    /**
     * The ubpf syntax loses nothing: changing any bit of an instruction changes its text (so an assembler that
     * reads the text back can restore the bits).
     */
    @Test
    void ubpfTextIsInjective() {
        Disassembler ubpf = Disassembler.of(Syntax.UBPF);
        qt().withExamples(20000).forAll(anySlot(), integers().between(0, 63)).checkAssert((slot, bit) -> {
            long other = slot ^ (1L << bit);
            long next = 0x0000000700000000L;
            String a = ubpf.text(Program.of(slot, next), 0);
            String b = ubpf.text(Program.of(other, next), 0);
            assertNotEquals(a, b, String.format("slots %016x and %016x", slot, other));
        });
    }

    /**
     * The same for instructions the ubpf syntax spells with a mnemonic (random slots mostly fall back to
     * {@code .raw}): fields are zero half of the time, registers real, so most draws are spellable.
     */
    @Test
    void ubpfMnemonicTextIsInjective() {
        Disassembler ubpf = Disassembler.of(Syntax.UBPF);
        Gen<Integer> reg = integers().between(0, 10);
        Gen<Integer> small = Generate.frequency(
                org.quicktheories.api.Pair.of(1, Generate.constant(0)),
                org.quicktheories.api.Pair.of(1, integers().between(-20, 70)),
                org.quicktheories.api.Pair.of(1, integers().all()));
        Gen<Long> spellable = integers().between(0, 255).zip(reg, reg, (code, dst, src) -> Slots.encode(code, dst, src, 0, 0))
                .zip(small, small, (slot, off, imm) -> Slots.encode(Slots.opcode(slot), Slots.dst(slot), Slots.src(slot),
                        (short) (int) off, imm));
        int[] spelled = {0};
        qt().withExamples(20000).forAll(spellable, integers().between(0, 63))
                .checkAssert((slot, bit) -> {
                    if (ubpf.text(Program.of(slot, 0), 0).startsWith(".raw")) return;
                    spelled[0]++;
                    long other = slot ^ (1L << bit);
                    assertNotEquals(ubpf.text(Program.of(slot, 0), 0), ubpf.text(Program.of(other, 0), 0),
                            String.format("slots %016x and %016x", slot, other));
                });
        System.out.println("ubpf injectivity: " + spelled[0] + " of 20000 draws had a mnemonic");
        assertTrue(spelled[0] > 1000, "mnemonic instructions checked: " + spelled[0]);
    }

    /** The exact-bits fallback of the LLVM and ubpf syntaxes reads back to the slot it came from. */
    @Test
    void rawFallbackHoldsTheSlot() {
        qt().withExamples(3000).forAll(anySlot()).checkAssert(slot -> {
            for (Disassembler d : List.of(Disassembler.of(Syntax.LLVM), Disassembler.of(Syntax.UBPF))) {
                String text = d.text(Program.of(slot), 0);
                String directive = d.syntax() == Syntax.LLVM ? ".8byte 0x" : ".raw 0x";
                if (!text.startsWith(directive)) continue;
                long back = Long.parseUnsignedLong(text.substring(directive.length(), directive.length() + 16), 16);
                assertEquals(slot, back, text);
            }
        });
    }
}
