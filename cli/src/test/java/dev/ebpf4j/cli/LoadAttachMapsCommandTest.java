package dev.ebpf4j.cli;

import dev.ebpf4j.loader.BpfFs;
import dev.ebpf4j.loader.BpfMap;
import dev.ebpf4j.loader.net.NetNs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** load, attach and maps against the live kernel; attaching happens only inside private network namespaces. */
@Tag("kernel")
class LoadAttachMapsCommandTest {
    static final String COUNTER = String.join("\n",
            "; the seed's socket packet counter",
            ".map counts type=array key=4 value=8 entries=256",
            "r6 = r1",
            "r0 = *(u8 *)skb[23]",
            "*(u32 *)(r10 -4) = r0",
            "r2 = r10",
            "r2 += -4",
            "r1 = map[counts]",
            "call bpf_map_lookup_elem",
            "if r0 == 0 goto +2",
            "r1 = 1",
            "lock *(u64 *)(r0 +0) += r1",
            "r0 = 0",
            "exit", "");

    @TempDir
    Path tmp;

    @BeforeEach
    void bpf() {
        CliRun.assumeBpf();
    }

    Path write(String name, String text) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void loadAcceptsAndPrintsWhatTheKernelSaid() throws Exception {
        CliRun.Result r = CliRun.run("load", "--name", "counter", write("counter.s", COUNTER).toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("loaded socket_filter program 'counter': id "), r.out());
        assertTrue(r.out().contains("processed 13 insns"), r.out());
        assertTrue(r.out().contains("map 'counts': id "), r.out());
    }

    @Test
    void loadOfRawBytes() throws Exception {
        Path bin = tmp.resolve("ret.bin");
        Files.write(bin, java.util.HexFormat.of().parseHex("b7000000020000009500000000000000"));
        CliRun.Result r = CliRun.run("load", "--type", "xdp", "--log-level", "2", bin.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("loaded xdp program: id "), r.out());
        assertTrue(r.out().contains("0: (b7) r0 = 2"), "log level 2 prints every instruction\n" + r.out());
    }

