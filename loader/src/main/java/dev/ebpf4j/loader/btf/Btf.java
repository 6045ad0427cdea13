package dev.ebpf4j.loader.btf;

import dev.ebpf4j.loader.BpfCommand;
import dev.ebpf4j.loader.BpfException;
import dev.ebpf4j.loader.Errno;
import dev.ebpf4j.loader.FdHandle;
import dev.ebpf4j.loader.internal.Attr;
import dev.ebpf4j.loader.internal.Native;
import dev.ebpf4j.loader.internal.Sys;
import jnr.ffi.Pointer;

import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;

/** BTF loaded into the kernel ({@code BPF_BTF_LOAD}); maps refer to its type ids through {@code MapCreateOptions.btf}. */
public final class Btf extends FdHandle {
    private Btf(int fd) {
        super(fd);
    }

    /**
     * Loads raw BTF (see {@link BtfBuilder}).
     *
     * @throws BpfException naming the kernel's complaint (the last line of the BTF log) when it refuses
     */
    public static Btf load(byte[] raw) {
        Pointer data = Native.copyOf(raw);
        int logSize = 64 * 1024;
        Pointer log = Native.allocate(logSize);
        Attr t = Attr.get(32);
        Pointer a = t.attr();
        a.putLong(0, data.address());
        a.putLong(8, log.address());
        a.putInt(16, raw.length);
        a.putInt(20, logSize);
        a.putInt(24, 1);
        long r = Sys.bpfRaw(BpfCommand.BTF_LOAD, a, 32);
        Reference.reachabilityFence(data);
        if (r < 0) {
            String text = log.getString(0, logSize, StandardCharsets.UTF_8).strip();
            String last = text.isEmpty() ? "" : text.substring(text.lastIndexOf('\n') + 1);
            throw new BpfException(BpfCommand.BTF_LOAD, Errno.of((int) -r), last);
        }
        return new Btf((int) r);
    }

    @Override
    protected String describe() {
        return "BTF";
    }
}
