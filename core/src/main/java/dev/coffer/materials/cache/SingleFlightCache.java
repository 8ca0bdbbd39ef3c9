package dev.coffer.materials.cache;

import dev.coffer.CofferException;
import dev.coffer.ConfigurationException;
import dev.coffer.MaterialsException;
import dev.coffer.internal.telemetry.Telemetry;
import dev.coffer.telemetry.CofferTelemetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one cache behind every Coffer provider that caches ({@link dev.coffer.materials.CachingProvider},
 * the most-recent provider): values with a time to live, loaded by at most one caller per key at a
 * time, for provider authors who need the same guarantees. Time comes from a {@link Ticker}.
 *
 * <p>Per key:
 * <ul>
 *   <li><b>Fresh</b> ({@code age < ttl}): returned as is.</li>
 *   <li><b>Usable but expired</b> ({@code age < ttl + grace}): the first caller to win a
 *       compare-and-set refreshes, on its own thread; every other caller gets the old value at
 *       once. With a zero grace period (the caching provider) an expired value is never served.</li>
 *   <li><b>No usable value</b> (none yet, retired, or past {@code ttl + grace}): the first caller
 *       loads; every caller arriving meanwhile waits for that one load (at most
 *       {@link Builder#refreshWait} if set) and gets its value or its exception. A caller that
 *       waited longer fails with a {@link MaterialsException}; the load goes on, and later callers
 *       use its result.</li>
 *   <li><b>A load fails.</b> With no old value, or with a zero grace period, the loader and its
 *       waiters get the loader's exception itself and nothing is cached: the next call loads again.
 *       With an old value inside its grace period, that value stays in use, with at most one new
 *       attempt per {@link Builder#retryInterval}; past the grace period, calls between attempts fail
 *       with a {@link MaterialsException} naming the last error. A failure is never served as a
 *       value.</li>
 * </ul>
 * No lock is held while a loader runs: the one load in flight is a future published with a
 * compare-and-set, and waiters block on that future only. When a successful load takes the cache
 * over {@link Builder#maxEntries}, entries without a usable value or {@link Builder#spent spent}
 * go first, then entries in
 * {@link Builder#evictionOrder} (oldest loaded first by default); loads in progress and the entry
 * just loaded are never dropped. Dropped values are not wiped: another thread may still use them.
 *
 * <pre>{@code
 * SingleFlightCache<String, Materials> cache = SingleFlightCache.<String, Materials>builder()
 *         .describe(name -> "material '" + name + "'")
 *         .ttl(Duration.ofMinutes(5))
 *         .gracePeriod(Duration.ofMinutes(10))
 *         .build();
 * Materials m = cache.get("orders", () -> loadFromKms("orders"));
 * }</pre>
 *
 * <p>Thread-safety: safe for concurrent use after {@code build()}; the builder is not thread-safe.
 *
 * @param <K> the cache key: a value type with {@code equals} and {@code hashCode} (e.g. a record)
 * @param <V> the cached value
 */
public final class SingleFlightCache<K, V> {
    private final Ticker ticker;
    private final long ttl;
    private final long usableFor;
    private final boolean hasGrace;
    private final long retryInterval;
    private final long refreshWait;
    private final int maxEntries;
    private final Comparator<K> evictionOrder;
    private final Predicate<? super V> spent;
    private final Function<? super K, String> describe;
    private final String failureHint;
    private final String telemetryProvider;
    private final Function<? super K, String> telemetryCache;
    private final ConcurrentHashMap<K, Slot<V>> slots = new ConcurrentHashMap<>();
    private final LongAdder hits = new LongAdder();
    private final LongAdder staleHits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder loads = new LongAdder();
    private final LongAdder loadFailures = new LongAdder();
    private final AtomicInteger waiting = new AtomicInteger();

    private SingleFlightCache(Builder<K, V> b) {
        this.ticker = b.ticker;
        this.ttl = saturatedNanos(b.ttl);
        this.hasGrace = !b.grace.isZero();
        long sum = ttl + saturatedNanos(b.grace);
        this.usableFor = sum < 0 ? Long.MAX_VALUE : sum;
        this.retryInterval = saturatedNanos(b.retryInterval);
        this.refreshWait = b.refreshWait == null ? -1 : saturatedNanos(b.refreshWait);
        this.maxEntries = b.maxEntries;
        this.evictionOrder = b.evictionOrder;
        this.spent = b.spent;
        this.describe = b.describe;
        this.failureHint = b.failureHint;
        this.telemetryProvider = b.telemetryProvider;
        this.telemetryCache = b.telemetryCache;
    }

    public static <K, V> Builder<K, V> builder() {
        return new Builder<>();
    }

    /** The value for {@code key}, loading or refreshing it with {@code loader} as the class comment says. */
    public V get(K key, Supplier<? extends V> loader) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(loader, "loader");
        while (true) {
            Slot<V> s = slots.computeIfAbsent(key, k -> new Slot<>());
            Held<V> h = s.held.get();
            long now = ticker.read();
            if (h != null && now - h.loadedAt < ttl) {
                hits.increment();
                reportAccess(key, true);
                return h.value;
            }
            boolean usable = h != null && now - h.loadedAt < usableFor;
            CompletableFuture<Held<V>> running = s.inFlight.get();
            if (running != null) {
                if (usable) {
                    staleHits.increment(); // stale while another caller refreshes
                    reportAccess(key, true);
                    return h.value;
                }
                misses.increment();
                reportAccess(key, false);
                Held<V> loaded = await(key, running, h);
                if (loaded != null) {
                    return loaded.value;
                }
                continue; // the load we waited for found its work done elsewhere: look again
            }
            if (h != null && s.backingOff && now - s.retryAfter < 0) {
                // A refresh failed a moment ago: no new attempt yet.
                if (usable) {
                    staleHits.increment();
                    reportAccess(key, true);
                    return h.value;
                }
                throw expired(key, h, s.lastError);
            }
            CompletableFuture<Held<V>> mine = new CompletableFuture<>();
            if (!s.inFlight.compareAndSet(null, mine)) {
                continue;
            }
            if (s.held.get() != h || slots.get(key) != s) {
                // Another caller's load (or put, or an eviction) happened between our reads and our
                // compare-and-set: do not load again, look again.
                s.inFlight.set(null);
                mine.complete(null);
                continue;
            }
            misses.increment();
            reportAccess(key, false);
            return load(key, s, loader, h, usable, now, mine);
        }
    }

    private V load(K key, Slot<V> s, Supplier<? extends V> loader, Held<V> old, boolean usable, long now,
            CompletableFuture<Held<V>> mine) {
        loads.increment();
        try {
            V value = CofferTelemetry.cacheRefresh(telemetryProvider, telemetryCache.apply(key),
                    old != null && hasGrace && usable, loader::get);
            if (value == null) {
                throw new MaterialsException(describe.apply(key) + ": the loader returned nothing");
            }
            Held<V> fresh = new Held<>(value, ticker.read());
            s.held.set(fresh);
            s.lastError = null;
            s.backingOff = false;
            mine.complete(fresh);
            s.inFlight.compareAndSet(mine, null);
            evictIfOverCapacity(key);
            return value;
        } catch (Error e) {
            loadFailures.increment();
            mine.completeExceptionally(e);
            s.inFlight.compareAndSet(mine, null);
            dropIfEmpty(key, s);
            throw e;
        } catch (RuntimeException e) {
            loadFailures.increment();
            mine.completeExceptionally(e);
            if (old == null || !hasGrace) {
                // Nothing usable to fall back on: the callers get this failure, and the next call loads again.
                s.inFlight.compareAndSet(mine, null);
                dropIfEmpty(key, s);
                throw e;
            }
            s.lastError = e;
            s.retryAfter = now + retryInterval;
            s.backingOff = true;
            s.inFlight.compareAndSet(mine, null);
            if (usable) {
                staleHits.increment();
                return old.value;
            }
            throw expired(key, old, e);
        }
    }

    /** Waits for the load another caller is running; {@code null} if that load completed without a value. */
    private Held<V> await(K key, CompletableFuture<Held<V>> running, Held<V> old) {
        waiting.incrementAndGet();
        try {
            return refreshWait < 0 ? running.get() : running.get(refreshWait, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error err) {
                throw err;
            }
            RuntimeException failure = cause instanceof RuntimeException r ? r
                    : new MaterialsException(describe.apply(key) + ": loading failed: " + describe(cause), cause);
            if (old == null || !hasGrace) {
                throw failure;
            }
            throw expired(key, old, failure);
        } catch (TimeoutException e) {
            throw new MaterialsException(describe.apply(key) + ": " + (old == null ? "not loaded yet"
                    : "the last good copy is past its time to live plus grace period") + ", and the load in progress "
                    + "did not finish within " + Duration.ofNanos(refreshWait) + " (refreshWait). Failing closed; later "
                    + "calls use the load's result once it finishes. " + failureHint);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MaterialsException(describe.apply(key) + ": interrupted while waiting for the load in progress");
        } finally {
            waiting.decrementAndGet();
        }
    }

    /** Replaces the value of {@code key} with a fresh one (e.g. one this process just created). */
    public void put(K key, V value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Slot<V> s = slots.computeIfAbsent(key, k -> new Slot<>());
        s.held.set(new Held<>(value, ticker.read()));
        s.lastError = null;
        s.backingOff = false;
        evictIfOverCapacity(key);
    }

    /**
     * Stops serving {@code value} for {@code key} if it is still the cached value (e.g. a data key
     * that reached its usage limit); the next call loads anew. Returns whether it was retired here.
     */
    public boolean retire(K key, V value) {
        Slot<V> s = slots.get(key);
        if (s == null) {
            return false;
        }
        Held<V> h = s.held.get();
        return h != null && h.value == value && s.held.compareAndSet(h, null);
    }

    /** The value held for {@code key}, fresh or not, without loading; for statistics and fast paths. */
    public Optional<V> peek(K key) {
        Slot<V> s = slots.get(key);
        Held<V> h = s == null ? null : s.held.get();
        return h == null ? Optional.empty() : Optional.of(h.value);
    }

    /** Whether {@code key} holds a value (fresh or not) or is being loaded. */
    public boolean contains(K key) {
        Slot<V> s = slots.get(key);
        return s != null && (s.held.get() != null || s.inFlight.get() != null);
    }

    /** Drops every value; loads in progress complete for the callers waiting on them. */
    public void invalidateAll() {
        slots.clear();
    }

    /** Keys holding a value or being loaded. */
    public int size() {
        int n = 0;
        for (Slot<V> s : slots.values()) {
            if (s.held.get() != null || s.inFlight.get() != null) {
                n++;
            }
        }
        return n;
    }

    /** Callers blocked right now on a load another caller runs (tests use it to release a load deterministically). */
    public int waiting() {
        return waiting.get();
    }

    /** The counters since this cache was built. */
    public CacheStats stats() {
        long l = loads.sum();
        return CacheStats.of(hits.sum(), staleHits.sum(), misses.sum(), l, Math.min(l, loadFailures.sum()));
    }

    private void reportAccess(K key, boolean hit) {
        if (Telemetry.listening()) {
            CofferTelemetry.cacheAccess(telemetryProvider, telemetryCache.apply(key), hit);
        }
    }

    private void dropIfEmpty(K key, Slot<V> s) {
        if (s.held.get() == null && s.inFlight.get() == null) {
            slots.remove(key, s);
        }
    }

    private void evictIfOverCapacity(K justLoaded) {
        if (slots.size() <= maxEntries) {
            return;
        }
        long now = ticker.read();
        List<Map.Entry<K, Slot<V>>> candidates = new ArrayList<>();
        for (Map.Entry<K, Slot<V>> e : slots.entrySet()) {
            Slot<V> s = e.getValue();
            if (s.inFlight.get() != null || e.getKey().equals(justLoaded)) {
                continue;
            }
            Held<V> h = s.held.get();
            if (h == null || now - h.loadedAt >= usableFor || spent.test(h.value)) {
                slots.remove(e.getKey(), s);
            } else {
                candidates.add(e);
            }
        }
        int excess = slots.size() - maxEntries;
        if (excess <= 0) {
            return;
        }
        Comparator<Map.Entry<K, Slot<V>>> order = evictionOrder != null
                ? Map.Entry.comparingByKey(evictionOrder)
                : Comparator.comparingLong(e -> {
                    Held<V> h = e.getValue().held.get();
                    return h == null ? Long.MIN_VALUE : h.loadedAt - now; // relative: safe across ticker overflow
                });
        candidates.sort(order);
        for (int i = 0; i < candidates.size() && excess > 0; i++) {
            if (slots.remove(candidates.get(i).getKey(), candidates.get(i).getValue())) {
                excess--;
            }
        }
    }

    private MaterialsException expired(K key, Held<V> h, Throwable cause) {
        return new MaterialsException(describe.apply(key) + ": could not be refreshed, and the last good copy, loaded "
                + Duration.ofNanos(ticker.read() - h.loadedAt).toSeconds() + " s ago, is past its time to live ("
                + Duration.ofNanos(ttl) + ") plus grace period (" + Duration.ofNanos(usableFor - ttl)
                + "). Failing closed. Last error: " + (cause == null ? "none recorded" : describe(cause)) + ". "
                + failureHint, cause);
    }

    private static String describe(Throwable e) {
        return e instanceof CofferException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    private static final class Held<V> {
        final V value;
        final long loadedAt;

        Held(V value, long loadedAt) {
            this.value = value;
            this.loadedAt = loadedAt;
        }
    }

    /** One key's state; {@code held} is set before the in-flight future completes, so waiters see it. */
    private static final class Slot<V> {
        final AtomicReference<Held<V>> held = new AtomicReference<>();
        final AtomicReference<CompletableFuture<Held<V>>> inFlight = new AtomicReference<>();
        volatile long retryAfter;
        volatile boolean backingOff;
        volatile Throwable lastError;
    }

    /**
     * Builds a {@link SingleFlightCache}; every invalid setting is a {@link ConfigurationException}
     * from {@link #build()}. Not thread-safe.
     *
     * @param <K> the cache key
     * @param <V> the cached value
     */
    public static final class Builder<K, V> {
        private Ticker ticker = Ticker.system();
        private Duration ttl;
        private Duration grace = Duration.ZERO;
        private Duration retryInterval = Duration.ZERO;
        private Duration refreshWait;
        private int maxEntries = Integer.MAX_VALUE;
        private Comparator<K> evictionOrder;
        private Predicate<? super V> spent = v -> false;
        private Function<? super K, String> describe = String::valueOf;
        private String failureHint = "Check that the source of this cache is reachable.";
        private String telemetryProvider = "SingleFlightCache";
        private Function<? super K, String> telemetryCache = k -> "";

        private Builder() {
        }

        /** The time source; {@link Ticker#system()} by default. */
        public Builder<K, V> ticker(Ticker ticker) {
            this.ticker = ticker;
            return this;
        }

        /** How long a loaded value is fresh. Required, positive. */
        public Builder<K, V> ttl(Duration ttl) {
            this.ttl = ttl;
            return this;
        }

        /** How long past its time to live a value stays in use while refreshes fail; zero (never) by default. */
        public Builder<K, V> gracePeriod(Duration grace) {
            this.grace = grace;
            return this;
        }

        /** The least time between two attempts after a failed refresh of a value in its grace period; zero by default. */
        public Builder<K, V> retryInterval(Duration retryInterval) {
            this.retryInterval = retryInterval;
            return this;
        }

        /** How long a caller with no usable value waits for another caller's load; unlimited if unset. */
        public Builder<K, V> refreshWait(Duration refreshWait) {
            this.refreshWait = refreshWait;
            return this;
        }

        /** How many keys the cache holds before it evicts; unbounded by default. */
        public Builder<K, V> maxEntries(int maxEntries) {
            this.maxEntries = maxEntries;
            return this;
        }

        /** Which usable entries to drop first when over {@code maxEntries}; oldest loaded first if unset. */
        public Builder<K, V> evictionOrder(Comparator<K> evictionOrder) {
            this.evictionOrder = evictionOrder;
            return this;
        }

        /** Values that will not be served again (e.g. a data key at its usage limit): dropped first when over {@code maxEntries}. */
        public Builder<K, V> spent(Predicate<? super V> spent) {
            this.spent = spent;
            return this;
        }

        /**
         * How {@link dev.coffer.telemetry.CofferTelemetry} reports this cache: the provider's type name
         * and, per key, the cache's name (low-cardinality: e.g. "encrypt"/"decrypt", or a material
         * name; never a key value). Both default to a neutral name.
         */
        public Builder<K, V> telemetry(String provider, Function<? super K, String> cacheName) {
            if (provider == null || provider.isEmpty() || cacheName == null) {
                throw new ConfigurationException("single-flight cache: telemetry needs a provider name and a cache "
                        + "name function");
            }
            this.telemetryProvider = provider;
            this.telemetryCache = cacheName;
            return this;
        }

        /** Names a key in messages, e.g. {@code name -> "material '" + name + "'"}; never include secrets. */
        public Builder<K, V> describe(Function<? super K, String> describe) {
            this.describe = describe;
            return this;
        }

        /** The advice at the end of a failure message, e.g. which service to check. */
        public Builder<K, V> failureHint(String failureHint) {
            this.failureHint = failureHint;
            return this;
        }

        public SingleFlightCache<K, V> build() {
            String c = "single-flight cache: ";
            if (ticker == null) {
                throw new ConfigurationException(c + "ticker must not be null");
            }
            positive(ttl, "ttl");
            if (grace == null || grace.isNegative()) {
                throw new ConfigurationException(c + "gracePeriod must be zero or positive, was " + grace);
            }
            if (retryInterval == null || retryInterval.isNegative()) {
                throw new ConfigurationException(c + "retryInterval must be zero or positive, was " + retryInterval);
            }
            if (refreshWait != null) {
                positive(refreshWait, "refreshWait");
            }
            if (maxEntries < 1) {
                throw new ConfigurationException(c + "maxEntries must be at least 1, was " + maxEntries);
            }
            if (describe == null || failureHint == null || spent == null) {
                throw new ConfigurationException(c + "describe, failureHint and spent must not be null");
            }
            return new SingleFlightCache<>(this);
        }

        private static void positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new ConfigurationException("single-flight cache: " + name + " must be positive, was " + d);
            }
        }
    }
}
