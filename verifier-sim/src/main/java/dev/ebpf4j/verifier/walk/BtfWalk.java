package dev.ebpf4j.verifier.walk;

import dev.ebpf4j.verifier.Reject;
import dev.ebpf4j.verifier.tables.BtfStructs;
import dev.ebpf4j.verifier.tables.BtfStructs.Kind;
import dev.ebpf4j.verifier.tables.BtfStructs.Member;
import dev.ebpf4j.verifier.tables.BtfStructs.Struct;

/**
 * What a load of {@code size} bytes at {@code off} in a kernel struct reads, by the struct's BTF layout, with the
 * messages the live 6.18 kernel gives: inside a scalar member (or an array of them, used as scratch space) it is a
 * scalar; exactly a pointer member to a struct gives a pointer to that struct; a nested struct is entered; a hole
 * between members, a partial pointer, a load running past a member or past the struct are refused. Walking a union
 * of several members makes what is found untrusted, and lets a scalar load run past its member.
 */
final class BtfWalk {
    private BtfWalk() {}

    /** What the walk found: a scalar, a pointer to {@code target}, or (when asked) a struct starting at the offset. */
    record Found(Kind kind, String target, String tag, boolean untrusted) {}

    static Found walk(Struct s, int off, int size, boolean stopAtStruct) {
        boolean untrusted = false;
        again:
        while (true) {
            String tname = s.printName();
            if (s.union() && s.members().size() != 1) untrusted = true;
            if ((long) off + size > s.size()) {
                Struct flex = flexibleElement(s, off);
                if (flex == null && isFlexibleIntArray(s, off)) return new Found(Kind.INT, "-", "-", untrusted);
                if (flex == null) {
                    throw Reject.acces(String.format("access beyond struct %s at off %d size %d", tname, off, size));
                }
                off = (off - last(s).off()) % flex.size();
                s = flex;
                continue;
            }
            for (Member m : s.members()) {
                int moff = m.off();
                if (off + size <= moff || off < moff) break;
                int end = moff + m.size();
                if (off >= end) continue;
                int elem = m.size();
                if (m.isArray()) {
                    if (moff == end) continue;
                    elem = m.elemSize();
                    moff += (off - moff) / elem * elem;
                }
                if (m.kind() == Kind.STRUCT) {
                    if (off == moff && stopAtStruct) return new Found(Kind.STRUCT, m.target(), "-", untrusted);
                    off -= moff;
                    s = BtfStructs.layout(m.target());
                    continue again;
                }
                if (m.kind() == Kind.PTR) {
                    if (elem != size || off != moff) {
                        throw Reject.acces(String.format("cannot access ptr member %s with moff %d in struct %s with off %d size %d",
                                m.name(), moff, tname, off, size));
                    }
                    // a pointer to anything but a struct: 6.18 loads it as rdonly_untrusted_mem(sz=0) (live)
                    return new Found(Kind.PTR, m.target(), m.tag(), untrusted);
                }
                if (off + size > end && !untrusted) {
                    throw Reject.acces(String.format("access beyond the end of member %s (mend:%d) in struct %s with off %d size %d",
                            m.name(), end, tname, off, size));
                }
                return new Found(Kind.INT, "-", "-", untrusted);
            }
            throw Reject.inval(String.format("struct %s doesn't have field at offset %d", tname, off));
        }
    }

    private static Member last(Struct s) {
        return s.members().isEmpty() ? null : s.members().get(s.members().size() - 1);
    }

    /** A struct ending in a zero-length array of structs may be read past its size, element by element. */
    private static Struct flexibleElement(Struct s, int off) {
        Member m = last(s);
        if (m == null || !m.isArray() || m.count() != 0 || off < m.off() || m.kind() != Kind.STRUCT) return null;
        Struct e = BtfStructs.layout(m.target());
        return e != null && e.size() > 0 ? e : null;
    }

    private static boolean isFlexibleIntArray(Struct s, int off) {
        Member m = last(s);
        return m != null && m.isArray() && m.count() == 0 && off >= m.off() && m.kind() == Kind.INT;
    }
}
