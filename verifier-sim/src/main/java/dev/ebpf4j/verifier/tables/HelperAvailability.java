package dev.ebpf4j.verifier.tables;

import dev.ebpf4j.asm.uapi.AttachType;
import dev.ebpf4j.asm.uapi.ProgType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

/**
 * Which program types may call each helper, as measured on the live 6.18 kernel (helper-availability.txt next
 * to this class). The kernel looks the helper up for the program type before it checks anything else about the
 * call, so the simulator answers "cannot use helper" (or "might sleep") from this table even for helpers whose
 * prototype it does not model.
 */
public final class HelperAvailability {
    /** What the kernel says when a program of a type calls a helper. */
    public enum Status { ALLOWED, CANNOT_USE, MIGHT_SLEEP, NOT_SUPPORTED, UNKNOWN }

    private static final Map<ProgType, char[]> BY_TYPE = load();
    /** cgroup_sock_addr programs: the kernel's answer depends on the expected attach type (bind, get/setsockopt). */
    private static final Map<AttachType, char[]> SOCK_ADDR = loadSockAddr();

    private HelperAvailability() {}

    /** The kernel's answer for helper {@code id} called from {@code type}; UNKNOWN when not measured. */
    public static Status status(ProgType type, int id) {
        // raw_tracepoint_writable has raw_tracepoint's helpers (same prototypes; measured identical on 6.18)
        char[] row = BY_TYPE.get(type == ProgType.RAW_TRACEPOINT_WRITABLE ? ProgType.RAW_TRACEPOINT : type);
        if (row == null || id < 0 || id >= row.length) return Status.UNKNOWN;
        return of(row[id]);
    }

    /**
     * The answer for a program of {@code type} loaded with expected attach type {@code attach}: cgroup_sock_addr
     * programs have one measured column per attach type (UNKNOWN without one, which the kernel refuses anyway).
     */
    public static Status status(ProgType type, AttachType attach, int id) {
        if (type != ProgType.CGROUP_SOCK_ADDR) return status(type, id);
        char[] row = attach == null ? null : SOCK_ADDR.get(attach);
        if (row == null || id < 0 || id >= row.length) return Status.UNKNOWN;
        return of(row[id]);
    }

    private static Status of(char c) {
        switch (c) {
            case 'y': return Status.ALLOWED;
            case 'n': return Status.CANNOT_USE;
            case 's': return Status.MIGHT_SLEEP;
            case 'f': return Status.NOT_SUPPORTED;
            default: return Status.UNKNOWN;
        }
    }

    private static String read(String name) {
        try (InputStream in = HelperAvailability.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException(name + " is missing from the jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<AttachType, char[]> loadSockAddr() {
        String file = "helper-availability-sock-addr.txt";
        Map<AttachType, char[]> out = new EnumMap<>(AttachType.class);
        AttachType[] columns = null;
        for (String line : read(file).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.trim().split(" +");
            if (f[0].equals("attach")) {
                columns = new AttachType[f.length - 1];
                for (int i = 1; i < f.length; i++) {
                    columns[i - 1] = AttachType.valueOf(f[i]);
                    out.put(columns[i - 1], new char[256]);
                }
                continue;
            }
            if (columns == null || f.length != 3 || f[2].length() != columns.length) {
                throw new IllegalStateException(file + ": malformed line: " + line);
            }
            int id = Integer.parseInt(f[0]);
            for (int i = 0; i < columns.length; i++) out.get(columns[i])[id] = f[2].charAt(i);
        }
        return out;
    }

    private static Map<ProgType, char[]> load() {
        String text;
        try (InputStream in = HelperAvailability.class.getResourceAsStream("helper-availability.txt")) {
            if (in == null) throw new IllegalStateException("helper-availability.txt is missing from the jar");
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<ProgType, char[]> out = new EnumMap<>(ProgType.class);
        ProgType[] columns = null;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.trim().split(" +");
            if (f[0].equals("types")) {
                columns = new ProgType[f.length - 1];
                for (int i = 1; i < f.length; i++) {
                    String name = f[i];
                    columns[i - 1] = ProgType.parse(name)
                            .orElseThrow(() -> new IllegalStateException("helper-availability.txt: unknown type " + name));
                    out.put(columns[i - 1], new char[256]);
                }
                continue;
            }
            if (columns == null || f.length != 3 || f[2].length() != columns.length) {
                throw new IllegalStateException("helper-availability.txt: malformed line: " + line);
            }
            int id = Integer.parseInt(f[0]);
            for (int i = 0; i < columns.length; i++) out.get(columns[i])[id] = f[2].charAt(i);
        }
        return out;
    }
}
