package dev.ebpf4j.loader.attach;

import dev.ebpf4j.loader.BpfProgram;
import dev.ebpf4j.loader.Errno;
import dev.ebpf4j.loader.SyscallException;
import dev.ebpf4j.loader.internal.Native;
import dev.ebpf4j.loader.internal.Sys;
import jnr.ffi.Pointer;

import java.lang.ref.Reference;

/**
 * A socket filter program attached to a socket with {@code SO_ATTACH_BPF}. The socket belongs to the caller;
 * this handle only detaches ({@code SO_DETACH_BPF}) when closed. The socket holds its own reference to the
 * program, so the program's handle may be closed while the filter stays attached.
 */
public final class SocketFilter implements AutoCloseable {
    static final int SOL_SOCKET = 1;
    static final int SO_ATTACH_BPF = 50;
    static final int SO_DETACH_BPF = 27;

    private final int socketFd;
    private boolean attached = true;

    private SocketFilter(int socketFd) {
        this.socketFd = socketFd;
    }

    /** Attaches {@code program} (a SOCKET_FILTER) to the socket {@code socketFd}, replacing any filter it had. */
    public static SocketFilter attach(int socketFd, BpfProgram program) {
        Pointer v = Native.allocate(4);
        v.putInt(0, program.fd());
        int r = Native.libc().setsockopt(socketFd, SOL_SOCKET, SO_ATTACH_BPF, v, 4);
        if (r < 0) {
            int e = Native.errno();
            Reference.reachabilityFence(v);
            throw new SyscallException("setsockopt(SO_ATTACH_BPF)", Errno.of(e), "attach " + program + " to socket fd " + socketFd
                    + (e == Errno.EINVAL ? " (only SOCKET_FILTER programs attach to sockets)" : ""));
        }
        Reference.reachabilityFence(v);
        return new SocketFilter(socketFd);
    }

    public int socketFd() { return socketFd; }

    /** Removes the filter from the socket; harmless when already detached. */
    public synchronized void detach() {
        if (!attached) return;
        attached = false;
        Pointer v = Native.allocate(4);
        int r = Native.libc().setsockopt(socketFd, SOL_SOCKET, SO_DETACH_BPF, v, 4);
        if (r < 0) {
            int e = Native.errno();
            // ENOENT: nothing attached any more (e.g. replaced by someone else); EBADF: the socket is gone
            if (e != Errno.ENOENT && e != Errno.EBADF) {
                throw new SyscallException("setsockopt(SO_DETACH_BPF)", Errno.of(e), "socket fd " + socketFd);
            }
        }
        Reference.reachabilityFence(v);
    }

    @Override
    public void close() {
        detach();
    }

    static void closeSocket(int fd) {
        Sys.closeQuietly(fd);
    }
}
