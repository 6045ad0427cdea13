package dev.ebpf4j.verifier;

import dev.ebpf4j.asm.Program;
import dev.ebpf4j.asm.uapi.ProgType;
import org.junit.jupiter.api.Test;

import static dev.ebpf4j.asm.Register.R0;
import static dev.ebpf4j.asm.Register.R1;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A map load naming no map: the kernel looks the number up among the loader's file descriptors, so the errno says
 * whether it found a file that is not a map (the standard streams 0-2: EINVAL) or nothing (EBADF). Checked live
 * on 6.18 with a C loader for fds 0, 1, 2, 500 and -1.
 */
class MapFdErrnoTest {
    private static Result load(int fd) {
        Program p = Program.builder().ldMapFd(R1, fd).mov64Imm(R0, 0).exit().build();
        return Verifier.verify(p, Options.of(ProgType.SOCKET_FILTER));
    }

    @Test
    void aStandardStreamIsAFileButNotAMap() {
        for (int fd = 0; fd <= 2; fd++) {
            Result r = load(fd);
            assertEquals("fd " + fd + " is not pointing to valid bpf_map", r.errorLine());
            assertEquals(Errno.EINVAL, r.errno());
        }
    }

    @Test
    void anyOtherNumberIsNoFile() {
        for (int fd : new int[] {500, -1}) {
            Result r = load(fd);
            assertEquals("fd " + fd + " is not pointing to valid bpf_map", r.errorLine());
            assertEquals(Errno.EBADF, r.errno());
        }
    }
}
