package dev.coffer.spring.metrics;

import dev.coffer.telemetry.CofferTelemetry;
import dev.coffer.telemetry.TelemetryEvent;
import dev.coffer.telemetry.TelemetryEvent.Kind;
import dev.coffer.telemetry.TelemetryListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Coffer's telemetry as Micrometer meters and observations. Names are lower-case and dotted; every
 * tag has few values (tables, provider types, operations, outcomes), never an item or a key:
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th></tr>
 *   <tr><td>{@code coffer.encrypt}, {@code coffer.decrypt}, {@code coffer.materials}</td>
 *       <td>observation (a timer through the registry's handlers) or timer</td>
 *       <td>{@code table}, {@code provider}, {@code outcome}, {@code error.type}</td></tr>
 *   <tr><td>{@code coffer.kms.requests}</td><td>timer</td>
 *       <td>{@code operation} (GenerateDataKey, Decrypt), {@code provider}, {@code outcome}, {@code error.type}</td></tr>
 *   <tr><td>{@code coffer.cache.requests}</td><td>counter</td>
 *       <td>{@code provider}, {@code cache}, {@code result} (hit, miss)</td></tr>
 *   <tr><td>{@code coffer.cache.refreshes}</td><td>timer</td>
 *       <td>{@code provider}, {@code cache}, {@code outcome}, {@code error.type}, {@code stale}</td></tr>
 *   <tr><td>{@code coffer.integrity.failures}</td><td>counter</td><td>{@code table}, {@code provider}</td></tr>
 * </table>
 *
 * <p>With an {@link ObservationRegistry}, encrypt, decrypt and materials fetches are
 * {@link Observation}s (so tracing handlers see them too); without one they are plain timers of the
 * same names. Outcomes are lower-case ({@code success}, {@code integrity_failure},
 * {@code materials_failure}, {@code invalid_item}, {@code configuration_error}, {@code error});
 * {@code error.type} is the AWS error code or the exception's simple type name, {@code none} on
 * success (observations also get the handlers' own {@code error} tag, {@code none}: the events carry
 * no exception object).
 *
 * <p>It listens to every Coffer component of the JVM ({@link CofferTelemetry} is process-wide) from
 * {@link #start()} until {@link #close()}.
 *
 * <pre>{@code
 * try (CofferMetrics metrics = new CofferMetrics(meterRegistry, observationRegistry).start()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Thread-safety: safe for concurrent use.
 */
public final class CofferMetrics implements TelemetryListener, AutoCloseable {
    private final MeterRegistry registry;
    private final ObservationRegistry observations;
    private final Meter.MeterProvider<Timer> kms;
    private final Meter.MeterProvider<Counter> cache;
    private final Meter.MeterProvider<Timer> refreshes;
    private final Meter.MeterProvider<Counter> integrity;
    private volatile CofferTelemetry.Registration registration;

    /** Meters in {@code registry}; observations in {@code observations} if not {@code null} or no-op. */
    public CofferMetrics(MeterRegistry registry, ObservationRegistry observations) {
        this.registry = registry;
        this.observations = observations == null || observations.isNoop() ? null : observations;
        this.kms = Timer.builder("coffer.kms.requests").description("Requests to KMS made by Coffer's providers")
                .withRegistry(registry);
        this.cache = Counter.builder("coffer.cache.requests").description("Lookups in Coffer's materials caches")
                .withRegistry(registry);
        this.refreshes = Timer.builder("coffer.cache.refreshes")
                .description("Loads and refreshes of Coffer's materials caches").withRegistry(registry);
        this.integrity = Counter.builder("coffer.integrity.failures")
                .description("Items that failed verification on read").withRegistry(registry);
    }

    /** Starts listening; returns this. */
    public synchronized CofferMetrics start() {
        if (registration == null) {
            registration = CofferTelemetry.register(this);
        }
        return this;
    }

    /** Stops listening; the meters stay in the registry. */
    @Override
    public synchronized void close() {
        if (registration != null) {
            registration.close();
            registration = null;
        }
    }

    @Override
    public Object started(Kind kind, String table, String provider) {
        if (observations == null) {
            return null;
        }
        return Observation.createNotStarted(name(kind), observations)
                .lowCardinalityKeyValue("table", table)
                .lowCardinalityKeyValue("provider", provider)
                .start();
    }

    @Override
    public void recorded(TelemetryEvent event) {
        recorded(event, null);
    }

    @Override
    public void recorded(TelemetryEvent event, Object context) {
        String outcome = event.outcome().name().toLowerCase(Locale.ROOT);
        String error = event.errorType().orElse("none");
        switch (event.kind()) {
            case ENCRYPT:
            case DECRYPT:
            case MATERIALS:
                if (context instanceof Observation o) {
                    o.lowCardinalityKeyValue("outcome", outcome).lowCardinalityKeyValue("error.type", error).stop();
                } else {
                    registry.timer(name(event.kind()), Tags.of("table", event.table(), "provider", event.provider(),
                            "outcome", outcome, "error.type", error)).record(event.durationNanos(), TimeUnit.NANOSECONDS);
                }
                break;
            case KMS_CALL:
                kms.withTags("operation", event.operation(), "provider", event.provider(), "outcome", outcome,
                        "error.type", error).record(event.durationNanos(), TimeUnit.NANOSECONDS);
                break;
            case CACHE_HIT:
            case CACHE_MISS:
                cache.withTags("provider", event.provider(), "cache", event.operation(), "result",
                        event.kind() == Kind.CACHE_HIT ? "hit" : "miss").increment();
                break;
            case CACHE_REFRESH:
                refreshes.withTags("provider", event.provider(), "cache", event.operation(), "outcome", outcome,
                        "error.type", error, "stale", Boolean.toString(event.servingStale()))
                        .record(event.durationNanos(), TimeUnit.NANOSECONDS);
                break;
            case INTEGRITY_FAILURE:
                integrity.withTags("table", event.table(), "provider", event.provider()).increment();
                break;
            default:
                break;
        }
    }

    private static String name(Kind kind) {
        return "coffer." + kind.name().toLowerCase(Locale.ROOT);
    }
}
