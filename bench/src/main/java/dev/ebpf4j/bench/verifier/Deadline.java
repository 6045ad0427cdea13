package dev.ebpf4j.bench.verifier;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a call with a time limit on a daemon thread, stopping the thread if it runs over (where the JDK still can):
 * used once per program, before measuring, to leave out programs the simulator cannot answer in time.
 */
final class Deadline {
    private Deadline() {}

    /** The call's value, or null when it did not finish within {@code millis}. */
    static <T> T within(long millis, Callable<T> call) throws Exception {
        Thread[] worker = new Thread[1];
        ExecutorService ex = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "deadline");
            t.setDaemon(true);
            worker[0] = t;
            return t;
        });
        try {
            Future<T> f = ex.submit(call);
            try {
                return f.get(millis, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                f.cancel(true);
                stop(worker[0]);
                return null;
            }
        } finally {
            ex.shutdownNow();
        }
    }

    private static void stop(Thread t) {
        if (t == null || !t.isAlive()) return;
        try {
            Thread.class.getMethod("stop").invoke(t);   // JDK 17-19; later JDKs leave the daemon running
        } catch (ReflectiveOperationException | UnsupportedOperationException e) {
            // left behind
        }
    }
}
