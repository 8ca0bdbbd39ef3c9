package dev.coffer.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.IntegrityException;
import dev.coffer.ItemEncryptor;
import dev.coffer.TableConfig;
import dev.coffer.materials.CachingProvider;
import dev.coffer.materials.SecretBytes;
import dev.coffer.materials.StaticProvider;
import dev.coffer.telemetry.TelemetryEvent.Kind;
import dev.coffer.telemetry.TelemetryEvent.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class CofferTelemetryTest {
    private static final Map<String, AttributeValue> ITEM = Map.of(
            "id", AttributeValue.fromS("user-1"),
            "secret", AttributeValue.fromS("do not log me"));

    private static ItemEncryptor encryptor(String table) {
        StaticProvider statics = StaticProvider.builder().keyId("k1").dataKey(SecretBytes.random(32))
                .signingKey(SecretBytes.random(32)).build();
        return ItemEncryptor.create(TableConfig.builder().tableName(table).partitionKey("id")
                .materialsProvider(CachingProvider.builder().provider(statics).build()).build());
    }

    @Test
    void listener_encryptAndDecrypt_seesOperationsMaterialsAndCacheWithoutValues() {
        ItemEncryptor encryptor = encryptor("telemetry_a");
        List<TelemetryEvent> events = new ArrayList<>();
        List<Object> contexts = new ArrayList<>();
        TelemetryListener listener = new TelemetryListener() {
            @Override
            public Object started(Kind kind, String table, String provider) {
                return kind + "@" + table;
            }

            @Override
            public void recorded(TelemetryEvent event) {
                throw new AssertionError("the two-argument method is overridden");
            }

            @Override
            public synchronized void recorded(TelemetryEvent event, Object context) {
                events.add(event);
                contexts.add(context);
            }
        };

        try (CofferTelemetry.Registration r = CofferTelemetry.register(listener)) {
            encryptor.decrypt(encryptor.encrypt(ITEM));
        }
        encryptor.encrypt(ITEM); // after close: not seen

        assertThat(events).extracting(TelemetryEvent::kind).containsExactly(
                Kind.CACHE_MISS, Kind.CACHE_REFRESH, Kind.MATERIALS, Kind.ENCRYPT,
                Kind.CACHE_MISS, Kind.CACHE_REFRESH, Kind.MATERIALS, Kind.DECRYPT);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.SUCCESS);
            assertThat(e.toString()).doesNotContain("user-1").doesNotContain("do not log me");
        });
        TelemetryEvent encrypt = events.get(3);
        assertThat(encrypt.table()).isEqualTo("telemetry_a");
        assertThat(encrypt.provider()).isEqualTo("CachingProvider");
        assertThat(encrypt.durationNanos()).isPositive();
        assertThat(contexts.get(3)).isEqualTo("ENCRYPT@telemetry_a");
        assertThat(contexts.get(2)).isEqualTo("MATERIALS@telemetry_a");
        assertThat(contexts.get(0)).isNull();
    }

    @Test
    void listener_tamperedItem_reportsDecryptFailureAndIntegrityFailure() {
        ItemEncryptor encryptor = encryptor("telemetry_b");
        Map<String, AttributeValue> stored = new HashMap<>(encryptor.encrypt(ITEM));
        byte[] sig = stored.get(ItemEncryptor.SIGNATURE_ATTRIBUTE).b().asByteArray();
        sig[0] ^= 1;
        stored.put(ItemEncryptor.SIGNATURE_ATTRIBUTE, AttributeValue.fromB(SdkBytes.fromByteArray(sig)));
        List<TelemetryEvent> events = new ArrayList<>();

        try (CofferTelemetry.Registration r = CofferTelemetry.register(events::add)) {
            assertThatThrownBy(() -> encryptor.decrypt(stored)).isInstanceOf(IntegrityException.class);
        }

        assertThat(events).filteredOn(e -> e.kind() == Kind.DECRYPT).singleElement().satisfies(e -> {
            assertThat(e.outcome()).isEqualTo(Outcome.INTEGRITY_FAILURE);
            assertThat(e.errorType()).contains("IntegrityException");
        });
        assertThat(events).filteredOn(e -> e.kind() == Kind.INTEGRITY_FAILURE).singleElement()
                .satisfies(e -> assertThat(e.table()).isEqualTo("telemetry_b"));
    }

    @Test
    void listener_thatThrows_neverFailsTheOperation() {
        ItemEncryptor encryptor = encryptor("telemetry_c");
        try (CofferTelemetry.Registration r = CofferTelemetry.register(e -> {
            throw new IllegalStateException("broken listener");
        })) {
            assertThat(encryptor.decrypt(encryptor.encrypt(ITEM))).isEqualTo(ITEM);
        }
    }

    @Test
    void kmsCall_failure_isReportedWithItsTypeAndRethrownUnchanged() {
        List<TelemetryEvent> events = new ArrayList<>();
        IllegalStateException boom = new IllegalStateException("remote down");
        try (CofferTelemetry.Registration r = CofferTelemetry.register(events::add)) {
            assertThatThrownBy(() -> CofferTelemetry.kmsCall("Decrypt", "t", "MyProvider", () -> {
                throw boom;
            })).isSameAs(boom);
        }
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(Kind.KMS_CALL);
            assertThat(e.operation()).isEqualTo("Decrypt");
            assertThat(e.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(e.errorType()).contains("IllegalStateException");
        });
    }

    @Test
    void jfr_recordingStream_receivesEncryptDecryptAndMaterialsEvents() throws InterruptedException {
        ItemEncryptor encryptor = encryptor("telemetry_jfr");
        ConcurrentLinkedQueue<RecordedEvent> seen = new ConcurrentLinkedQueue<>();
        int rounds = 3;
        // Waits for the events themselves (JFR delivers them in batches), never a fixed delay.
        CountDownLatch decrypts = new CountDownLatch(rounds);
        try (RecordingStream rs = new RecordingStream()) {
            for (String name : List.of("dev.coffer.Encrypt", "dev.coffer.Decrypt", "dev.coffer.Materials",
                    "dev.coffer.CacheRefresh")) {
                rs.enable(name);
                rs.onEvent(name, e -> {
                    if (e.getString("table") == null || e.getString("table").isEmpty()
                            || e.getString("table").startsWith("telemetry_jfr")
                            || e.getEventType().getName().equals("dev.coffer.CacheRefresh")) {
                        seen.add(e);
                    }
                    if (e.getEventType().getName().equals("dev.coffer.Decrypt")
                            && "telemetry_jfr".equals(e.getString("table"))) {
                        decrypts.countDown();
                    }
                });
            }
            rs.startAsync();
            for (int i = 0; i < rounds; i++) {
                encryptor.decrypt(encryptor.encrypt(ITEM));
            }
            assertThat(decrypts.await(30, TimeUnit.SECONDS)).as("JFR delivered the decrypt events").isTrue();
        }
        List<RecordedEvent> events = new ArrayList<>(seen);
        assertThat(events).filteredOn(e -> e.getEventType().getName().equals("dev.coffer.Encrypt")).hasSize(rounds)
                .allSatisfy(e -> {
                    assertThat(e.getString("provider")).isEqualTo("CachingProvider");
                    assertThat(e.getString("outcome")).isEqualTo("SUCCESS");
                    assertThat(e.getDuration()).isGreaterThan(Duration.ZERO);
                });
        assertThat(events).filteredOn(e -> e.getEventType().getName().equals("dev.coffer.Materials")).hasSize(2 * rounds);
        assertThat(events).allSatisfy(e -> assertThat(e.toString()).doesNotContain("user-1").doesNotContain("do not log"));
    }
}
