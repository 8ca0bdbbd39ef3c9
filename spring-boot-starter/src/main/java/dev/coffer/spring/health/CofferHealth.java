package dev.coffer.spring.health;

import dev.coffer.ConfigurationException;
import dev.coffer.telemetry.CofferTelemetry;
import dev.coffer.telemetry.TelemetryEvent;
import dev.coffer.telemetry.TelemetryEvent.Kind;
import dev.coffer.telemetry.TelemetryEvent.Outcome;
import dev.coffer.telemetry.TelemetryListener;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The Actuator health of Coffer's providers, from what they reported while working (never a KMS
 * call of its own, so a probe costs nothing and cannot be throttled):
 * <ul>
 *   <li><b>KMS</b>: DOWN once the last {@code threshold} KMS requests in a row failed (access
 *       denied, key disabled, throttled, unreachable); any success makes it UP again. Errors caused
 *       by one item's header ({@code InvalidCiphertextException}, {@code IncorrectKeyException}),
 *       which anyone who can write to the table can provoke, do not count.</li>
 *   <li><b>Most-recent materials</b>, by material name: {@code OK}; {@code GRACE_PERIOD} when the
 *       last refresh failed and the previous version is still in use (UP, with the detail: alert
 *       on it, encryption stops when the grace period ends); {@code FAILING} when the last refresh
 *       failed with nothing to fall back on (DOWN).</li>
 * </ul>
 * Before any request it is UP with no details ("no KMS requests yet").
 *
 * <p>Thread-safety: safe for concurrent use; the counters are atomic and the maps concurrent.
 */
public final class CofferHealth extends AbstractHealthIndicator implements TelemetryListener, AutoCloseable {
    /** Per-item KMS errors: the item's header, not KMS, is wrong. */
    private static final Set<String> ITEM_ERRORS = Set.of("InvalidCiphertextException", "IncorrectKeyException");

    /** State of one most-recent material. */
    public enum MaterialState {
        OK,
        GRACE_PERIOD,
        FAILING
    }

    private final int threshold;
    private final Clock clock;
    private final AtomicInteger kmsFailuresInARow = new AtomicInteger();
    private volatile Instant lastKmsSuccess;
    private volatile String lastKmsFailure;
    private volatile Instant lastKmsFailureAt;
    private final Map<String, MaterialState> materials = new ConcurrentHashMap<>();
    private volatile CofferTelemetry.Registration registration;

    /** DOWN after {@code kmsFailureThreshold} failed KMS requests in a row (at least 1). */
    public CofferHealth(int kmsFailureThreshold, Clock clock) {
        super("Coffer health check failed");
        if (kmsFailureThreshold < 1) {
            throw new ConfigurationException("coffer.health.kms-failure-threshold must be at least 1, was "
                    + kmsFailureThreshold);
        }
        this.threshold = kmsFailureThreshold;
        this.clock = clock;
    }

    /** Starts listening to Coffer's telemetry; returns this. */
    public synchronized CofferHealth start() {
        if (registration == null) {
            registration = CofferTelemetry.register(this);
        }
        return this;
    }

    @Override
    public synchronized void close() {
        if (registration != null) {
            registration.close();
            registration = null;
        }
    }

    @Override
    public void recorded(TelemetryEvent event) {
        if (event.kind() == Kind.KMS_CALL) {
            if (event.outcome() == Outcome.SUCCESS || ITEM_ERRORS.contains(event.errorType().orElse(""))) {
                kmsFailuresInARow.set(0);
                lastKmsSuccess = clock.instant();
            } else {
                lastKmsFailure = event.operation() + ": " + event.errorType().orElse(event.outcome().name());
                lastKmsFailureAt = clock.instant();
                kmsFailuresInARow.incrementAndGet();
            }
        } else if (event.kind() == Kind.CACHE_REFRESH && "MostRecentProvider".equals(event.provider())) {
            materials.put(event.operation(), event.outcome() == Outcome.SUCCESS ? MaterialState.OK
                    : event.servingStale() ? MaterialState.GRACE_PERIOD : MaterialState.FAILING);
        }
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        int failures = kmsFailuresInARow.get();
        boolean down = failures >= threshold || materials.containsValue(MaterialState.FAILING);
        builder.status(down ? "DOWN" : "UP");
        Map<String, Object> kms = new LinkedHashMap<>();
        kms.put("failuresInARow", failures);
        if (lastKmsSuccess != null) {
            kms.put("lastSuccess", lastKmsSuccess.toString());
        }
        if (lastKmsFailure != null) {
            kms.put("lastFailure", lastKmsFailure);
            kms.put("lastFailureAt", String.valueOf(lastKmsFailureAt));
        }
        if (lastKmsSuccess == null && lastKmsFailure == null) {
            kms.put("state", "no KMS requests yet");
        }
        builder.withDetail("kms", kms);
        if (!materials.isEmpty()) {
            builder.withDetail("mostRecent", new LinkedHashMap<>(materials));
        }
    }
}
