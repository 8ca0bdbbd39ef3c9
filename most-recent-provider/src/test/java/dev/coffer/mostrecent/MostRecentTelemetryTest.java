package dev.coffer.mostrecent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.ItemEncryptor;
import dev.coffer.MaterialsException;
import dev.coffer.TableConfig;
import dev.coffer.materials.SecretBytes;
import dev.coffer.materials.WrappedProvider;
import dev.coffer.materials.WrappingKey;
import dev.coffer.telemetry.CofferTelemetry;
import dev.coffer.telemetry.TelemetryEvent;
import dev.coffer.telemetry.TelemetryEvent.Kind;
import dev.coffer.telemetry.TelemetryEvent.Outcome;
import dev.coffer.testfixtures.FakeTicker;
import dev.coffer.testfixtures.TestDynamo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the most-recent provider's cache reports to Coffer's telemetry: a refresh that fails within
 * the grace period says the old version is still served (what the Spring health indicator shows as
 * GRACE_PERIOD), one past it says nothing is left; time is moved, not waited for.
 */
class MostRecentTelemetryTest {

    @Test
    void refreshFailing_withinGrace_isReportedServingStale_pastGrace_isNot() {
        String table = TestDynamo.uniqueName("coffer-meta-telemetry");
        MetaStore.createTable(TestDynamo.client(), table);
        FlakyProvider inner = new FlakyProvider(WrappedProvider.builder()
                .addWrappingKey(WrappingKey.aes("meta-wk", SecretBytes.random(32)))
                .addSigningKey("meta-sk", SecretBytes.random(32)).build());
        FakeTicker clock = new FakeTicker();
        MetaStore store = MetaStore.builder().dynamoDb(TestDynamo.client()).tableName(table).materialsProvider(inner)
                .clock(clock.clock()).build();
        MostRecentProvider provider = MostRecentProvider.builder().metaStore(store).materialName("telemetry")
                .ttl(Duration.ofMinutes(5)).gracePeriod(Duration.ofMinutes(10)).retryInterval(Duration.ofSeconds(5))
                .ticker(clock::read).build();
        ItemEncryptor encryptor = ItemEncryptor.create(TableConfig.builder().tableName("t").partitionKey("id")
                .materialsProvider(provider).build());
        Map<String, AttributeValue> item = Map.of("id", AttributeValue.fromS("a"), "v", AttributeValue.fromS("secret"));
        List<TelemetryEvent> refreshes = new CopyOnWriteArrayList<>();

        try (CofferTelemetry.Registration r = CofferTelemetry.register(e -> {
            if (e.kind() == Kind.CACHE_REFRESH && e.provider().equals("MostRecentProvider")) {
                refreshes.add(e);
            }
        })) {
            encryptor.encrypt(item);
            inner.down.set(true);
            clock.advance(Duration.ofMinutes(6));
            encryptor.encrypt(item); // the refresh fails; the old version is still used
            clock.advance(Duration.ofMinutes(10));
            assertThatThrownBy(() -> encryptor.encrypt(item)).isInstanceOf(MaterialsException.class);
            inner.down.set(false);
            clock.advance(Duration.ofSeconds(5));
            encryptor.encrypt(item);
        }

        assertThat(refreshes).extracting(TelemetryEvent::outcome, TelemetryEvent::servingStale).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Outcome.SUCCESS, false),
                org.assertj.core.groups.Tuple.tuple(Outcome.MATERIALS_FAILURE, true),
                org.assertj.core.groups.Tuple.tuple(Outcome.MATERIALS_FAILURE, false),
                org.assertj.core.groups.Tuple.tuple(Outcome.SUCCESS, false));
        assertThat(refreshes).allSatisfy(e -> assertThat(e.operation()).isEqualTo("telemetry"));
    }
}
