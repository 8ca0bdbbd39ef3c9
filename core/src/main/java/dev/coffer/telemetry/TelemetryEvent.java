package dev.coffer.telemetry;

import dev.coffer.ConfigurationException;
import java.time.Duration;
import java.util.Optional;

/**
 * One thing Coffer did, as reported to a {@link TelemetryListener}: what ({@link #kind()}), for which
 * table and provider, the outcome and how long it took. Events carry names only: never an attribute
 * value, a key, a key ARN or an item. Every string field has few distinct values (tables, provider
 * types, KMS operation names, exception type names), so they can be used as metric tags.
 *
 * <pre>{@code
 * CofferTelemetry.register(event -> {
 *     if (event.kind() == TelemetryEvent.Kind.KMS_CALL && event.outcome() != TelemetryEvent.Outcome.SUCCESS) {
 *         alerts.kmsFailed(event.operation(), event.errorType().orElse("unknown"));
 *     }
 * });
 * }</pre>
 *
 * <p>Thread-safety: immutable.
 */
public final class TelemetryEvent {
    /** What was done. */
    public enum Kind {
        /** {@code ItemEncryptor.encrypt}: one item encrypted and signed (materials fetch included). */
        ENCRYPT,
        /** {@code ItemEncryptor.decrypt}: one item verified and decrypted (materials fetch included). */
        DECRYPT,
        /** One call of the table's materials provider by the encryptor; operation is "encrypt" or "decrypt". */
        MATERIALS,
        /** One request to a key service (KMS); operation is the service's name for it, e.g. "GenerateDataKey". */
        KMS_CALL,
        /** A cache lookup served from a ready entry; operation is "encrypt" or "decrypt". */
        CACHE_HIT,
        /** A cache lookup that had to wait for a load (its own or another caller's). */
        CACHE_MISS,
        /** A cache entry loaded or refreshed from the provider behind it; operation names the cache. */
        CACHE_REFRESH,
        /** A decrypt that failed verification (reported besides the DECRYPT event). */
        INTEGRITY_FAILURE
    }

    /** How it ended. */
    public enum Outcome {
        SUCCESS,
        /** {@code IntegrityException}: tampered, forged or not a Coffer item. */
        INTEGRITY_FAILURE,
        /** {@code MaterialsException}: keys could not be obtained (KMS, meta-store, unknown key). */
        MATERIALS_FAILURE,
        /** {@code InvalidItemException}: the item cannot be stored as given. */
        INVALID_ITEM,
        /** {@code ConfigurationException}. */
        CONFIGURATION_ERROR,
        /** Any other exception, e.g. a KMS or network error; {@link #errorType()} names its type. */
        ERROR
    }

    private final Kind kind;
    private final String table;
    private final String provider;
    private final String operation;
    private final Outcome outcome;
    private final String errorType;
    private final long durationNanos;
    private final boolean stale;

    private TelemetryEvent(Kind kind, String table, String provider, String operation, Outcome outcome,
            String errorType, long durationNanos, boolean stale) {
        if (kind == null || outcome == null) {
            throw new ConfigurationException("telemetry event: kind and outcome are required");
        }
        this.kind = kind;
        this.table = table == null ? "" : table;
        this.provider = provider == null ? "" : provider;
        this.operation = operation == null ? "" : operation;
        this.outcome = outcome;
        this.errorType = errorType;
        this.durationNanos = durationNanos;
        this.stale = stale;
    }

    /**
     * An event, as Coffer reports them; for tests of a listener. {@code null} strings become empty,
     * but for {@code errorType}, which stays absent.
     */
    public static TelemetryEvent of(Kind kind, String table, String provider, String operation, Outcome outcome,
            String errorType, long durationNanos, boolean servingStale) {
        return new TelemetryEvent(kind, table, provider, operation, outcome, errorType, durationNanos, servingStale);
    }

    public Kind kind() {
        return kind;
    }

    /** The table name the item is bound to (the logical name if one is set); empty if not known. */
    public String table() {
        return table;
    }

    /** The provider's type, e.g. "KmsProvider", "CachingProvider", "MostRecentProvider"; empty if not known. */
    public String provider() {
        return provider;
    }

    /**
     * The operation: "encrypt" or "decrypt" (encrypt, decrypt and materials events), the key
     * service's operation name (KMS calls), or which cache (cache events: "encrypt" or "decrypt" for
     * a {@code CachingProvider}'s two kinds of entries, the material name for a
     * {@code MostRecentProvider}).
     */
    public String operation() {
        return operation;
    }

    public Outcome outcome() {
        return outcome;
    }

    /**
     * When the outcome is not a success: the AWS error code if a service answered with an error
     * (e.g. {@code AccessDeniedException}, {@code ThrottlingException}), else the simple name of the
     * exception's type.
     */
    public Optional<String> errorType() {
        return Optional.ofNullable(errorType);
    }

    /** How long it took; zero for point events (cache hits and misses, integrity failures). */
    public Duration duration() {
        return Duration.ofNanos(durationNanos);
    }

    /** Nanoseconds, as {@link #duration()}, without allocating. */
    public long durationNanos() {
        return durationNanos;
    }

    /**
     * For {@link Kind#CACHE_REFRESH} failures: whether the cache keeps serving its previous copy
     * (a most-recent provider within its grace period) instead of failing callers.
     */
    public boolean servingStale() {
        return stale;
    }

    @Override
    public String toString() {
        return "TelemetryEvent{" + kind + ", table=" + table + ", provider=" + provider + ", operation=" + operation
                + ", outcome=" + outcome + (errorType == null ? "" : ", errorType=" + errorType)
                + ", durationNanos=" + durationNanos + (stale ? ", servingStale" : "") + "}";
    }
}
