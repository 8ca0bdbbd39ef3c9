package dev.coffer.materials;

import dev.coffer.ConfigurationException;
import dev.coffer.MaterialsException;
import dev.coffer.materials.cache.CacheStats;
import dev.coffer.materials.cache.SingleFlightCache;
import dev.coffer.materials.cache.Ticker;
import dev.coffer.materials.spi.DecryptionMaterials;
import dev.coffer.materials.spi.EncryptionContext;
import dev.coffer.materials.spi.EncryptionMaterials;
import dev.coffer.materials.spi.MaterialsDescription;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

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
 * <p><b>ECDSA key pairs.</b> For tables on the asymmetric suite, the inner provider's encryption
 * materials carry an ECDSA key pair (the KMS provider makes one per data key). It is cached with the
 * data key and dropped with it: the private key lives exactly as long as the cache entry. The suite
 * is part of the table-scoped context that keys the cache, so the two suites never share an entry;
 * decrypt entries are keyed by the whole description, public key included.
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
 * <p><b>Concurrency.</b> The entries live in a {@link SingleFlightCache}, the cache every Coffer
 * provider shares: one load per cache key at a time; callers arriving during a load wait for it
 * instead of calling the inner provider themselves (no stampede when many threads miss together).
 * No lock is held across the inner call. If the load throws, the loader and every caller waiting on
 * it get that same exception, nothing is cached, and the next call loads again. Time comes from a
 * monotonic {@link Ticker}, so a wall-clock change never extends a key's life.
 *
 * <p><b>Evicted keys</b> are dropped, not wiped: an encrypt in another thread may still be reading
 * them. {@link #stats()} counts {@code hits} (served from a ready entry), {@code misses} (had to wait
 * for a load, its own or another caller's) and {@code loads} (calls to the inner provider); misses
 * minus loads is the number of callers the single-flight spared. A call that finds its table's data
 * key used up counts a hit on the used-up key and then a miss for the new one.
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
    private final Ticker ticker;
    /** Values: {@link Counted} encryption materials for an {@link EncryptKey}, decryption materials for a {@link DecryptKey}. */
    private final SingleFlightCache<Object, Object> cache;

    private CachingProvider(Builder b) {
        this.provider = b.provider;
        this.maxAge = b.maxAge;
        this.maxItemsPerKey = b.maxItemsPerKey;
        this.maxEntries = b.maxEntries;
        this.ticker = b.ticker;
        // No grace period: an entry past maxAge is never served, so every call waits for the one reload.
        this.cache = SingleFlightCache.builder()
                .ticker(b.ticker)
                .ttl(b.maxAge)
                .maxEntries(b.maxEntries)
                .spent(v -> v instanceof Counted c && c.uses.get() >= b.maxItemsPerKey)
                .telemetry("CachingProvider", key -> key instanceof EncryptKey ? "encrypt" : "decrypt")
                .describe(key -> "caching provider over " + provider.getClass().getSimpleName() + ", "
                        + (key instanceof EncryptKey e ? "encryption materials of table '" + e.table().tableName() + "'"
                                : "decryption materials of table '" + ((DecryptKey) key).table().tableName() + "'"))
                .failureHint("Check the inner provider (e.g. KMS).")
                .build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder with this provider's settings (a new, empty cache once built). */
    public Builder toBuilder() {
        return new Builder().provider(provider).maxAge(maxAge).maxItemsPerKey(maxItemsPerKey).maxEntries(maxEntries)
                .ticker(ticker);
    }

    @Override
    public EncryptionMaterials encryptionMaterials(EncryptionContext context) {
        EncryptionContext table = Objects.requireNonNull(context, "context").tableScope();
        EncryptKey key = new EncryptKey(table);
        while (true) {
            Counted counted = (Counted) cache.get(key, () -> new Counted(nonNull(provider.encryptionMaterials(table))));
            if (counted.uses.incrementAndGet() <= maxItemsPerKey) {
                return counted.materials;
            }
            // Used up: retire it (unless someone already did) and load anew.
            cache.retire(key, counted);
        }
    }

    @Override
    public DecryptionMaterials decryptionMaterials(EncryptionContext context, MaterialsDescription description) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(description, "description");
        return (DecryptionMaterials) cache.get(new DecryptKey(context.tableScope(), description),
                () -> nonNull(provider.decryptionMaterials(context, description)));
    }

    private <T> T nonNull(T materials) {
        if (materials == null) {
            throw new MaterialsException("caching provider: the inner provider " + provider.getClass().getSimpleName()
                    + " returned no materials");
        }
        return materials;
    }

    /** Counters since this provider was built; {@link CacheStats#loads()} counts calls to the inner provider. */
    public CacheStats stats() {
        return cache.stats();
    }

    /** Entries in the cache now (one per table encrypting, one per description read), loads in progress included. */
    public int cachedEntries() {
        return cache.size();
    }

    /** Callers waiting right now for a load; lets tests release a load once every caller has piled up. */
    int waitingCallers() {
        return cache.waiting();
    }

    /**
     * Drops every cached entry, e.g. after rotating or revoking a key, so the next call of each
     * table goes to the inner provider. Loads in progress complete for the callers waiting on them.
     */
    public void invalidateAll() {
        cache.invalidateAll();
    }

    /** As the inner provider says: caching changes no description. */
    @Override
    public boolean sameKeys(MaterialsDescription stored, MaterialsDescription current) {
        return provider.sameKeys(stored, current);
    }

    /** The provider this one decorates. */
    public MaterialsProvider provider() {
        return provider;
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

    /** Encryption materials and how many items they have encrypted (identity matters: see {@link SingleFlightCache#retire}). */
    private static final class Counted {
        final EncryptionMaterials materials;
        final AtomicLong uses = new AtomicLong();

        Counted(EncryptionMaterials materials) {
            this.materials = materials;
        }
    }

    /** Builds a {@link CachingProvider}. Not thread-safe. */
    public static final class Builder {
        private MaterialsProvider provider;
        private Duration maxAge = Duration.ofMinutes(DEFAULT_MAX_AGE_MINUTES);
        private long maxItemsPerKey = DEFAULT_MAX_ITEMS_PER_KEY;
        private int maxEntries = DEFAULT_MAX_ENTRIES;
        private Ticker ticker = Ticker.system();

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

        /** The monotonic time source for {@code maxAge}; {@link Ticker#system()} by default (tests advance one by hand). */
        public Builder ticker(Ticker ticker) {
            this.ticker = ticker;
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
            if (ticker == null) {
                throw new ConfigurationException("caching provider: ticker must not be null");
            }
            return new CachingProvider(this);
        }
    }
}
