package dev.coffer.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.telemetry.TelemetryEvent;
import dev.coffer.telemetry.TelemetryEvent.Kind;
import dev.coffer.telemetry.TelemetryEvent.Outcome;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

class CofferMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void recorded_withoutObservationRegistry_writesTimersAndCountersWithLowCardinalityTags() {
        CofferMetrics metrics = new CofferMetrics(registry, null);

        metrics.recorded(TelemetryEvent.of(Kind.ENCRYPT, "orders", "CachingProvider", "encrypt", Outcome.SUCCESS, null,
                1_000, false));
        metrics.recorded(TelemetryEvent.of(Kind.KMS_CALL, "orders", "KmsProvider", "Decrypt", Outcome.ERROR,
                "ThrottlingException", 2_000, false));
        metrics.recorded(TelemetryEvent.of(Kind.CACHE_HIT, "", "CachingProvider", "encrypt", Outcome.SUCCESS, null, 0,
                false));
        metrics.recorded(TelemetryEvent.of(Kind.CACHE_REFRESH, "", "MostRecentProvider", "app", Outcome.MATERIALS_FAILURE,
                "MaterialsException", 3_000, true));
        metrics.recorded(TelemetryEvent.of(Kind.INTEGRITY_FAILURE, "orders", "CachingProvider", "decrypt",
                Outcome.INTEGRITY_FAILURE, "IntegrityException", 0, false));

        assertThat(registry.get("coffer.encrypt").tags("table", "orders", "provider", "CachingProvider", "outcome",
                "success", "error.type", "none").timer().count()).isEqualTo(1);
        assertThat(registry.get("coffer.kms.requests").tags("operation", "Decrypt", "outcome", "error", "error.type",
                "ThrottlingException").timer().count()).isEqualTo(1);
        assertThat(registry.get("coffer.cache.requests").tags("cache", "encrypt", "result", "hit").counter().count())
                .isEqualTo(1.0);
        assertThat(registry.get("coffer.cache.refreshes").tags("cache", "app", "stale", "true",
                "outcome", "materials_failure").timer().count()).isEqualTo(1);
        assertThat(registry.get("coffer.integrity.failures").tags("table", "orders").counter().count()).isEqualTo(1.0);
        assertThat(registry.getMeters()).allSatisfy(m -> assertThat(m.getId().getName()).matches("[a-z.]+"));
    }

    @Test
    void startedAndRecorded_withObservationRegistry_stopsTheObservationWithItsOutcome() {
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(registry));
        CofferMetrics metrics = new CofferMetrics(registry, observations);

        Object context = metrics.started(Kind.DECRYPT, "orders", "KmsProvider");
        metrics.recorded(TelemetryEvent.of(Kind.DECRYPT, "orders", "KmsProvider", "decrypt", Outcome.INTEGRITY_FAILURE,
                "IntegrityException", 5_000, false), context);

        assertThat(registry.get("coffer.decrypt").tags("table", "orders", "outcome", "integrity_failure",
                "error.type", "IntegrityException").timer().count()).isEqualTo(1);
    }
}
