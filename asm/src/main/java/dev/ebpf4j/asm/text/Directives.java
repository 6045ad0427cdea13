package dev.ebpf4j.asm.text;

import dev.ebpf4j.asm.MapSpec;
import dev.ebpf4j.asm.uapi.MapType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The directives both syntaxes share:
 * <ul>
 *   <li>{@code .map NAME type=array key=4 value=8 entries=256 [flags=0x1] [frozen] [initial=0x0102...]
 *       [inner=OTHER]}: declares a map that {@code r1 = map[NAME]} (or {@code lddw %r1, map[NAME]}) loads;
 *       {@code initial} is the value at key 0, its bytes in memory order (what the verifier may know of a
 *       frozen read-only map);</li>
 *   <li>{@code .raw 0x5566778800000018 ...} (or {@code .8byte 0x..., 0x...}, the directive the disassembler
 *       prints): appends raw slots, written as the bpf_conformance {@code -- raw} section writes them (the 8
 *       bytes read little-endian), for encodings no mnemonic produces.</li>
 * </ul>
 */
final class Directives {
    private Directives() {}

    /** A declared map and where it was declared. */
    record MapDecl(MapSpec spec, int line) {}

    static MapDecl map(Cursor c, Map<String, MapDecl> declared) {
        c.expect(".map");
        Token name = c.expectIdent("a map name");
        if (Cursor.looksLikeRegister(name.text(), true)) {
            throw c.error(name, "'" + name.text() + "' is a register name and cannot name a map");
        }
        MapDecl earlier = declared.get(name.text());
        if (earlier != null) {
            throw c.error(name, "map '" + name.text() + "' is already declared at line " + earlier.line());
        }
        MapType type = null;
        int key = -1, value = -1, entries = -1, flags = 0;
        boolean frozen = false;
        MapSpec inner = null;
        byte[] initial = null;
        Token initialAt = null;
        List<String> seen = new ArrayList<>();
        while (!c.atEnd()) {
            Token attr = c.expectIdent("an attribute (type=, key=, value=, entries=, flags=, frozen, initial=, inner=)");
            if (seen.contains(attr.text())) throw c.error(attr, "attribute '" + attr.text() + "' given twice");
            seen.add(attr.text());
            if (attr.is("frozen")) {
                frozen = true;
                continue;
            }
            c.expect("=");
            switch (attr.text()) {
                case "type": {
                    Token t = c.expectIdent("a map type (array, hash, percpu_array, ...)");
                    Optional<MapType> mt = MapType.parse(t.text());
                    if (mt.isEmpty() || mt.get() == MapType.UNSPEC) throw c.error(t, "unknown map type '" + t.text() + "'");
                    type = mt.get();
                    break;
                }
                case "key": key = size(c, "key size"); break;
                case "value": value = size(c, "value size"); break;
                case "entries": entries = size(c, "max_entries"); break;
                case "flags": flags = c.imm32(c.signedNumber("map flags"), "map flags"); break;
                case "initial": {
                    initialAt = c.peek();
                    initial = hexBytes(c);
                    break;
                }
                case "inner": {
                    Token t = c.expectIdent("the name of a map declared before");
                    MapDecl d = declared.get(t.text());
                    if (d == null) throw c.error(t, "unknown map '" + t.text() + "' (declare the inner map first)");
                    inner = d.spec();
                    break;
                }
                default:
                    throw c.error(attr, "unknown map attribute '" + attr.text()
                            + "' (type=, key=, value=, entries=, flags=, frozen, initial=, inner=)");
            }
        }
        Token end = c.peek();
        if (type == null) throw c.error(end, "map '" + name.text() + "' needs type=...");
        if (key < 0) throw c.error(end, "map '" + name.text() + "' needs key=SIZE");
        if (value < 0) throw c.error(end, "map '" + name.text() + "' needs value=SIZE");
        if (entries < 0) throw c.error(end, "map '" + name.text() + "' needs entries=N");
        if (initial != null && initial.length != value) {
            throw c.error(initialAt, "initial value has " + initial.length + " bytes but the value size is " + value);
        }
        MapSpec spec = new MapSpec(name.text(), type, key, value, entries, flags, frozen, initial, inner);
        return new MapDecl(spec, c.line());
    }

    /** {@code 0x0102ff}: bytes in the order written (not a number: leading zeros count). */
    private static byte[] hexBytes(Cursor c) {
        Token t = c.peek();
        String text = t.text();
        if (!t.isNumber() || !text.startsWith("0x") || (text.length() - 2) % 2 != 0) {
            throw c.error(t, "expected the value's bytes in hex, 0x and two digits a byte (0x0100000000000000)");
        }
        c.next();
        byte[] out = new byte[(text.length() - 2) / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(text.substring(2 + 2 * i, 4 + 2 * i), 16);
        }
        return out;
    }

    private static int size(Cursor c, String what) {
        Cursor.Literal lit = c.signedNumber(what);
        if (lit.value().signum() < 0 || lit.value().compareTo(Cursor.S32_MAX) > 0) {
            throw c.error(lit.at(), what + " " + lit.value() + " is out of range [0, 2147483647]");
        }
        return lit.value().intValue();
    }

    /** The slots of a {@code .raw} directive. */
    static long[] raw(Cursor c) {
        c.next(); // .raw or .8byte
        List<Long> slots = new ArrayList<>();
        while (!c.atEnd()) {
            Cursor.Literal lit = c.signedNumber("a raw 64-bit slot (0x...)");
            slots.add(c.imm64(lit));
            c.accept(",");
        }
        if (slots.isEmpty()) throw c.error(c.peek(), "expected a raw 64-bit slot (0x...) after .raw");
        long[] out = new long[slots.size()];
        for (int i = 0; i < out.length; i++) out[i] = slots.get(i);
        return out;
    }
}
