package dev.ebpf4j.corpus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ebpf4j.asm.DecodeException;
import dev.ebpf4j.asm.MapBinding;
import dev.ebpf4j.asm.MapSpec;
import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.uapi.AttachType;
import dev.ebpf4j.asm.uapi.MapType;
import dev.ebpf4j.asm.uapi.ProgType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads corpus files: JSON Lines, one program per line (DESIGN.md, "The corpus format"). */
public final class Corpus {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Corpus() {}

    /** The shared kernel verifier self-tests recorded on Linux 6.18. */
    public static Path selftests() {
        return sharedDir().resolve("corpus/kernel-verifier-selftests.jsonl");
    }

    /** The bpf_conformance test folder. */
    public static Path conformanceDir() {
        return sharedDir().resolve("corpus/bpf-conformance");
    }

    /**
     * The project's {@code ../shared} folder: the {@code ebpf4j.shared} system property if set, else the first
     * {@code shared} folder beside this directory or one of its parents.
     */
    public static Path sharedDir() {
        String prop = System.getProperty("ebpf4j.shared");
        if (prop != null && Files.isDirectory(Paths.get(prop))) return Paths.get(prop).toAbsolutePath().normalize();
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolveSibling("shared");
            if (Files.isDirectory(candidate.resolve("corpus"))) return candidate.normalize();
        }
        throw new IllegalStateException("cannot find ../shared (the corpus): set -Debpf4j.shared=PATH");
    }

    /** Every line of a corpus file; a bad line fails the whole read with its line number. */
    public static List<CorpusEntry> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<CorpusEntry> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            try {
                out.add(parseLine(lines.get(i)));
            } catch (CorpusFormatException e) {
                throw new CorpusFormatException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Parses one JSON line. */
    public static CorpusEntry parseLine(String line) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new CorpusFormatException("not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) throw new CorpusFormatException("a line must be a JSON object");
        return fromJson(n);
    }

    /** Builds an entry from a parsed JSON object. */
    public static CorpusEntry fromJson(JsonNode n) {
        String id = text(n, "id");
        String name = text(n, "name");
        if (id == null) id = name;
        if (id == null) throw new CorpusFormatException("needs an \"id\" or a \"name\"");
        String where = "'" + id + "': ";

        String pt = text(n, "prog_type");
        ProgType progType = pt == null ? ProgType.SOCKET_FILTER : ProgType.parse(pt)
                .orElseThrow(() -> new CorpusFormatException(where + "unknown prog_type \"" + pt + "\""));
        String at = text(n, "expected_attach_type");
        AttachType attach = at == null ? null : AttachType.parse(at)
                .orElseThrow(() -> new CorpusFormatException(where + "unknown expected_attach_type \"" + at + "\""));
        int flags = n.path("prog_flags").asInt(0);

        Program program = null;
        String hex = text(n, "insns_hex");
        if (hex != null) {
            try {
                program = Program.fromHex(hex);
            } catch (DecodeException e) {
                throw new CorpusFormatException(where + "insns_hex: " + e.getMessage());
            }
        }

        List<MapBinding> maps = new ArrayList<>();
        List<CorpusEntry.MapExtras> extras = new ArrayList<>();
        JsonNode ms = n.path("maps");
        if (ms.isArray()) {
            int k = 0;
            for (JsonNode m : ms) {
                // a map has the name its line gives it, else none (as the recorded loads created them); the label
                // only names it in messages about the line
                String label = text(m, "name") != null ? text(m, "name") : (text(m, "fixup") != null ? text(m, "fixup") : "map" + k);
                String mapName = text(m, "name") != null ? text(m, "name") : "";
                MapSpec spec = mapSpec(m, mapName, label, where);
                List<Integer> idx = new ArrayList<>();
                for (JsonNode i : m.path("insn_indices")) {
                    int slot = i.asInt();
                    if (program != null && (slot < 0 || slot >= program.size())) {
                        throw new CorpusFormatException(where + "map '" + label + "' insn index " + slot
                                + " is outside the program (" + program.size() + " slots)");
                    }
                    idx.add(slot);
                }
                maps.add(new MapBinding(spec, idx));
                Map<String, String> entries = new LinkedHashMap<>();
                Iterator<Map.Entry<String, JsonNode>> it = m.path("prog_array_entries").fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    entries.put(e.getKey(), e.getValue().asText());
                }
                extras.add(new CorpusEntry.MapExtras(text(m, "fixup"), text(m, "btf_value_type"), entries));
                k++;
            }
        }

        CorpusEntry.LiveResult live = null;
        String verdict = text(n, "live_verdict");
        if (verdict != null) {
            List<String> lines = new ArrayList<>();
            for (JsonNode l : n.path("live_error_lines")) lines.add(l.asText());
            live = new CorpusEntry.LiveResult(verdict, text(n, "live_errno_name"), text(n, "live_error_line"), lines,
                    n.path("live_insns_processed").asInt(-1), text(n, "live_log"), text(n, "skipped_reason"));
        }
        return new CorpusEntry(id, name, progType, attach, flags, program, maps, extras, live);
    }

    private static MapSpec mapSpec(JsonNode m, String name, String label, String where) {
        String t = text(m, "type");
        if (t == null) throw new CorpusFormatException(where + "map '" + label + "' has no type");
        MapType type = MapType.parse(t).orElseThrow(() -> new CorpusFormatException(where + "unknown map type \"" + t + "\""));
        byte[] initial = null;
        String iv = text(m, "initial_value_hex");
        if (iv == null && m.path("initial_values").isArray()) {
            for (JsonNode v : m.path("initial_values")) {
                if (v.path("key").asInt(-1) == 0) iv = text(v, "value_hex");
            }
        }
        if (iv != null) {
            try {
                initial = HexFormat.of().parseHex(iv);
            } catch (IllegalArgumentException e) {
                throw new CorpusFormatException(where + "map '" + label + "' initial value is not hex");
            }
        }
        MapSpec inner = m.hasNonNull("inner_map") ? mapSpec(m.get("inner_map"), "", label + ".inner", where) : null;
        return new MapSpec(name, type, m.path("key_size").asInt(0), m.path("value_size").asInt(0),
                m.path("max_entries").asInt(0), m.path("map_flags").asInt(0), m.path("frozen").asBoolean(false),
                initial, inner);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
