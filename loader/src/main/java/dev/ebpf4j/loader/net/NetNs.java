package dev.ebpf4j.loader.net;

import dev.ebpf4j.loader.internal.Native;
import dev.ebpf4j.loader.internal.Sys;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A private network namespace, held by one dedicated thread that called {@code unshare(CLONE_NEWNET)}:
 * namespaces belong to threads in Linux, so everything that must happen "inside" (opening sockets, looking up
 * interfaces, attaching XDP, netlink) runs on that thread through {@link #call}. The namespace starts with only
 * {@code lo}, which is brought up. It goes away when the thread ends ({@link #close}) and nothing else (a socket,
 * a link) still refers to it. The host's interfaces are never touched.
 *
 * <pre>{@code
 * long n = NetNs.run(() -> { ... open a PacketSocket on "lo", send traffic ... return count; });
 *
 * try (NetNs a = NetNs.create(); NetNs b = NetNs.create()) {
 *     a.addVeth("veth0", b, "veth1");           // veth0 in a, veth1 in b
 *     a.addAddress("veth0", "10.9.0.1/24"); a.linkUp("veth0");
 *     b.addAddress("veth1", "10.9.0.2/24"); b.linkUp("veth1");
 *     boolean answered = a.call(() -> Ping.echo("10.9.0.2", 1000));
 * }
 * }</pre>
 *
 * Why not {@code ip link add} through a process: a child process starts in the process's (host) namespace,
 * not the thread's; it would need {@code nsenter --net=/proc/PID/task/TID/ns/net}. The small rtnetlink client
 * in {@link Netlink} avoids depending on iproute2.
 */
public final class NetNs implements AutoCloseable {
    private static final int CLONE_NEWNET = 0x40000000;
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final ExecutorService thread;
    private final int tid;
    private volatile Thread owner;

    private NetNs() {
        int n = COUNTER.incrementAndGet();
        thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ebpf4j-netns-" + n);
            t.setDaemon(true);
            return t;
        });
        int id;
        try {
            id = submit(() -> {
                owner = Thread.currentThread();
                Sys.check(Native.libc().unshare(CLONE_NEWNET), "unshare(CLONE_NEWNET)",
                        "a private network namespace needs CAP_SYS_ADMIN");
                Netlink.linkUp("lo");
                return Native.gettid();
            });
        } catch (RuntimeException e) {
            thread.shutdownNow();
            throw e;
        }
        tid = id;
    }

    /** Creates a namespace (with {@code lo} up) on a new thread. */
    public static NetNs create() {
        return new NetNs();
    }

    /** Runs {@code task} in a fresh namespace that is removed afterwards. */
    public static <T> T run(Callable<T> task) {
        try (NetNs ns = create()) {
            return ns.call(task);
        }
    }

    /**
     * Runs {@code task} on this namespace's thread and returns its result. Unchecked exceptions pass through
     * as they are; checked ones arrive wrapped in a {@link CompletionException}.
     */
    public <T> T call(Callable<T> task) {
        if (Thread.currentThread() == owner) {
            try {
                return task.call();
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }
        return submit(task);
    }

    /** {@link #call} for tasks with no result. */
    public void run(Runnable task) {
        call(() -> {
            task.run();
            return null;
        });
    }

    private <T> T submit(Callable<T> task) {
        Future<T> f = thread.submit(task);
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException) throw (RuntimeException) c;
            if (c instanceof Error) throw (Error) c;
            throw new CompletionException(c);
        }
    }

    /** The namespace's file, {@code /proc/PID/task/TID/ns/net} (for {@code nsenter --net=} or {@code setns}). */
    public Path path() {
        return Path.of("/proc/" + ProcessHandle.current().pid() + "/task/" + tid + "/ns/net");
    }

    /** The kernel id of the thread that holds the namespace. */
    public int threadId() { return tid; }

    /** Brings {@code ifname} up. */
    public void linkUp(String ifname) {
        run(() -> Netlink.linkUp(ifname));
    }

    /**
     * Waits (up to 10 s) until each interface is operationally up (or, like {@code lo}, has no carrier to wait
     * for): after {@link #linkUp}, a veth end passes frames only once the kernel's link watcher has seen both ends
     * up, which can take a second on a busy machine.
     *
     * @throws IllegalStateException naming the interface and its state when it does not come up in time
     */
    public void awaitUp(String... ifnames) {
        run(() -> {
            long deadline = System.nanoTime() + 10_000_000_000L;
            for (String name : ifnames) {
                Netlink.OperState st;
                while ((st = Netlink.operState(name)) != Netlink.OperState.UP && st != Netlink.OperState.UNKNOWN) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(name + " did not come up within 10 s (operational state " + st + ")");
                    }
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted while waiting for " + name, e);
                    }
                }
            }
        });
    }

    /** Creates a veth pair with both ends here. */
    public void addVeth(String name, String peer) {
        run(() -> Netlink.addVeth(name, peer));
    }

    /** Creates a veth pair: {@code name} here, {@code peer} in {@code peerNs}. */
    public void addVeth(String name, NetNs peerNs, String peer) {
        String nsPath = peerNs.path().toString();
        run(() -> Netlink.addVeth(name, peer, nsPath));
    }

    /** Adds an IPv4 address such as {@code 10.0.0.1/24} to {@code ifname}. */
    public void addAddress(String ifname, String cidr) {
        run(() -> Netlink.addAddress(ifname, cidr));
    }

    /** Ends the thread; the namespace goes away once nothing else refers to it. */
    @Override
    public void close() {
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) thread.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
