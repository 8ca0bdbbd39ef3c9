package dev.coffer.spring.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.telemetry.TelemetryEvent;
import dev.coffer.telemetry.TelemetryEvent.Kind;
import dev.coffer.telemetry.TelemetryEvent.Outcome;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Status;

class CofferHealthTest {
    private final CofferHealth health = new CofferHealth(2, Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"),
            ZoneOffset.UTC));

    private static TelemetryEvent refresh(Outcome outcome, boolean stale) {
        return TelemetryEvent.of(Kind.CACHE_REFRESH, "", "MostRecentProvider", "app", outcome,
                outcome == Outcome.SUCCESS ? null : "MaterialsException", 1, stale);
    }

    private static TelemetryEvent kms(String error) {
        return TelemetryEvent.of(Kind.KMS_CALL, "t", "KmsProvider", "Decrypt", error == null ? Outcome.SUCCESS
                : Outcome.ERROR, error, 1, false);
    }

    @Test
    void mostRecentRefreshFailing_whileServingStale_isUpWithGracePeriod_thenDownWhenNothingIsLeft() {
        health.recorded(refresh(Outcome.SUCCESS, false));
        health.recorded(refresh(Outcome.MATERIALS_FAILURE, true));
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
        assertThat(health.health().getDetails().get("mostRecent")).isEqualTo(Map.of("app",
                CofferHealth.MaterialState.GRACE_PERIOD));

        health.recorded(refresh(Outcome.MATERIALS_FAILURE, false));
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);

        health.recorded(refresh(Outcome.SUCCESS, false));
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void kmsErrorsOfOneItemsHeader_doNotCount_butServiceErrorsInARowDo() {
        health.recorded(kms("InvalidCiphertextException"));
        health.recorded(kms("InvalidCiphertextException"));
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);

        health.recorded(kms("ThrottlingException"));
        assertThat(health.health().getStatus()).as("one failure, threshold 2").isEqualTo(Status.UP);
        health.recorded(kms("ThrottlingException"));
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.health().getDetails().get("kms").toString()).contains("Decrypt: ThrottlingException");

        health.recorded(kms(null));
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }
}
