package dev.ebpf4j.loader;

import dev.ebpf4j.loader.internal.Attr;
import dev.ebpf4j.loader.internal.Native;
import dev.ebpf4j.loader.internal.Sys;
import jnr.ffi.Pointer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The BPF file system, where maps, programs and links are pinned so they outlive the process that made them.
 * The loader never mounts anything on its own: {@link #mount} mounts a bpffs only at the directory its caller
 * names (most systems already have one at {@code /sys/fs/bpf}).
 */
public final class BpfFs {
    private BpfFs() {}

    /** {@code BPF_FS_MAGIC} from linux/magic.h: statfs's f_type of a bpffs. */
    private static final long BPF_FS_MAGIC = 0xcafe4a11L;

    /** Whether {@code dir} is (the root of, or inside) a mounted bpffs. */
    public static boolean isBpfFs(Path dir) {
        Pointer buf = Native.allocate(128);
        int r = Native.libc().statfs(dir.toString(), buf);
        if (r < 0) return false;
        boolean yes = (buf.getLong(0) & 0xffffffffL) == BPF_FS_MAGIC;
        Reference.reachabilityFence(buf);
        return yes;
    }

    /**
     * Makes {@code dir} a bpffs: creates the directory if needed and mounts a bpffs there unless it already is one.
     *
     * @return true if this call mounted it (the caller then owns the mount: {@link #unmount})
     */
    public static boolean mount(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        if (isBpfFs(dir)) return false;
        Sys.check(Native.libc().mount("bpf", dir.toString(), "bpf", 0, null), "mount(bpf)", dir.toString());
        return true;
    }

    /** Unmounts a bpffs that {@link #mount} mounted (pinned objects under it are released). */
    public static void unmount(Path dir) {
        if (!isBpfFs(dir)) throw new IllegalArgumentException(dir + " is not a bpffs");
        Sys.check(Native.libc().umount2(dir.toString(), 0), "umount(bpf)", dir.toString());
    }

    /** Removes a pin; the object lives on while other fds or pins refer to it. False if nothing was there. */
    public static boolean unpin(Path path) {
        int r = Native.libc().unlink(path.toString());
        if (r < 0) {
            int e = Native.errno();
            if (e == Errno.ENOENT) return false;
            throw new SyscallException("unlink", Errno.of(e), path.toString());
        }
        return true;
    }

    /** Pins any handle (map, program, link) at {@code path} on a bpffs. */
    public static void pin(FdHandle handle, Path path) {
        objPin(handle.fd(), path, handle.toString());
    }

    /**
     * Opens whatever is pinned at {@code path} and returns the new fd, which the caller owns. Prefer
     * {@link BpfMap#openPinned}, {@link BpfProgram#openPinned} or {@code XdpLink.openPinned}.
     */
    public static int openPinnedFd(Path path) {
        return objGet(path, "object");
    }

    static void objPin(int fd, Path path, String what) {
        Pointer p = Native.cString(path.toString());
        Attr t = Attr.get(16);
        t.attr().putLong(0, p.address());
        t.attr().putInt(8, fd);
        long r = Sys.bpfRaw(BpfCommand.OBJ_PIN, t.attr(), 16);
        Reference.reachabilityFence(p);
        if (r < 0) {
            Errno e = Errno.of((int) -r);
            String hint = e.value() == Errno.EPERM && !isBpfFs(path.getParent() == null ? path : path.getParent())
                    ? " (" + path.getParent() + " is not on a bpffs: see BpfFs.mount)" : "";
            throw new BpfException(BpfCommand.OBJ_PIN, e, "pin " + what + " at " + path + hint);
        }
    }

    static int objGet(Path path, String what) {
        Pointer p = Native.cString(path.toString());
        Attr t = Attr.get(16);
        t.attr().putLong(0, p.address());
        long r = Sys.bpfRaw(BpfCommand.OBJ_GET, t.attr(), 16);
        Reference.reachabilityFence(p);
        if (r < 0) throw new BpfException(BpfCommand.OBJ_GET, Errno.of((int) -r), "open pinned " + what + " " + path);
        return (int) r;
    }
}
