package dev.coffer.internal.format;

import java.lang.management.ManagementFactory;

/**
 * Test helper for the fuzz tests' allocation bounds: the bytes the current thread allocates while
 * running an action, as HotSpot counts them ({@code com.sun.management.ThreadMXBean}). Counted, not
 * timed, so the bounds do not depend on the machine's speed. Each action runs once unmeasured first,
 * so class loading and first-call initialisation are not counted.
 */
final class Allocation {
    /** Far more than refusing a small input needs, far less than one claimed count would allocate. */
    static final long SMALL = 64 * 1024;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocation() {
    }

    /** The outcome of one measured run: what it threw (or null) and the bytes it allocated. */
    static final class Run {
        final Throwable thrown;
        final long bytes;

        Run(Throwable thrown, long bytes) {
            this.thrown = thrown;
            this.bytes = bytes;
        }
    }

    /** Runs {@code action} twice and reports the second run. */
    static Run of(Runnable action) {
        once(action);
        long id = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(id);
        Throwable thrown = once(action);
        long after = THREADS.getThreadAllocatedBytes(id);
        return new Run(thrown, after - before);
    }

    private static Throwable once(Runnable action) {
        try {
            action.run();
            return null;
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            return e;
        }
    }
}
