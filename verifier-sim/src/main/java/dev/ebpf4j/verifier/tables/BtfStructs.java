package dev.ebpf4j.verifier.tables;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kernel structs a BTF pointer may point to, numbered so a register can name its struct with a small int. Some
 * have their layout from the live kernel's vmlinux BTF (btf-structs.txt next to this class); the others are only
 * names (the socket structs of the {@code bpf_skc_to_*} casts), and loads through pointers to them are not modelled.
 */
public final class BtfStructs {
    private BtfStructs() {}

    /** What a member holds. */
    public enum Kind { INT, PTR, STRUCT }

    /**
     * One member: {@code size} is its whole size (all elements of an array), {@code elemSize} one element's;
     * {@code target} the struct it is or points to ("-" for a pointer to something else), {@code tag} a pointer's
     * BTF type tag ("-" for none).
     */
    public record Member(String name, int off, Kind kind, int size, int count, int elemSize, String target, String tag) {
        public boolean isArray() { return count >= 0; }
    }

    /** A struct or union with its layout. */
    public record Struct(String name, int size, boolean union, List<Member> members) {
        /** The name the kernel prints: {@code (anon)} for an anonymous struct (live 6.18). */
        public String printName() { return name.startsWith("~") ? "(anon)" : name; }
    }

    private static final List<String> NAMES = new ArrayList<>();
    private static final Map<String, Integer> INDEX = new HashMap<>();
    private static final Map<String, Struct> LAYOUTS = new HashMap<>();
    private static final Set<String> RCU_PROTECTED = new HashSet<>();

    static {
        // the bpf_skc_to_* casts' structs first: their indices are 0..4 (see SkcCasts)
        for (String s : new String[] {"tcp6_sock", "tcp_sock", "tcp_timewait_sock", "tcp_request_sock", "udp6_sock"}) {
            index(s);
        }
        load();
    }

    /** The index of struct {@code name}, assigning one on first use. */
    public static synchronized int index(String name) {
        Integer i = INDEX.get(name);
        if (i != null) return i;
        NAMES.add(name);
        INDEX.put(name, NAMES.size() - 1);
        return NAMES.size() - 1;
    }

    /** The name of struct {@code i} as the log prints it after {@code ptr_} ("" for none, "(anon)" for anonymous). */
    public static synchronized String name(int i) {
        if (i < 0 || i >= NAMES.size()) return "";
        String n = NAMES.get(i);
        return n.startsWith("~") ? "(anon)" : n;
    }

    /** The layout of struct {@code i}, or null when the simulator does not have it. */
    public static synchronized Struct layout(int i) {
        return i < 0 || i >= NAMES.size() ? null : LAYOUTS.get(NAMES.get(i));
    }

    /** The layout of struct {@code name}, or null. */
    public static Struct layout(String name) {
        return LAYOUTS.get(name);
    }

    /** Whether a referenced kptr to struct {@code name} loads as an RCU pointer in a non-sleepable program. */
    public static boolean rcuProtected(String name) {
        return RCU_PROTECTED.contains(name);
    }

    private static void load() {
        String text;
        try (InputStream in = BtfStructs.class.getResourceAsStream("btf-structs.txt")) {
            if (in == null) throw new IllegalStateException("btf-structs.txt is missing from the jar");
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String name = null;
        int size = 0;
        boolean union = false;
        List<Member> members = null;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.trim().split(" +");
            if (f[0].equals("rcu_protected")) {
                RCU_PROTECTED.add(f[1]);
                continue;
            }
            if (!line.startsWith(" ")) {
                if (name != null) LAYOUTS.put(name, new Struct(name, size, union, List.copyOf(members)));
                union = f[0].equals("union");
                name = f[1];
                size = Integer.parseInt(f[2]);
                members = new ArrayList<>();
                index(name);
                continue;
            }
            // an anonymous member is printed "(anon)" too
            String mname = f[0];
            int off = Integer.parseInt(f[1]);
            int count = -1;
            int k = 2;
            if (f[2].equals("array")) {
                count = Integer.parseInt(f[3]);
                k = 4;
            }
            Kind kind;
            int elem;
            String target = "-";
            String tag = "-";
            switch (f[k]) {
                case "int": kind = Kind.INT; elem = Integer.parseInt(f[k + 1]); break;
                case "ptr": kind = Kind.PTR; elem = 8; target = f[k + 1]; tag = f[k + 2]; break;
                case "struct": kind = Kind.STRUCT; elem = -1; target = f[k + 1]; break;
                default: throw new IllegalStateException("btf-structs.txt: cannot read: " + line);
            }
            members.add(new Member(mname, off, kind, elem, count, elem, target, tag));
        }
        if (name != null) LAYOUTS.put(name, new Struct(name, size, union, List.copyOf(members)));
        // nested struct sizes are known once every struct is read
        for (Map.Entry<String, Struct> e : LAYOUTS.entrySet()) {
            List<Member> fixed = new ArrayList<>();
            for (Member m : e.getValue().members()) {
                int elem = m.kind() == Kind.STRUCT ? LAYOUTS.get(m.target()).size() : m.elemSize();
                int whole = m.isArray() ? elem * m.count() : elem;
                fixed.add(new Member(m.name(), m.off(), m.kind(), whole, m.count(), elem, m.target(), m.tag()));
            }
            Struct s = e.getValue();
            e.setValue(new Struct(s.name(), s.size(), s.union(), List.copyOf(fixed)));
        }
    }
}
