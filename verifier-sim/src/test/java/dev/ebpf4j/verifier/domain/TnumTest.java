package dev.ebpf4j.verifier.domain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TnumTest {
    @Test
    void rangeKeepsTheCommonHighBits() {
        assertEquals(new Tnum(0, 0xff), Tnum.range(0, 255));
        assertEquals(new Tnum(0, 0x7f), Tnum.range(0, 100));
        assertEquals(new Tnum(0x100, 0xff), Tnum.range(0x100, 0x1ff));
        assertEquals(Tnum.constant(42), Tnum.range(42, 42));
        assertEquals(Tnum.UNKNOWN, Tnum.range(0, -1L));
        assertEquals(Tnum.UNKNOWN, Tnum.range(1, Long.MIN_VALUE));
    }

    @Test
    void printsLikeTheKernel() {
        assertEquals("(0x0; 0xff)", new Tnum(0, 0xff).format());
        assertEquals("(0xffffffff00000000; 0xffffffff)", new Tnum(0xffffffff00000000L, 0xffffffffL).format());
        assertEquals("65535", Tnum.constant(0xffff).format());
        assertEquals("0x10000", Tnum.constant(0x10000).format());
        assertEquals("0xffffffffffffffff", Tnum.constant(-1).format());
    }

    @Test
    void subregisterHelpers() {
        Tnum t = new Tnum(0x1_0000_0005L, 0xf0_0000_00f0L);
        assertEquals(new Tnum(5, 0xf0), t.subreg());
        assertEquals(new Tnum(0x1_0000_0000L, 0xf0_0000_0000L), t.clearSubreg());
        assertEquals(new Tnum(0x1_0000_0007L, 0xf0_0000_0000L), t.withConstSubreg(7));
        assertEquals(new Tnum(0x5, 0xf0), t.cast(1).or(Tnum.ZERO));
        assertEquals(new Tnum(0, 0x7f), new Tnum(0, 0xff).intersect(new Tnum(0, 0x7f)));
        assertEquals(new Tnum(0, 0x3), Tnum.constant(1).union(Tnum.constant(2)));
    }

    @Test
    void inclusionAlignmentAndNext() {
        Tnum byteValue = new Tnum(0, 0xff);
        assertTrue(byteValue.in(Tnum.constant(200)));
        assertFalse(byteValue.in(Tnum.constant(256)));
        assertFalse(Tnum.constant(200).in(byteValue));
        assertTrue(Tnum.UNKNOWN.in(byteValue));
        assertTrue(new Tnum(8, 0xf0).isAligned(8));
        assertFalse(new Tnum(8, 0xf4).isAligned(8));
        Tnum odd = new Tnum(1, 0xfe);
        assertEquals(9, odd.next(8));
        assertEquals(9, odd.next(7));
        assertEquals(255, odd.next(300));
        assertEquals(1, odd.next(0));
        assertTrue(new Tnum(0, 0xf).neg().contains(-15));
    }

    @Test
    void valueBitsUnderTheMaskAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Tnum(1, 1));
    }
}
