package dev.ebpf4j.asm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.RandomAccess;

/**
 * An immutable eBPF program: a sequence of raw 8-byte instruction slots, one {@code long} each (see
 * {@link Insn} for the bit layout). It can hold any bytes at all; nothing here checks that they make sense,
 * because rejecting nonsense is the verifier's job and its test input must be representable.
 *
 * <p>Indices count slots, as the kernel does: an LD_IMM64 takes two, so the instruction after it at index
 * {@code i} is at {@code i + 2}. {@link #instructions()} is the decoded view that pairs those slots.
 */
public final class Program {
    private static final VarHandle LE_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final Program EMPTY = new Program(new long[0]);

    private final long[] slots;

    private Program(long[] slots) {
        this.slots = slots;
    }

    /** A program of these slots (copied). */
    public static Program of(long... slots) {
        return slots.length == 0 ? EMPTY : new Program(slots.clone());
    }

    /** A program of these raw instructions. */
    public static Program of(List<Insn> insns) {
        long[] s = new long[insns.size()];
        for (int i = 0; i < s.length; i++) s[i] = insns.get(i).toSlot();
        return new Program(s);
    }

    /** Takes ownership of the array; for the builder and decoders in this package. */
    static Program wrap(long[] slots) {
        return new Program(slots);
    }

    /** A new builder; see {@link ProgramBuilder}. */
    public static ProgramBuilder builder() {
        return new ProgramBuilder();
    }

    /**
     * Decodes raw little-endian {@code struct bpf_insn} records.
     *
     * @throws DecodeException if the length is not a multiple of 8
     */
    public static Program fromBytes(byte[] bytes) {
        return fromBytes(bytes, 0, bytes.length);
    }

    /** Decodes {@code length} bytes from {@code from}; see {@link #fromBytes(byte[])}. */
    public static Program fromBytes(byte[] bytes, int from, int length) {
        if (length % 8 != 0) {
            int whole = length - length % 8;
            throw new DecodeException("program is " + length + " bytes, not a multiple of 8 (struct bpf_insn is 8 bytes): "
                    + (length % 8) + " stray byte(s) at offset " + whole, whole);
        }
        long[] s = new long[length / 8];
        for (int i = 0; i < s.length; i++) s[i] = (long) LE_LONG.get(bytes, from + i * 8);
        return new Program(s);
    }

    /**
     * Decodes a hex string of raw instructions; whitespace is ignored, so {@code xxd -p} output works.
     *
     * @throws DecodeException for a non-hex character, an odd number of digits or a length not a multiple of 8
     */
    public static Program fromHex(CharSequence hex) {
        StringBuilder digits = new StringBuilder(hex.length());
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (Character.isWhitespace(c)) continue;
            if (Character.digit(c, 16) < 0) {
                throw new DecodeException("not a hex digit: '" + c + "' at character " + i, digits.length() / 2);
            }
            digits.append(c);
        }
        if (digits.length() % 2 != 0) {
            throw new DecodeException("odd number of hex digits (" + digits.length() + ")", digits.length() / 2);
        }
        return fromBytes(HexFormat.of().parseHex(digits));
    }

    /** The raw little-endian bytes, 8 per slot. */
    public byte[] toBytes() {
        byte[] out = new byte[slots.length * 8];
        for (int i = 0; i < slots.length; i++) LE_LONG.set(out, i * 8, slots[i]);
        return out;
    }

    /** The raw bytes as lowercase hex with no separators (the corpus's {@code insns_hex}). */
    public String toHex() {
        return HexFormat.of().formatHex(toBytes());
    }

    /** The number of 8-byte slots. */
    public int size() { return slots.length; }

    public boolean isEmpty() { return slots.length == 0; }

    /** The raw slot at index {@code i}. */
    public long slot(int i) { return slots[i]; }

    /** A copy of all slots. */
    public long[] slots() { return slots.clone(); }

    /** The raw fields of slot {@code i}. */
    public Insn insn(int i) { return Insn.ofSlot(slots[i]); }

    /** The raw slots as a list, one {@link Insn} per slot (the second half of an LD_IMM64 is its own entry). */
    public List<Insn> insns() {
        return new SlotList();
    }

    /**
     * The decoded view: one {@link Instruction} per logical instruction, an LD_IMM64 taking its two slots.
     *
     * @throws DecodeException if the last slot opens an LD_IMM64 that has no second slot
     */
    public List<Instruction> instructions() {
        List<Instruction> out = new ArrayList<>(slots.length);
        for (int i = 0; i < slots.length; i++) {
            long s = slots[i];
            if (Slots.opcode(s) == Opcodes.LD_IMM64) {
                if (i + 1 >= slots.length) {
                    throw new DecodeException("LD_IMM64 at insn " + i + " (byte offset " + (i * 8L)
                            + ") is truncated: its second 8-byte slot is missing", i * 8L);
                }
                out.add(new Instruction(i, Insn.ofSlot(s), Insn.ofSlot(slots[i + 1])));
                i++;
            } else {
                out.add(new Instruction(i, Insn.ofSlot(s), null));
            }
        }
        return out;
    }

    /** A copy with slot {@code i} replaced: how tests and loaders patch a program. */
    public Program withSlot(int i, long slot) {
        long[] s = slots.clone();
        s[i] = slot;
        return new Program(s);
    }

    /** A copy with the imm of slot {@code i} replaced, e.g. to put a real map fd into an LD_IMM64. */
    public Program withImm(int i, int imm) {
        return withSlot(i, Slots.withImm(slots[i], imm));
    }

    /** The first {@code n} slots. */
    public Program prefix(int n) {
        return new Program(Arrays.copyOf(slots, n));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Program && Arrays.equals(slots, ((Program) o).slots);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(slots);
    }

    @Override
    public String toString() {
        return "Program[" + slots.length + " slots]";
    }

    private final class SlotList extends AbstractList<Insn> implements RandomAccess {
        @Override
        public Insn get(int index) { return Insn.ofSlot(slots[index]); }

        @Override
        public int size() { return slots.length; }
    }
}
