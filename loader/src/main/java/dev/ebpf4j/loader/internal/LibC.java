package dev.ebpf4j.loader.internal;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.IgnoreError;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.annotations.Variadic;
import jnr.ffi.types.off_t;
import jnr.ffi.types.size_t;

/**
 * The few libc entry points the loader needs that jnr-posix does not offer (or offers only with int
 * arguments, which cannot carry a pointer). Pointers are passed as raw addresses ({@code long}) so that callers
 * can reuse preallocated native memory on hot paths.
 */
public interface LibC {
    @SaveError @Variadic(fixedCount = 1) long syscall(long number, long a1, long a2, long a3);

    @SaveError int socket(int domain, int type, int protocol);

    @SaveError int bind(int fd, Pointer addr, int addrlen);

    @SaveError int setsockopt(int fd, int level, int optname, Pointer optval, int optlen);

    @SaveError int getsockopt(int fd, int level, int optname, Pointer optval, Pointer optlen);

    @SaveError long sendto(int fd, Pointer buf, @size_t long len, int flags, Pointer addr, int addrlen);

    @SaveError long recv(int fd, Pointer buf, @size_t long len, int flags);

    @SaveError int close(int fd);

    @SaveError int if_nametoindex(String ifname);

    @SaveError String if_indextoname(int ifindex, Pointer buf);

    @SaveError int unshare(int flags);

    @SaveError int setns(int fd, int nstype);

    @SaveError int open(String path, int flags, int mode);

    @SaveError int ioctl(int fd, long request, Pointer arg);

    @SaveError int mount(String source, String target, String fstype, long flags, Pointer data);

    @SaveError int statfs(String path, Pointer buf);

    @SaveError int unlink(String path);

    @SaveError int mkdir(String path, int mode);

    @SaveError int umount2(String target, int flags);

    @SaveError Pointer mmap(Pointer addr, @size_t long length, int prot, int flags, int fd, @off_t long offset);

    @SaveError int munmap(Pointer addr, @size_t long length);

    @IgnoreError long sysconf(int name);

    @IgnoreError String strerror(int errnum);
}
