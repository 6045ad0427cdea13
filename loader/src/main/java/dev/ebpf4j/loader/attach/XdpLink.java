package dev.ebpf4j.loader.attach;

import dev.ebpf4j.asm.uapi.AttachType;
import dev.ebpf4j.loader.BpfCommand;
import dev.ebpf4j.loader.BpfException;
import dev.ebpf4j.loader.BpfFs;
import dev.ebpf4j.loader.BpfProgram;
import dev.ebpf4j.loader.Errno;
import dev.ebpf4j.loader.FdHandle;
import dev.ebpf4j.loader.LinkInfo;
import dev.ebpf4j.loader.internal.Attr;
import dev.ebpf4j.loader.internal.Sys;
import dev.ebpf4j.loader.net.Interfaces;
import jnr.ffi.Pointer;

import java.nio.file.Path;

/**
 * An XDP program attached to an interface through a BPF link ({@code BPF_LINK_CREATE}). The program stays
 * attached while the link's fd is open or the link is pinned; {@link #close()} detaches it (unless pinned).
 * Attaching is done in the calling thread's network namespace (see {@code NetNs}).
 */
public final class XdpLink extends FdHandle {
    private static final int LINK_ATTR = 16;

    private final String ifname;
    private int ifindex;

    private XdpLink(int fd, String ifname, int ifindex) {
        super(fd);
        this.ifname = ifname;
        this.ifindex = ifindex;
    }

    /** Attaches {@code program} (XDP, expected attach type XDP or none) to the interface {@code ifname}. */
    public static XdpLink attach(BpfProgram program, String ifname, XdpMode mode) {
        return attach(program, ifname, Interfaces.index(ifname), mode);
    }

    /** Attaches by interface index. */
    public static XdpLink attach(BpfProgram program, int ifindex, XdpMode mode) {
        return attach(program, "ifindex " + ifindex, ifindex, mode);
    }

    private static XdpLink attach(BpfProgram program, String ifname, int ifindex, XdpMode mode) {
        Attr t = Attr.get(LINK_ATTR);
        Pointer a = t.attr();
        a.putInt(0, program.fd());
        a.putInt(4, ifindex);
        a.putInt(8, AttachType.XDP.value());
        a.putInt(12, mode.flags());
        long r = Sys.bpfRaw(BpfCommand.LINK_CREATE, a, LINK_ATTR);
        if (r < 0) {
            int e = (int) -r;
            String hint = e == Errno.EINVAL && !Interfaces.exists(ifindex) ? ": no interface with index " + ifindex + " here" : hint(e, mode);
            throw new BpfException(BpfCommand.LINK_CREATE, Errno.of(e), "attach " + program + " to " + ifname
                    + " (XDP, " + mode.name().toLowerCase() + " mode)" + hint);
        }
        return new XdpLink((int) r, ifname, ifindex);
    }

    private static String hint(int errno, XdpMode mode) {
        switch (errno) {
            case Errno.EBUSY: return ": an XDP program is already attached there";
            case Errno.ENODEV: return ": no such interface";
            case Errno.EOPNOTSUPP: return mode == XdpMode.DRIVER ? ": the driver has no native XDP; use generic mode" : "";
            case Errno.EINVAL: return ": is it an XDP program?";
            default: return "";
        }
    }

    /** Opens a link pinned on bpffs. */
    public static XdpLink openPinned(Path path) {
        int fd = BpfFs.openPinnedFd(path);
        XdpLink link = new XdpLink(fd, path.toString(), -1);
        try {
            LinkInfo info = link.info();
            if (info.type() != LinkInfo.TYPE_XDP) throw new IllegalArgumentException(path + " is not an XDP link (link type " + info.type() + ")");
            link.ifindex = info.ifindex();
            return link;
        } catch (RuntimeException e) {
            link.close();
            throw e;
        }
    }

    /** Asks the kernel about the link (its id, the program's id, the interface; 0s once detached). */
    public LinkInfo info() {
        return LinkInfo.of(this);
    }

    public String interfaceName() { return ifname; }

    public int interfaceIndex() { return ifindex; }

    /** Pins the link: the program then stays attached after this process closes the fd or exits. */
    public void pin(Path path) {
        BpfFs.pin(this, path);
    }

    /**
     * Detaches the program now ({@code BPF_LINK_DETACH}), even if the link is pinned or its fd shared; the
     * handle stays open (and defunct) until closed.
     */
    public void detach() {
        Attr t = Attr.get(8);
        t.attr().putInt(0, fd());
        Sys.bpf(BpfCommand.LINK_DETACH, t.attr(), 8, describe());
    }

    @Override
    protected String describe() {
        return "XDP link on " + ifname;
    }
}
