package dev.ebpf4j.loader;

/**
 * What the kernel says about a BPF link ({@code struct bpf_link_info}).
 *
 * @param type    the link type ({@code BPF_LINK_TYPE_XDP} = 6)
 * @param id      the kernel-wide link id
 * @param progId  the id of the attached program (0 once detached)
 * @param ifindex for XDP links, the interface index (0 once detached)
 */
public record LinkInfo(int type, int id, int progId, int ifindex) {
    public static final int TYPE_XDP = 6;

    /** Asks the kernel about the link behind {@code handle}. */
    public static LinkInfo of(FdHandle handle) {
        int[] i = ObjectInfo.link(handle.fd());
        return new LinkInfo(i[0], i[1], i[2], i[3]);
    }
}
