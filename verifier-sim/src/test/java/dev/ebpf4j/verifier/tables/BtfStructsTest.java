package dev.ebpf4j.verifier.tables;

import dev.ebpf4j.verifier.tables.BtfStructs.Kind;
import dev.ebpf4j.verifier.tables.BtfStructs.Member;
import dev.ebpf4j.verifier.tables.BtfStructs.Struct;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** btf-structs.txt is read whole and holds what the walk relies on (layouts from the live 6.18 vmlinux BTF). */
class BtfStructsTest {
    @Test
    void theKptrStructsHaveTheirLiveLayout() {
        Struct s = BtfStructs.layout("prog_test_ref_kfunc");
        assertNotNull(s);
        assertEquals(32, s.size());
        List<Member> m = s.members();
        assertEquals(List.of("a", "b", "memb", "next", "cnt"), m.stream().map(Member::name).toList());
        assertEquals(List.of(0, 4, 8, 16, 24), m.stream().map(Member::off).toList());
        assertEquals(Kind.PTR, m.get(3).kind());
        assertEquals("prog_test_ref_kfunc", m.get(3).target());
        assertEquals(8, m.get(2).size(), "the nested prog_test_member's size comes from its own layout");
        assertTrue(BtfStructs.rcuProtected("prog_test_ref_kfunc"));
        assertFalse(BtfStructs.rcuProtected("prog_test_member"));
    }

    @Test
    void everyNestedStructHasALayoutAndEveryMemberFits() {
        for (String root : new String[] {"prog_test_ref_kfunc", "bpf_array", "bpf_htab", "bpf_map"}) {
            check(BtfStructs.layout(root), root);
        }
    }

    private static void check(Struct s, String where) {
        assertNotNull(s, where);
        for (Member m : s.members()) {
            assertTrue(m.off() >= 0 && m.off() + m.size() <= s.size(), where + "." + m.name() + " lies outside " + s.size());
            if (m.kind() == Kind.STRUCT) check(BtfStructs.layout(m.target()), where + "." + m.name());
        }
    }

    @Test
    void theSocketCastStructsComeFirstAndHaveNoLayout() {
        assertEquals("tcp6_sock", BtfStructs.name(0));
        assertEquals("udp6_sock", BtfStructs.name(4));
        assertNull(BtfStructs.layout(1));
    }

    @Test
    void anonymousMembersAndStructsAreNamedAsTheKernelPrintsThem() {
        Member flex = BtfStructs.layout("bpf_array").members().get(4);
        assertEquals("(anon)", flex.name());
        assertEquals("(anon)", BtfStructs.layout(flex.target()).printName());
    }
}