    @Test
    void attachAPinnedProgram() throws Exception {
        Path fs = tmp.resolve("bpffs");
        try {
            assertEquals(0, CliRun.run("load", "--bpffs", fs.toString(), "--pin", fs.resolve("p").toString(),
                    "--hex", "b7000000ffffffff9500000000000000").code());
            CliRun.Result r = NetNs.run(() -> CliRun.run("attach", "socket", "-i", "lo", "--seconds", "0",
                    "--pinned", fs.resolve("p").toString()));
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("to a packet socket on lo for 0 s"), r.out());
            CliRun.Result both = CliRun.run("attach", "socket", "-i", "lo", "--pinned", fs.resolve("p").toString(),
                    "--hex", "9500000000000000");
            assertEquals(2, both.code());
            assertEquals("ebpf4j: give FILE, --hex or --pinned, not several\n", both.err());
        } finally {
            if (BpfFs.isBpfFs(fs)) BpfFs.unmount(fs);
        }
    }

    @Test
    void loadOfARejectedProgramPrintsTheLogAndExitsOne() throws Exception {
        CliRun.Result r = CliRun.run("load", "--hex", "bf200000000000009500000000000000");
        assertEquals(1, r.code());
        assertTrue(r.out().contains("0: (bf) r0 = r2\nR2 !read_ok\n"), r.out());
        assertEquals("ebpf4j: BPF_PROG_LOAD failed: EACCES (Permission denied): BPF_PROG_TYPE_SOCKET_FILTER: R2 !read_ok\n", r.err());
    }

    @Test
    void loadOfBadInputExitsTwo() throws Exception {
        assertEquals("ebpf4j: /no/such.s: no such file\n", CliRun.run("load", "/no/such.s").err());
        CliRun.Result syntax = CliRun.run("load", write("bad.s", "r0 = \nexit\n").toString());
        assertEquals(2, syntax.code());
        assertTrue(syntax.err().startsWith("ebpf4j: " + tmp.resolve("bad.s") + ": line 1, column "), syntax.err());
        CliRun.Result type = CliRun.run("load", "--type", "nonsense", "--hex", "9500000000000000");
        assertEquals(2, type.code());
        assertEquals("ebpf4j: unknown program type 'nonsense' (e.g. socket_filter, xdp, sched_cls)\n", type.err());
    }

    @Test
    void pinnedProgramAndMapThenMapsShowDumpUpdateDelete() throws Exception {
        Path fs = tmp.resolve("bpffs");
        try {
            CliRun.Result r = CliRun.run("load", "--bpffs", fs.toString(), "--pin", fs.resolve("prog").toString(),
                    "--pin-maps", fs.toString(), write("counter.s", COUNTER).toString());
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().contains("mounted a bpffs at " + fs), r.out());
            assertTrue(Files.exists(fs.resolve("prog")) && Files.exists(fs.resolve("counts")));
            String map = fs.resolve("counts").toString();

            CliRun.Result show = CliRun.run("maps", "show", map);
            assertEquals(0, show.code(), show.err());
            assertTrue(show.out().matches("\\d+: array  name counts  flags 0x0\n\tkey 4B  value 8B  max_entries 256\n"), show.out());

            assertEquals(0, CliRun.run("maps", "update", map, "--key", "11 00 00 00", "--value", "0500000000000000").code());
            CliRun.Result dump = CliRun.run("maps", "dump", map);
            assertTrue(dump.out().contains("key: 11 00 00 00  value: 05 00 00 00 00 00 00 00\n"), dump.out());
            assertTrue(dump.out().endsWith("Found 256 elements\n"), dump.out());
            CliRun.Result json = CliRun.run("maps", "dump", "--json", map);
            assertTrue(json.out().contains("{\"key\":\"11000000\",\"value\":\"0500000000000000\"}"), json.out());

            CliRun.Result wrongSize = CliRun.run("maps", "update", map, "--key", "11", "--value", "00");
            assertEquals(2, wrongSize.code());
            assertEquals("ebpf4j: --key: the map wants 4 bytes, got 1\n", wrongSize.err());
            CliRun.Result del = CliRun.run("maps", "delete", map, "--key", "11000000");
            assertEquals(1, del.code(), "an array's elements cannot be deleted: " + del.err());
            assertTrue(del.err().contains("BPF_MAP_DELETE_ELEM failed: EINVAL"), del.err());

            CliRun.Result missing = CliRun.run("maps", "dump", fs.resolve("nothing").toString());
            assertEquals(2, missing.code());
            assertTrue(missing.err().startsWith("ebpf4j: BPF_OBJ_GET failed: ENOENT (No such file or directory)"), missing.err());
        } finally {
            if (BpfFs.isBpfFs(fs)) BpfFs.unmount(fs);
        }
    }

    @Test
    void mapsDeleteOnAHash() throws Exception {
        Path fs = tmp.resolve("bpffs");
        BpfFs.mount(fs);
        try (BpfMap h = BpfMap.create("h", dev.ebpf4j.asm.uapi.MapType.HASH, 4, 4, 4)) {
            h.update(new byte[] {1, 0, 0, 0}, new byte[] {2, 0, 0, 0});
            h.pin(fs.resolve("h"));
            assertEquals(0, CliRun.run("maps", "delete", fs.resolve("h").toString(), "--key", "01000000").code());
            CliRun.Result again = CliRun.run("maps", "delete", fs.resolve("h").toString(), "--key", "01000000");
            assertEquals(1, again.code());
            assertTrue(again.err().contains("no element with key 01000000"), again.err());
            assertEquals("Found 0 elements\n", CliRun.run("maps", "dump", fs.resolve("h").toString()).out());
        } finally {
            BpfFs.unmount(fs);
        }
    }

    @Test
    void attachSocketCountsTrafficOnLoopbackOfAPrivateNamespace() throws Exception {
        Path prog = write("counter.s", COUNTER);
        CliRun.Result r = NetNs.run(() -> {
            // a thread started from the namespace's thread lives in that namespace too
            Thread traffic = new Thread(() -> {
                try (DatagramSocket s = new DatagramSocket()) {
                    Thread.sleep(300);
                    for (int i = 0; i < 5; i++) s.send(new DatagramPacket(new byte[1], 1, InetAddress.getLoopbackAddress(), 9));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            traffic.start();
            CliRun.Result res = CliRun.run("attach", "socket", "-i", "lo", "--seconds", "3", prog.toString());
            traffic.join();
            return res;
        });
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("attached program BPF_PROG_TYPE_SOCKET_FILTER"), r.out());
        assertTrue(r.out().contains("0 frame(s) passed the filter"), "the counter returns 0: the socket keeps nothing\n" + r.out());
        assertTrue(r.out().matches("(?s).*\n  17: (\\d+)\n.*"), r.out());
        int udp = Integer.parseInt(r.out().replaceAll("(?s).*\n  17: (\\d+)\n.*", "$1"));
        assertTrue(udp >= 10, "5 datagrams, each seen going out and coming in: " + r.out());
    }

    @Test
    void attachXdpWithAPinnedLinkThenEbusy() throws Exception {
        Path fs = tmp.resolve("bpffs");
        Path prog = write("pass.s", "r0 = 2\nexit\n");
        try (NetNs ns = NetNs.create()) {
            CliRun.Result first = ns.call(() -> CliRun.run("attach", "xdp", "-i", "lo", "--mode", "generic", "--bpffs",
                    fs.toString(), "--pin", fs.resolve("link").toString(), prog.toString()));
            assertEquals(0, first.code(), first.err());
            assertTrue(first.out().contains("pinned link at " + fs.resolve("link")), first.out());
            CliRun.Result second = ns.call(() -> CliRun.run("attach", "xdp", "-i", "lo", "--mode", "generic", "--seconds", "0", prog.toString()));
            assertEquals(1, second.code());
            assertTrue(second.err().contains("EBUSY (Device or resource busy)") && second.err().contains("an XDP program is already attached there"),
                    second.err());
            CliRun.Result noIface = ns.call(() -> CliRun.run("attach", "xdp", "-i", "nosuch0", "--seconds", "0", prog.toString()));
            assertEquals(2, noIface.code());
            assertEquals("ebpf4j: if_nametoindex failed: ENODEV (No such device): no interface named 'nosuch0' in this network namespace\n",
                    noIface.err());
            assertTrue(BpfFs.unpin(fs.resolve("link")));
        } finally {
            if (BpfFs.isBpfFs(fs)) BpfFs.unmount(fs);
        }
    }

    @Test
    void attachWithoutAKind() {
        CliRun.Result r = CliRun.run("attach");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("say where: 'attach socket' or 'attach xdp'"), r.err());
    }
}
