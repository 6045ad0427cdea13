package dev.ebpf4j.verifier.fuzz;

import dev.ebpf4j.verifier.Result;
import dev.ebpf4j.verifier.Verifier;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the simulator on one input at a time on a worker thread, under a generous time limit, and says what went
 * wrong if anything did: an exception, an internal error the simulator caught and turned into a reject, an answer
 * that contradicts itself, or no answer in time. A time or step limit is the simulator's own business; this
 * limit only tells a hang from a slow answer.
 */
final class GuardedVerifier implements AutoCloseable {
    private final long limitMillis;
    private ExecutorService worker;
    private volatile Thread current;

    GuardedVerifier(long limitMillis) {
        this.limitMillis = limitMillis;
        this.worker = newWorker();
    }

    private ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "simulator");
            t.setDaemon(true);
            current = t;
            return t;
        });
    }

    /** Null when the simulator answered properly, else what went wrong. */
    String problem(Input input) {
        Future<Result> f = worker.submit(() -> Verifier.verify(input.program(), input.options()));
        Result r;
        try {
            r = f.get(limitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            worker.shutdownNow();
            stop(current);
            worker = newWorker();
            return "no answer within " + limitMillis + " ms";
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            StackTraceElement top = c.getStackTrace().length == 0 ? null : c.getStackTrace()[0];
            return "threw " + c + (top == null ? "" : " at " + top);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return contradiction(r);
    }

    /** What a result must satisfy: an accept has no error; a reject has an errno and a message, and no bug of ours in it. */
    static String contradiction(Result r) {
        if (r == null) return "returned null";
        if (r.accepted()) {
            if (!r.errorLines().isEmpty() || r.errno() != null) return "accepted with an error: " + r.errno() + " " + r.errorLines();
            return null;
        }
        if (r.errno() == null) return "rejected without an errno: " + r.errorLines();
        if (r.errorLines().isEmpty() || r.errorLine().isBlank()) return "rejected without a message (" + r.errno() + ")";
        for (String l : r.errorLines()) {
            if (l.contains("(internal error")) return "internal error: " + l;
        }
        return null;
    }

    /**
     * A thread that never looks at interrupts can only be stopped with {@code Thread.stop()}, which JDK 17 to 19
     * still have (called through reflection so newer JDKs build this too); elsewhere the daemon is left behind.
     */
    private static void stop(Thread t) {
        if (t == null || !t.isAlive()) return;
        try {
            Thread.class.getMethod("stop").invoke(t);
        } catch (ReflectiveOperationException | UnsupportedOperationException e) {
            // left running; it ends with the test JVM
        }
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
