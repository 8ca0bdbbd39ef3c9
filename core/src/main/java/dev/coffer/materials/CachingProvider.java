package dev.coffer.materials;

import dev.coffer.ConfigurationException;
import dev.coffer.MaterialsException;
import dev.coffer.telemetry.CofferTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * A decorator that reuses materials from another provider, so that a remote provider (KMS) is
 * called once per table every few minutes instead of once per item. Works over any
 * {@link MaterialsProvider}.
 *
 * <p><b>What is shared.</b> On encrypt, the decorator asks the inner provider for materials with
 * the <em>table-scoped</em> context ({@link EncryptionContext#tableScope()}: table and key names,
 * no key values) and hands the same data key to every item of that table until a limit is reached.
 * Materials are never shared across tables or across differing contexts: the cache key is the
 * table-scoped context itself. On decrypt, materials are cached by the pair (table-scoped context,
 * item's {@link MaterialsDescription}), so items written with one cached data key are decrypted with
 * one call to the inner provider. Each item still gets its own AES-GCM and HMAC keys: Coffer
 * derives them from the data key with HKDF salted by the item's random 256-bit id.
 *
 * <p><b>The price.</b> The inner provider never sees an item's key values on encrypt. For the KMS
 * provider that means the KMS encryption context names the table but not the item, so CloudTrail
 * shows which table a data key served, not which item (docs/kms.md). On decrypt the inner provider
 * receives the item's full context, but a cache hit skips it: for an item whose description names
 * an item-scoped KMS context, KMS does not re-check that context on a hit. The item signature still
 * binds every item to its own primary key, so a header copied into another item fails verification.
 *
 * <p><b>Limits, and why.</b>
 * <ul>
 *   <li>{@link Builder#maxAge maxAge} (default {@value #DEFAULT_MAX_AGE_MINUTES} minutes): how long
 *       materials are used after the inner provider returned them, on encrypt and decrypt. This is
 *       the delay before a change made in KMS (a key disabled, a permission or grant revoked)
 *       reaches this process, and how long a plaintext data key stays in memory.</li>
 *   <li>{@link Builder#maxItemsPerKey maxItemsPerKey} (default {@value #DEFAULT_MAX_ITEMS_PER_KEY}):
 *       how many items one data key encrypts. Because every item has its own derived keys, reuse
 *       does not wear AES-GCM out (no nonce can repeat across items); the limit is about blast
 *       radius: whoever obtains one plaintext data key can read every item it protected, and this
 *       caps that number. Decrypts are not counted: reading adds no exposure.</li>
 *   <li>{@link Builder#maxEntries maxEntries} (default {@value #DEFAULT_MAX_ENTRIES}): a memory
 *       bound. There is one encrypt entry per table and one decrypt entry per distinct description
 *       read. When a new entry takes the cache over the bound, expired and used-up entries are
 *       dropped first, then the oldest; loads in progress are never dropped.</li>
 * </ul>
 * An entry past {@code maxAge} is never served, not even while a replacement loads: a stale data key
 * would defeat the limit, and loads are single-flight, so a refresh delays only the callers of that
 * table for one call to the inner provider.
 *
 * <p><b>Concurrency.</b> One load per cache key at a time: the first caller that misses puts a
 * pending entry into a {@link ConcurrentHashMap} and calls the inner provider; callers arriving
 * meanwhile wait on that entry's future instead of calling the inner provider themselves (no
 * stampede when many threads miss together). No lock is held across the inner call; the only wait
 * is on the per-key future. If the load throws, the entry is removed, the loader and every caller
 * waiting on it get that same exception, and the next call loads again: a failure is never cached.
 *
 * <p><b>Evicted keys</b> are dropped, not wiped: an encrypt in another thread may still be reading
 * them. {@link #stats()} counts {@code hits} (served from a ready entry), {@code misses} (had to wait
 * for a load, its own or another caller's) and {@code providerCalls} (calls to the inner provider);
 * misses minus provider calls is the number of callers the single-flight spared.
 *
 * <pre>{@code
 * MaterialsProvider cached = CachingProvider.builder()
 *         .provider(kmsProvider)
 *         .maxAge(Duration.ofMinutes(5))
 *         .maxItemsPerKey(10_000)
 *         .maxEntries(1_000)
 *         .build();
 * }</pre>
 *
 * <p>Thread-safety: safe for concurrent use after {@code build()}; the builder is not thread-safe.
 */
public final class CachingProvider implements MaterialsProvider {
    /** The default of {@link Builder#maxAge}, in minutes. */
    public static final long DEFAULT_MAX_AGE_MINUTES = 5;
    /** The default of {@link Builder#maxItemsPerKey}. */
    public static final long DEFAULT_MAX_ITEMS_PER_KEY = 10_000;
    /** The default of {@link Builder#maxEntries}. */
    public static final int DEFAULT_MAX_ENTRIES = 1_000;

    private final MaterialsProvider provider;
    private final Duration maxAge;
    private final long maxItemsPerKey;
    private final int maxEntries;
    private final Clock clock;
    private final ConcurrentHashMap<Object, Entry<?>> cache = new ConcurrentHashMap<>();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder providerCalls = new LongAdder();

    private CachingProvider(Builder b) {
        this.provider = b.provider;
        this.maxAge = b.maxAge;
        this.maxItemsPerKey = b.maxItemsPerKey;
        this.maxEntries = b.maxEntries;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder with this provider's settings (a new, empty cache once built). */
    public Builder toBuilder() {
        return new Builder().provider(provider).maxAge(maxAge).maxItemsPerKey(maxItemsPerKey).maxEntries(maxEntries)
                .clock(clock);
    }

    @Override
    public EncryptionMaterials encryptionMaterials(EncryptionContext context) {
        EncryptionContext table = Objects.requireNonNull(context, "context").tableScope();
        return get(new EncryptKey(table), true, () -> provider.encryptionMaterials(table));
    }

    @Override
    public DecryptionMaterials decryptionMaterials(EncryptionContext context, MaterialsDescription description) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(description, "description");
        return get(new DecryptKey(context.tableScope(), description), false,
                () -> provider.decryptionMaterials(context, description));
    }

    /** Counters since this provider was built. */
    public Stats stats() {
        return new Stats(hits.sum(), misses.sum(), providerCalls.sum(), cache.size());
    }

    /**
     * Drops every cached entry, e.g. after rotating or revoking a key, so the next call of each
     * table goes to the inner provider. Loads in progress complete for the callers waiting on them.
     */
    public void invalidateAll() {
        cache.clear();
    }

    /** The provider this one decorates. */
    public MaterialsProvider provider() {
        return provider;
    }

    @SuppressWarnings("unchecked")
    private <T> T get(Object key, boolean countUse, Supplier<T> load) {
        boolean waited = false;
        while (true) {
            Entry<T> e = (Entry<T>) cache.get(key);
            if (e == null) {
                Entry<T> fresh = new Entry<>();
                Entry<T> raced = (Entry<T>) cache.putIfAbsent(key, fresh);
                if (raced == null) {
                    waited = true;
                    load(key, fresh, load);
                    evictIfOverCapacity();
                    e = fresh;
                } else {
                    e = raced;
                }
            }
            if (!e.future.isDone()) {
                waited = true;
            }
            T value = await(e);
            if (isExpired(e, clock.instant()) || (countUse && e.uses.incrementAndGet() > maxItemsPerKey)) {
                // Used up or too old: retire it (unless someone already replaced it) and load anew.
                cache.remove(key, e);
                continue;
            }
            (waited ? misses : hits).increment();
            CofferTelemetry.cacheAccess("CachingProvider", countUse ? "encrypt" : "decrypt", !waited);
            return value;
        }
    }

    /** Calls the inner provider for a pending entry this thread owns; no lock is held here. */
    private <T> void load(Object key, Entry<T> entry, Supplier<T> load) {
        providerCalls.increment();
        T value;
        try {
            value = CofferTelemetry.cacheRefresh("CachingProvider", key instanceof EncryptKey ? "encrypt" : "decrypt", false, load);
            if (value == null) {
                throw new MaterialsException("caching provider: the inner provider " + provider.getClass().getSimpleName()
                        + " returned no materials");
            }
        } catch (RuntimeException | Error failure) {
            cache.remove(key, entry);
            entry.future.completeExceptionally(failure);
            throw failure;
        }
        entry.loadedAt = clock.instant();
        entry.future.complete(value);
    }

    private static <T> T await(Entry<T> e) {
        try {
            return e.future.join();
        } catch (CompletionException wrapped) {
            Throwable cause = wrapped.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw wrapped;
        }
    }

    private boolean isExpired(Entry<?> e, Instant now) {
        Instant loaded = e.loadedAt;
        // A clock that went backwards counts as expired: never extend a key's life.
        return loaded != null && (now.isBefore(loaded) || !now.isBefore(loaded.plus(maxAge)));
    }

    /** Drops expired and used-up entries, then the oldest loaded ones, until within the bound. */
    private void evictIfOverCapacity() {
        if (cache.size() <= maxEntries) {
            return;
        }
        Instant now = clock.instant();
        List<Map.Entry<Object, Entry<?>>> loaded = new ArrayList<>();
        for (Map.Entry<Object, Entry<?>> me : cache.entrySet()) {
            Entry<?> e = me.getValue();
            if (!e.future.isDone() || e.loadedAt == null) {
                continue;
            }
            if (isExpired(e, now) || e.uses.get() >= maxItemsPerKey && me.getKey() instanceof EncryptKey) {
                cache.remove(me.getKey(), e);
            } else {
                loaded.add(me);
            }
        }
        int excess = cache.size() - maxEntries;
        if (excess <= 0) {
            return;
        }
        loaded.sort(Comparator.comparing(me -> me.getValue().loadedAt));
        for (int i = 0; i < loaded.size() && excess > 0; i++) {
            if (cache.remove(loaded.get(i).getKey(), loaded.get(i).getValue())) {
                excess--;
            }
        }
    }

    @Override
    public String toString() {
        return "CachingProvider{" + provider + ", maxAge=" + maxAge + ", maxItemsPerKey=" + maxItemsPerKey
                + ", maxEntries=" + maxEntries + "}";
    }

    /** Cache key of encryption materials: the table-scoped context. */
    private record EncryptKey(EncryptionContext table) {
    }

    /** Cache key of decryption materials: the table-scoped context and the item's description. */
    private record DecryptKey(EncryptionContext table, MaterialsDescription description) {
    }

    /** A cache slot; {@code loadedAt} is written before the future completes, so readers after join see it. */
    private static final class Entry<T> {
        final CompletableFuture<T> future = new CompletableFuture<>();
        final AtomicLong uses = new AtomicLong();
        volatile Instant loadedAt;
    }

    /**
     * A snapshot of a {@link CachingProvider}'s counters.
     *
     * <pre>{@code
     * CachingProvider.Stats s = cached.stats();
     * log.info("materials cache: {} hits, {} misses, {} provider calls", s.hits(), s.misses(), s.providerCalls());
     * }</pre>
     *
     * <p>Thread-safety: immutable.
     */
    public static final class Stats {
        private final long hits;
        private final long misses;
        private final long providerCalls;
        private final int entries;

        private Stats(long hits, long misses, long providerCalls, int entries) {
            this.hits = hits;
            this.misses = misses;
            this.providerCalls = providerCalls;
            this.entries = entries;
        }

        /** Calls served from a ready entry. */
        public long hits() {
            return hits;
        }

        /** Calls that waited for a load: their own, or one already in progress. */
        public long misses() {
            return misses;
        }

        /** Calls made to the inner provider (successful or not). */
        public long providerCalls() {
            return providerCalls;
        }

        /** Entries in the cache when the snapshot was taken, loads in progress included. */
        public int entries() {
            return entries;
        }

        @Override
        public String toString() {
            return "Stats{hits=" + hits + ", misses=" + misses + ", providerCalls=" + providerCalls + ", entries=" + entries
                    + "}";
        }
    }

    /** Builds a {@link CachingProvider}. Not thread-safe. */
    public static final class Builder {
        private MaterialsProvider provider;
        private Duration maxAge = Duration.ofMinutes(DEFAULT_MAX_AGE_MINUTES);
        private long maxItemsPerKey = DEFAULT_MAX_ITEMS_PER_KEY;
        private int maxEntries = DEFAULT_MAX_ENTRIES;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The provider whose materials are cached. Required. */
        public Builder provider(MaterialsProvider provider) {
            this.provider = provider;
            return this;
        }

        /** How long materials are used after they were loaded; positive. */
        public Builder maxAge(Duration maxAge) {
            this.maxAge = maxAge;
            return this;
        }

        /** How many items one data key encrypts; at least 1. */
        public Builder maxItemsPerKey(long maxItemsPerKey) {
            this.maxItemsPerKey = maxItemsPerKey;
            return this;
        }

        /** How many entries the cache holds; at least 1. */
        public Builder maxEntries(int maxEntries) {
            this.maxEntries = maxEntries;
            return this;
        }

        /** The time source for {@code maxAge} (tests pass a controllable clock). */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public CachingProvider build() {
            if (provider == null) {
                throw new ConfigurationException("caching provider: set provider(...) to the provider whose materials to cache");
            }
            if (provider instanceof CachingProvider) {
                throw new ConfigurationException("caching provider: the inner provider is already a CachingProvider; "
                        + "configure the limits on one cache instead of nesting two");
            }
            if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
                throw new ConfigurationException("caching provider: maxAge must be positive, was " + maxAge);
            }
            if (maxItemsPerKey < 1) {
                throw new ConfigurationException("caching provider: maxItemsPerKey must be at least 1, was " + maxItemsPerKey);
            }
            if (maxEntries < 1) {
                throw new ConfigurationException("caching provider: maxEntries must be at least 1, was " + maxEntries);
            }
            if (clock == null) {
                throw new ConfigurationException("caching provider: clock must not be null");
            }
            return new CachingProvider(this);
        }
    }
}
