package dev.coffer.materials.cache;

/**
 * A snapshot of a cache's counters, the same shape for every provider that caches
 * ({@link dev.coffer.materials.CachingProvider}, the most-recent provider). Counters only grow, so
 * the difference of two snapshots ({@link #minus}) is what happened in between.
 *
 * <ul>
 *   <li>{@link #hits()}: calls served a fresh cached value;</li>
 *   <li>{@link #staleHits()}: calls served a value past its time to live but within its grace
 *       period, while one refresh runs or after a refresh failed;</li>
 *   <li>{@link #misses()}: calls that waited for a load, their own or another caller's;
 *       {@code misses - loads} is the number of calls the single-flight loading spared;</li>
 *   <li>{@link #loads()}: calls to the source behind the cache (a provider, a meta-store, KMS),
 *       successful or not; {@link #loadFailures()}: those that threw.</li>
 * </ul>
 *
 * <pre>{@code
 * CacheStats before = cached.stats();
 * runBatch();
 * CacheStats batch = cached.stats().minus(before);
 * log.info("materials cache: {} hits, {} loads", batch.hits(), batch.loads());
 * }</pre>
 *
 * <p>Thread-safety: immutable.
 */
public final class CacheStats {
    private static final CacheStats EMPTY = new CacheStats(0, 0, 0, 0, 0);

    private final long hits;
    private final long staleHits;
    private final long misses;
    private final long loads;
    private final long loadFailures;

    private CacheStats(long hits, long staleHits, long misses, long loads, long loadFailures) {
        this.hits = hits;
        this.staleHits = staleHits;
        this.misses = misses;
        this.loads = loads;
        this.loadFailures = loadFailures;
    }

    /** Counters with the given values; each must be zero or more, and failures at most loads. */
    public static CacheStats of(long hits, long staleHits, long misses, long loads, long loadFailures) {
        if (hits < 0 || staleHits < 0 || misses < 0 || loads < 0 || loadFailures < 0 || loadFailures > loads) {
            throw new IllegalArgumentException("cache counters must be zero or more, and load failures at most loads: "
                    + new CacheStats(hits, staleHits, misses, loads, loadFailures));
        }
        return new CacheStats(hits, staleHits, misses, loads, loadFailures);
    }

    /** All counters zero. */
    public static CacheStats empty() {
        return EMPTY;
    }

    /** Calls served a fresh cached value. */
    public long hits() {
        return hits;
    }

    /** Calls served a value past its time to live, within its grace period. */
    public long staleHits() {
        return staleHits;
    }

    /** Calls that waited for a load (their own or one in progress). */
    public long misses() {
        return misses;
    }

    /** Calls to the source behind the cache, successful or not. */
    public long loads() {
        return loads;
    }

    /** Loads that threw. */
    public long loadFailures() {
        return loadFailures;
    }

    /** Every call the cache answered: hits, stale hits and misses. */
    public long requests() {
        return hits + staleHits + misses;
    }

    /** What happened between {@code earlier} and this snapshot (counter by counter, never below zero). */
    public CacheStats minus(CacheStats earlier) {
        return new CacheStats(Math.max(0, hits - earlier.hits), Math.max(0, staleHits - earlier.staleHits),
                Math.max(0, misses - earlier.misses), Math.max(0, loads - earlier.loads),
                Math.max(0, loadFailures - earlier.loadFailures));
    }

    /** The counters of two caches together. */
    public CacheStats plus(CacheStats other) {
        return new CacheStats(hits + other.hits, staleHits + other.staleHits, misses + other.misses,
                loads + other.loads, loadFailures + other.loadFailures);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CacheStats s && hits == s.hits && staleHits == s.staleHits && misses == s.misses
                && loads == s.loads && loadFailures == s.loadFailures;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(hits, staleHits, misses, loads, loadFailures);
    }

    @Override
    public String toString() {
        return "CacheStats{hits=" + hits + ", staleHits=" + staleHits + ", misses=" + misses + ", loads=" + loads
                + ", loadFailures=" + loadFailures + "}";
    }
}
