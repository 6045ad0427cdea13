package dev.ebpf4j.loader;

import dev.ebpf4j.loader.internal.Sys;

import java.lang.ref.Cleaner;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A kernel object reached through a file descriptor that this handle owns. Closing releases the fd (and with it
 * whatever the kernel ties to it: a link detaches, an unpinned map with no other users goes away); closing twice
 * does nothing. A handle that is never closed is closed by a {@link Cleaner} once unreachable, as a safety net
 * only: fds are a scarce resource, so close handles explicitly (try-with-resources).
 */
public abstract class FdHandle implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();

    /** The state the cleaner sees: must not refer back to the handle. */
    private static final class FdState implements Runnable {
        final AtomicInteger fd;

        FdState(int fd) {
            this.fd = new AtomicInteger(fd);
        }

        @Override
        public void run() {
            Sys.closeQuietly(fd.getAndSet(-1));
        }
    }

    private final FdState state;
    private final Cleaner.Cleanable cleanable;

    protected FdHandle(int fd) {
        this.state = new FdState(fd);
        this.cleanable = CLEANER.register(this, state);
    }

    /** The file descriptor. */
    public final int fd() {
        int fd = state.fd.get();
        if (fd < 0) throw new IllegalStateException(describe() + " is closed");
        return fd;
    }

    public final boolean isClosed() {
        return state.fd.get() < 0;
    }

    /** Releases the fd; harmless when already closed. */
    @Override
    public void close() {
        cleanable.clean();
    }

    /** What this is, for messages ("map 'counts'"). */
    protected abstract String describe();

    @Override
    public String toString() {
        int fd = state.fd.get();
        return describe() + (fd < 0 ? " (closed)" : " (fd " + fd + ")");
    }
}
