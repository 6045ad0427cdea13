package dev.ebpf4j.cli.fuzz;

/** Ending a thread that runs away in code that never looks at interrupts. */
final class Watchdog {
    private Watchdog() {}

    /**
     * {@code Thread.stop()} where the running JDK still has it (17 to 19), through reflection so newer JDKs build
     * this too; elsewhere the thread is left running as a daemon, and the caller carries on with another one.
     */
    static void stop(Thread t) {
        if (t == null || !t.isAlive()) return;
        try {
            Thread.class.getMethod("stop").invoke(t);
        } catch (ReflectiveOperationException | UnsupportedOperationException e) {
            // left behind: it is a daemon and ends with the test JVM
        }
    }
}
