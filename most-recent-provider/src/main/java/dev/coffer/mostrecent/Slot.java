package dev.coffer.mostrecent;

import dev.coffer.CofferException;
import dev.coffer.MaterialsException;
import dev.coffer.telemetry.CofferTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * One cached value with a time to live, loaded and refreshed by at most one caller at a time.
 *
 * <ul>
 *   <li>Fresh ({@code now < loadedAt + ttl}): returned as is.</li>
 *   <li>Usable but expired ({@code now < loadedAt + ttl + grace}): the first caller to win a
 *       compare-and-set refreshes, on its own thread; every other caller returns the old value at
 *       once.</li>
 *   <li>No usable value (empty, or past {@code loadedAt + ttl + grace}, e.g. after an idle period):
 *       the first caller loads; every other caller waits for that one load, at most
 *       {@link Timing#refreshWait}, and gets its value or its error. A caller that waited longer
 *       fails with a {@link MaterialsException}; the load goes on, and later callers use its
 *       result.</li>
 *   <li>A refresh failed: the old value stays in use until {@code loadedAt + ttl + grace}, with at
 *       most one new attempt per {@code retryInterval}; after that, between attempts, every call fails
 *       with a {@link MaterialsException} naming the last error.</li>
 * </ul>
 *
 * <p>No lock is held while the loader runs: the one load in flight is a future published with a
 * compare-and-set, and waiters block on that future only.
 *
 * <p>Thread-safety: safe for concurrent use.
 */
final class Slot<T> {
    /** The time rules of a slot; {@code clock} is injectable so tests move time instead of sleeping. */
    record Timing(Clock clock, Duration ttl, Duration grace, Duration retryInterval, Duration refreshWait) {
    }

    private static final class Held<T> {
        final T value;
        final Instant loadedAt;

        Held(T value, Instant loadedAt) {
            this.value = value;
            this.loadedAt = loadedAt;
        }
    }

    private final String what;
    /** The material's name: what telemetry calls this cache (low-cardinality, unlike {@code what}). */
    private final String material;
    private final Timing timing;
    private final AtomicReference<Held<T>> held = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<Held<T>>> inFlight = new AtomicReference<>();
    private volatile Instant retryAfter = Instant.MIN;
    private volatile RuntimeException lastError;

    Slot(String what, String material, Timing timing) {
        this.what = what;
        this.material = material;
        this.timing = timing;
    }

    /** The value, loading or refreshing it with {@code loader} as the rules above say. */
    T get(Supplier<T> loader, Runnable onHit) {
        while (true) {
            Held<T> h = held.get();
            Instant now = timing.clock().instant();
            if (h != null && now.isBefore(h.loadedAt.plus(timing.ttl()))) {
                onHit.run();
                CofferTelemetry.cacheAccess("MostRecentProvider", material, true);
                return h.value;
            }
            boolean usable = h != null && now.isBefore(deadline(h));
            CompletableFuture<Held<T>> running = inFlight.get();
            if (running != null) {
                if (usable) {
                    return h.value; // stale while another caller refreshes
                }
                CofferTelemetry.cacheAccess("MostRecentProvider", material, false);
                return await(running, h);
            }
            if (h != null && now.isBefore(retryAfter)) {
                // A refresh failed a moment ago: no new attempt yet.
                if (usable) {
                    return h.value;
                }
                throw expired(h, lastError);
            }
            CompletableFuture<Held<T>> mine = new CompletableFuture<>();
            if (!inFlight.compareAndSet(null, mine)) {
                continue;
            }
            if (held.get() != h) {
                // Another caller's load finished between our read and our compare-and-set: use it.
                inFlight.set(null);
                mine.complete(held.get());
                continue;
            }
            CofferTelemetry.cacheAccess("MostRecentProvider", material, false);
            return load(loader, h, usable, now, mine);
        }
    }

    private T load(Supplier<T> loader, Held<T> old, boolean usable, Instant now, CompletableFuture<Held<T>> mine) {
        try {
            Held<T> fresh = new Held<>(CofferTelemetry.cacheRefresh("MostRecentProvider", material, usable, loader),
                    timing.clock().instant());
            held.set(fresh);
            lastError = null;
            retryAfter = Instant.MIN;
            mine.complete(fresh);
            return fresh.value;
        } catch (Error e) {
            mine.completeExceptionally(e);
            throw e;
        } catch (RuntimeException e) {
            mine.completeExceptionally(e);
            if (old == null) {
                throw e; // the first load: every caller gets its error, and the next call tries again
            }
            lastError = e;
            retryAfter = now.plus(timing.retryInterval());
            if (usable) {
                return old.value;
            }
            throw expired(old, e);
        } finally {
            // Cleared after held is set, so a caller that finds no load in flight sees the new value.
            inFlight.compareAndSet(mine, null);
        }
    }

    /** Waits for the load another caller is running, at most {@code refreshWait}. */
    private T await(CompletableFuture<Held<T>> running, Held<T> old) {
        try {
            return running.get(timing.refreshWait().toNanos(), TimeUnit.NANOSECONDS).value;
        } catch (ExecutionException e) {
            RuntimeException cause = e.getCause() instanceof RuntimeException r ? r
                    : new MaterialsException(what + ": loading failed: " + describe(e.getCause()), e.getCause());
            if (old == null) {
                throw cause;
            }
            throw expired(old, cause);
        } catch (TimeoutException e) {
            throw new MaterialsException(what + ": " + (old == null ? "not loaded yet" : "the last good copy, loaded at "
                    + old.loadedAt + ", is past its time to live (" + timing.ttl() + ") plus grace period ("
                    + timing.grace() + ")") + ", and the load in progress did not finish within " + timing.refreshWait()
                    + " (refreshWait). Failing closed; later calls use the load's result once it finishes. Check that "
                    + "the meta-store table and its key provider (e.g. KMS) answer promptly");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MaterialsException(what + ": interrupted while waiting for the load in progress");
        }
    }

    /** Replaces the value (after a rotation this instance made itself). */
    void put(T value) {
        held.set(new Held<>(value, timing.clock().instant()));
        lastError = null;
        retryAfter = Instant.MIN;
    }

    /** The value if one is held, fresh or not; for statistics and tests. */
    T peek() {
        Held<T> h = held.get();
        return h == null ? null : h.value;
    }

    private Instant deadline(Held<T> h) {
        return h.loadedAt.plus(timing.ttl()).plus(timing.grace());
    }

    private MaterialsException expired(Held<T> h, RuntimeException cause) {
        return new MaterialsException(what + ": could not be refreshed, and the last good copy, loaded at "
                + h.loadedAt + ", is past its time to live (" + timing.ttl() + ") plus grace period (" + timing.grace()
                + "). Failing closed. Last error: " + (cause == null ? "none recorded" : describe(cause))
                + ". Check that the meta-store table and its key provider (e.g. KMS) are reachable", cause);
    }

    static String describe(Throwable e) {
        return e instanceof CofferException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
