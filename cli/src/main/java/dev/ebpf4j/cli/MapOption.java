package dev.ebpf4j.cli;

import dev.ebpf4j.asm.MapBinding;
import dev.ebpf4j.asm.MapSpec;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.ProgramUnit;
import dev.ebpf4j.asm.Slots;
import dev.ebpf4j.asm.uapi.MapType;

import java.util.ArrayList;
import java.util.List;

/**
 * The one {@code --map} syntax and binding rule of the CLI ({@code verify} and {@code run} share it, so a user
 * meets one spelling). A declaration is either {@code NAME:TYPE:KEY:VALUE:ENTRIES[:FLAGS]} or
 * {@code NAME:type=T,key=K,value=V,entries=N[,flags=F]}; the attribute names are those of the assembler's
 * {@code .map} directive. In a program without {@code .map} declarations (raw bytes), a map load
 * (LD_IMM64 with a map pseudo source) whose imm is i uses the i-th --map (0-based); one --map serves every map
 * load.
 */
final class MapOption {
    /** The help lines both commands print for --map. */
    static final String HELP_SPELLINGS = "A map: NAME:TYPE:KEY:VALUE:ENTRIES[:FLAGS] or NAME:type=T,key=K,value=V,entries=N[,flags=F]"
            + " (attributes as in .map), e.g. counts:hash:4:8:256.";
    static final String HELP_BINDING = "For a program without .map declarations (raw bytes), a map load whose imm is i uses the"
            + " i-th --map (0-based); a single --map serves every map load.";

    private MapOption() {}

    /** Parses one declaration in either spelling; a bad spec is a one-line error that names it. */
    static MapSpec parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) throw bad(text, "expected NAME:TYPE:KEY:VALUE:ENTRIES[:FLAGS] or NAME:type=T,key=K,value=V,entries=N[,flags=F]");
        String name = text.substring(0, colon);
        String rest = text.substring(colon + 1);
        return rest.contains("=") ? parseAttributes(text, name, rest) : parsePositional(text, name, rest);
    }

    private static MapSpec parsePositional(String text, String name, String rest) {
        String[] parts = rest.split(":", -1);
        if (parts.length < 4 || parts.length > 5) {
            throw bad(text, "expected NAME:TYPE:KEY:VALUE:ENTRIES[:FLAGS] (" + (parts.length + 1) + " fields given)");
        }
        return spec(text, name, type(text, parts[0]), number(text, "key", parts[1]), number(text, "value", parts[2]),
                number(text, "entries", parts[3]), parts.length == 5 ? number(text, "flags", parts[4]) : 0);
    }

    private static MapSpec parseAttributes(String text, String name, String rest) {
        MapType type = null;
        int key = -1, value = -1, entries = -1, flags = 0;
        List<String> seen = new ArrayList<>();
        for (String part : rest.split(",", -1)) {
            String[] kv = part.split("=", 2);
            if (kv.length != 2) throw bad(text, "'" + part + "' is not ATTR=VALUE");
            String attr = kv[0].trim(), v = kv[1].trim();
            if (seen.contains(attr)) throw bad(text, "attribute '" + attr + "' given twice");
            seen.add(attr);
            switch (attr) {
                case "type": type = type(text, v); break;
                case "key": key = number(text, attr, v); break;
                case "value": value = number(text, attr, v); break;
                case "entries": entries = number(text, attr, v); break;
                case "flags": flags = number(text, attr, v); break;
                default: throw bad(text, "unknown attribute '" + attr + "' (type=, key=, value=, entries=, flags=)");
            }
        }
        if (type == null) throw bad(text, "needs type=...");
        if (key < 0) throw bad(text, "needs key=SIZE");
        if (value < 0) throw bad(text, "needs value=SIZE");
        if (entries < 0) throw bad(text, "needs entries=N");
        return spec(text, name, type, key, value, entries, flags);
    }

    private static MapSpec spec(String text, String name, MapType type, int key, int value, int entries, int flags) {
        try {
            return new MapSpec(name, type, key, value, entries, flags, false, null, null);
        } catch (IllegalArgumentException e) {
            throw bad(text, e.getMessage());
        }
    }

    private static MapType type(String text, String t) {
        return MapType.parse(t.trim()).filter(x -> x != MapType.UNSPEC)
                .orElseThrow(() -> bad(text, "unknown map type '" + t + "' (e.g. array, hash, percpu_array, lru_hash)"));
    }

    private static int number(String text, String what, String v) {
        String s = v.trim();
        try {
            int n = s.startsWith("0x") || s.startsWith("0X") ? Integer.parseUnsignedInt(s.substring(2), 16) : Integer.parseInt(s);
            if (n < 0 && !what.equals("flags")) throw bad(text, what + " must not be negative, not " + s);
            return n;
        } catch (NumberFormatException e) {
            throw bad(text, what + " '" + v + "' is not a number");
        }
    }

    static CliFailure bad(String text, String why) {
        return CliFailure.badInput("--map '" + text + "': " + why);
    }

    /**
     * Applies the binding rule: with no declarations the unit is unchanged; a program that declares its maps
     * with {@code .map} cannot take --map declarations too (two sources for one map would be ambiguous).
     */
    static ProgramUnit bind(ProgramUnit unit, List<MapSpec> specs, String where) {
        if (specs.isEmpty()) return unit;
        if (!unit.maps().isEmpty()) {
            throw CliFailure.badInput(where + ": the program declares its maps with .map; --map declarations are for"
                    + " programs without them (raw bytes)");
        }
        for (int i = 0; i < specs.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (specs.get(i).name().equals(specs.get(j).name())) {
                    throw CliFailure.badInput("--map: map name '" + specs.get(i).name() + "' given twice (--map "
                            + j + " and " + i + ", 0-based)");
                }
            }
        }
        Program p = unit.program();
        List<List<Integer>> uses = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) uses.add(new ArrayList<>());
        for (int i = 0; i < p.size(); i++) {
            long s = p.slot(i);
            if (Slots.opcode(s) != 0x18) continue;
            int src = Slots.src(s);
            if (src == 1 || src == 2) {
                int which = specs.size() == 1 ? 0 : Slots.imm(s);
                if (which < 0 || which >= specs.size()) {
                    throw CliFailure.badInput(where + ": insn " + i + " loads map " + which + " but " + specs.size()
                            + " --map given (imm i uses the i-th --map, 0-based)");
                }
                uses.get(which).add(i);
            }
            i++; // the second slot of LD_IMM64
        }
        List<MapBinding> out = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) out.add(new MapBinding(specs.get(i), uses.get(i)));
        return new ProgramUnit(p, out);
    }
}
