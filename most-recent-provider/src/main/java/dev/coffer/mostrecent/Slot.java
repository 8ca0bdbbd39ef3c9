package dev.coffer.mostrecent;

import dev.coffer.CofferException;
import dev.coffer.MaterialsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One cached value with a time to live, refreshed by at most one caller at a time while the others
 * keep using the value they have.
 *
 * <ul>
 *   <li>Empty: the first callers share one load (a future); none holds a lock while it runs.</li>
 *   <li>Fresh ({@code now < loadedAt + ttl}): returned as is.</li>
 *   <li>Expired: the first caller to win a compare-and-set refreshes, on its own thread; everyone
 *       else returns the old value at once.</li>
 *   <li>A refresh failed: the old value stays in use until {@code loadedAt + ttl + grace}, with at
 *       most one new attempt per {@code retryInterval}; after the grace period every call fails
 *       with a {@link MaterialsException} naming the last error.</li>
 * </ul>
 *
 * <p>Thread-safety: safe for concurrent use.
 */
final class Slot<T> {
    private static final class Held<T> {
        final T value;
        final Instant loadedAt;

        Held(T value, Instant loadedAt) {
            this.value = value;
            this.loadedAt = loadedAt;
        }
    }

    private final String what;
    private final AtomicReference<Held<T>> held = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<Held<T>>> firstLoad = new AtomicReference<>();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile Instant retryAfter = Instant.MIN;
    private volatile RuntimeException lastError;

    Slot(String what) {
        this.what = what;
    }

    /** The value, loading or refreshing it with {@code loader} as the rules above say. */
    T get(Supplier<T> loader, Clock clock, Duration ttl, Duration grace, Duration retryInterval, Runnable onHit) {
        Held<T> h = held.get();
        if (h == null) {
            return loadFirst(loader, clock).value;
        }
        Instant now = clock.instant();
        if (now.isBefore(h.loadedAt.plus(ttl))) {
            onHit.run();
            return h.value;
        }
        if (now.isBefore(retryAfter) || !refreshing.compareAndSet(false, true)) {
            return stale(h, now, ttl, grace);
        }
        try {
            Held<T> again = held.get();
            if (again != h) {
                // Another caller refreshed between our read and our compare-and-set.
                return again.value;
            }
            T fresh = loader.get();
            held.set(new Held<>(fresh, clock.instant()));
            lastError = null;
            return fresh;
        } catch (RuntimeException e) {
            lastError = e;
            retryAfter = now.plus(retryInterval);
            return stale(h, now, ttl, grace);
        } finally {
            refreshing.set(false);
        }
    }

    /** Replaces the value (after a rotation this instance made itself). */
    void put(T value, Clock clock) {
        held.set(new Held<>(value, clock.instant()));
        lastError = null;
        retryAfter = Instant.MIN;
    }

    /** The value if one is held, fresh or not; for statistics and tests. */
    T peek() {
        Held<T> h = held.get();
        return h == null ? null : h.value;
    }

    private T stale(Held<T> h, Instant now, Duration ttl, Duration grace) {
        Instant deadline = h.loadedAt.plus(ttl).plus(grace);
        if (now.isBefore(deadline)) {
            return h.value;
        }
        RuntimeException cause = lastError;
        throw new MaterialsException(what + ": could not be refreshed, and the last good copy, loaded at "
                + h.loadedAt + ", is past its time to live (" + ttl + ") plus grace period (" + grace + "). "
                + "Failing closed. Last error: " + (cause == null ? "none recorded (a refresh is in progress)"
                : describe(cause)) + ". Check that the meta-store table and its key provider (e.g. KMS) are reachable",
                cause);
    }

    private Held<T> loadFirst(Supplier<T> loader, Clock clock) {
        while (true) {
            CompletableFuture<Held<T>> f = firstLoad.get();
            if (f == null) {
                CompletableFuture<Held<T>> mine = new CompletableFuture<>();
                if (!firstLoad.compareAndSet(null, mine)) {
                    continue;
                }
                try {
                    Held<T> loaded = new Held<>(loader.get(), clock.instant());
                    held.set(loaded);
                    mine.complete(loaded);
                    return loaded;
                } catch (RuntimeException e) {
                    firstLoad.set(null);
                    mine.completeExceptionally(e);
                    throw e;
                }
            }
            try {
                return f.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuntimeException) {
                    throw (RuntimeException) e.getCause();
                }
                throw e;
            }
        }
    }

    static String describe(Throwable e) {
        String m = e instanceof CofferException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
        return m;
    }
}
