package dev.coffer.materials.cache;

/**
 * A monotonic time source in nanoseconds, the only clock Coffer's caches read. Unlike a wall clock
 * it never jumps backwards or forwards with the system time, so a cache entry's age is always
 * right; tests pass a ticker they advance by hand instead of sleeping.
 *
 * <pre>{@code
 * AtomicLong now = new AtomicLong();
 * CachingProvider cached = CachingProvider.builder().provider(kms).ticker(now::get).build();
 * now.addAndGet(Duration.ofMinutes(6).toNanos()); // every entry is now past a 5-minute maxAge
 * }</pre>
 *
 * <p>Thread-safety: implementations must be safe to call from any thread.
 */
@FunctionalInterface
public interface Ticker {
    /** Nanoseconds since an arbitrary, fixed origin; only differences between readings matter. */
    long read();

    /** The system's monotonic ticker, {@link System#nanoTime()}. */
    static Ticker system() {
        return System::nanoTime;
    }
}
