package dev.ebpf4j.cli.fuzz;

import dev.ebpf4j.verifier.Options;
import dev.ebpf4j.verifier.Result;
import dev.ebpf4j.verifier.Verifier;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The simulator's answer for a generated program, asked the way the kernel is asked (same type, maps, no flags).
 * Each program runs on a worker thread under a generous time limit: a simulator that hangs on one program is a
 * finding to report (as the answer "timed out", which never counts as an accept), not a reason to lose the run.
 */
final class SimulatorOracle implements AutoCloseable {
    static final String TIMED_OUT = "(simulator timed out)";
    private final long limitMillis;
    private ExecutorService worker = newWorker();
    int timeouts;

    SimulatorOracle(long limitMillis) {
        this.limitMillis = limitMillis;
    }

    private volatile Thread current;

    private ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "simulator");
            t.setDaemon(true);
            current = t;
            return t;
        });
    }

    Answer answer(FuzzProgram p) {
        Future<Result> f = worker.submit(() -> Verifier.verify(p.unit(), Options.of(p.type())));
        Result r;
        try {
            r = f.get(limitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // the walk does not look at interrupts: stop the thread where the JDK still can, else leave it behind
            f.cancel(true);
            worker.shutdownNow();
            Watchdog.stop(current);
            worker = newWorker();
            timeouts++;
            return Answer.reject(null, TIMED_OUT, -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new AssertionError("the simulator threw " + e.getCause() + " on\n" + p, e.getCause());
        }
        if (r.accepted()) return Answer.accept(r.processed());
        return Answer.reject(r.errno() == null ? null : r.errno().name(), r.errorLine(), r.processed());
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
