package dev.ebpf4j.verifier.tables;

import dev.ebpf4j.asm.uapi.ProgType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/**
 * How many argument registers a helper call reads, per program type, as the live 6.18 kernel counts them for its
 * register liveness (helper-args.txt next to this class, measured for every helper and program type). The count
 * can depend on the type (bpf_get_cgroup_classid reads the skb in tc, nothing in a socket filter), and a helper
 * the type may not call reads r1-r5.
 */
public final class HelperArgCount {
    private static final Map<ProgType, byte[]> BY_TYPE = load();

    private HelperArgCount() {}

    /** The number of argument registers (0-5) "call id" reads in a program of {@code type}; 5 when not measured. */
    public static int count(ProgType type, int id) {
        byte[] row = type == null ? null : BY_TYPE.get(type);
        if (row == null || id < 0 || id >= row.length || row[id] < 0) return 5;
        return row[id];
    }

    private static Map<ProgType, byte[]> load() {
        String text;
        try (InputStream in = HelperArgCount.class.getResourceAsStream("helper-args.txt")) {
            if (in == null) throw new IllegalStateException("helper-args.txt is missing from the jar");
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<ProgType, byte[]> out = new EnumMap<>(ProgType.class);
        ProgType[] columns = null;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.trim().split(" +");
            if (f[0].equals("types")) {
                columns = new ProgType[f.length - 1];
                for (int i = 1; i < f.length; i++) {
                    String name = f[i];
                    columns[i - 1] = ProgType.parse(name)
                            .orElseThrow(() -> new IllegalStateException("helper-args.txt: unknown type " + name));
                    byte[] row = new byte[256];
                    java.util.Arrays.fill(row, (byte) -1);
                    out.put(columns[i - 1], row);
                }
                continue;
            }
            if (columns == null || f.length != 3 || f[2].length() != columns.length) {
                throw new IllegalStateException("helper-args.txt: malformed line: " + line);
            }
            int id = Integer.parseInt(f[0]);
            for (int i = 0; i < columns.length; i++) {
                char c = f[2].charAt(i);
                out.get(columns[i])[id] = c >= '0' && c <= '5' ? (byte) (c - '0') : (byte) -1;
            }
        }
        return out;
    }
}
