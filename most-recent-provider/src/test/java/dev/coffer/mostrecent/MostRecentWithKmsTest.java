package dev.coffer.mostrecent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.ItemEncryptor;
import dev.coffer.MaterialsException;
import dev.coffer.TableConfig;
import dev.coffer.dynalite.Dynalite;
import dev.coffer.kms.KmsProvider;
import dev.coffer.kms.testkit.Fault;
import dev.coffer.kms.testkit.KmsKey;
import dev.coffer.kms.testkit.LocalKms;
import dev.coffer.kms.testkit.Operation;
import dev.coffer.testfixtures.FakeTicker;
import dev.coffer.testfixtures.TestDynamo;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The most-recent provider as in production: versions in a meta-store on the test engine (dynalite
 * on 127.0.0.1; the outage test stops a private one), protected by the direct KMS provider against
 * the loopback KMS through the real SDK clients.
 */
class MostRecentWithKmsTest {
    private static LocalKms kms;
    private static KmsClient kmsClient;

    private DynamoDbClient ddb;
    private KmsKey key;
    private FakeTicker clock;
    private String table;

    @BeforeAll
    static void startKms() {
        kms = LocalKms.create().start();
        kmsClient = KmsClient.builder()
                .endpointOverride(kms.endpoint())
                .region(Region.of(kms.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterAll
    static void stopKms() {
        kmsClient.close();
        kms.close();
    }

    @BeforeEach
    void freshMetaStore() {
        useMetaStoreOn(TestDynamo.endpoint());
        key = kms.createKey();
        kms.clearFaults();
        kms.resetCounters();
        clock = new FakeTicker();
    }

    /** A client without retries on the DynamoDB at {@code endpoint}, and a fresh meta-store table there. */
    private void useMetaStoreOn(URI endpoint) {
        if (ddb != null) {
            ddb.close();
        }
        ddb = TestDynamo.connect(DynamoDbClient.builder(), endpoint)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(Duration.ofSeconds(5)))
                .build();
        table = TestDynamo.uniqueName("coffer-meta-kms");
        MetaStore.createTable(ddb, table);
    }

    @AfterEach
    void closeClient() {
        ddb.close();
        ddb = null;
    }

    private MostRecentProvider provider() {
        MetaStore store = MetaStore.builder().dynamoDb(ddb).tableName(table).clock(clock.clock())
                .materialsProvider(KmsProvider.builder().kmsClient(kmsClient).encryptionKey(key.arn()).build())
                .build();
        return MostRecentProvider.builder().metaStore(store).materialName("sessions").ttl(Duration.ofMinutes(5))
                .gracePeriod(Duration.ofMinutes(10)).retryInterval(Duration.ofSeconds(5)).ticker(clock::read).build();
    }

    private static ItemEncryptor encryptor(MostRecentProvider p) {
        return ItemEncryptor.create(TableConfig.builder().tableName("sessions").partitionKey("user_id")
                .materialsProvider(p).build());
    }

    private static Map<String, AttributeValue> item(int i) {
        return Map.of("user_id", AttributeValue.fromS("user-" + i), "token", AttributeValue.fromS("secret-" + i));
    }

    @Test
    void counting_100kEncryptsOverASimulatedHour_withKms_about12KmsCalls() {
        MostRecentProvider p = provider();
        ItemEncryptor enc = encryptor(p);
        int items = 100_000;
        Duration step = Duration.ofHours(1).dividedBy(items);
        for (int i = 0; i < items; i++) {
            enc.encrypt(item(i));
            clock.advance(step);
        }
        long generate = kms.calls(Operation.GENERATE_DATA_KEY);
        long decrypt = kms.calls(Operation.DECRYPT);
        System.out.printf("most-recent + direct KMS, %d encrypts over 1 simulated hour, TTL 5 min: meta-store reads=%d, "
                + "KMS GenerateDataKey=%d, KMS Decrypt=%d%n", items, p.metaStore().reads(), generate, decrypt);
        assertThat(generate).isEqualTo(1);
        assertThat(decrypt).isBetween(11L, 12L);
        assertThat(p.metaStore().reads()).isBetween(12L, 13L);
    }

    @Test
    void rotation_withKms_versions1To3AllDecrypt() {
        MostRecentProvider p = provider();
        ItemEncryptor enc = encryptor(p);
        Map<String, AttributeValue> v1 = enc.encrypt(item(1));
        long decryptsBefore = kms.calls(Operation.DECRYPT);
        p.rotate();
        // Rotating reads only the newest version number: no version is unwrapped to choose the next.
        assertThat(kms.calls(Operation.DECRYPT)).isEqualTo(decryptsBefore);
        Map<String, AttributeValue> v2 = enc.encrypt(item(2));
        p.rotate();
        Map<String, AttributeValue> v3 = enc.encrypt(item(3));

        ItemEncryptor other = encryptor(provider());
        assertThat(other.decrypt(v1).get("token").s()).isEqualTo("secret-1");
        assertThat(other.decrypt(v2).get("token").s()).isEqualTo("secret-2");
        assertThat(other.decrypt(v3).get("token").s()).isEqualTo("secret-3");
        assertThat(kms.calls(Operation.GENERATE_DATA_KEY)).isEqualTo(3);
    }

    @Test
    void plantedItemsNamingMadeUpVersions_neitherEvictRealVersions_norCostKmsCalls_andMetaStoreReadsStayBounded() {
        MostRecentProvider writer = provider();
        Map<String, AttributeValue> real = encryptor(writer).encrypt(item(1)); // version 1
        writer.rotate(); // version 2 is the newest: version 1 is read through the decrypt cache
        MostRecentProvider reader = provider();
        ItemEncryptor readerEncryptor = encryptor(reader);
        long kmsBefore = kms.calls(Operation.DECRYPT);
        long readsBefore = reader.metaStore().reads();
        int rounds = 5;
        int planted = 64; // the default maxCachedVersions: enough to push everything out of a naive cache
        int refused = 0;

        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < planted; i++) {
                Map<String, AttributeValue> forged = PlantedVersions.item("sessions", "sessions",
                        1_000 + round * planted + i, i);
                try {
                    readerEncryptor.decrypt(forged);
                } catch (MaterialsException expected) {
                    refused++;
                }
            }
            assertThat(readerEncryptor.decrypt(real).get("token").s()).isEqualTo("secret-1");
            clock.advance(Duration.ofSeconds(30)); // well within the 5-minute time to live
        }

        long kmsCalls = kms.calls(Operation.DECRYPT) - kmsBefore;
        long reads = reader.metaStore().reads() - readsBefore;
        System.out.printf("%d rounds of %d planted reads + 1 real read: KMS Decrypt=%d, meta-store reads=%d%n",
                rounds, planted, kmsCalls, reads);
        assertThat(refused).isEqualTo(rounds * planted);
        assertThat(kmsCalls).as("version 1 unwrapped once, never evicted").isEqualTo(1);
        // One version-number query per retry interval (5 s; each round advances 30 s) plus the one load of version 1.
        assertThat(reads).isLessThanOrEqualTo(rounds + 1);
    }

    @Test
    void kmsUnavailableDuringRefresh_graceThenClearFailure_thenRecovery() {
        MostRecentProvider p = provider();
        ItemEncryptor enc = encryptor(p);
        enc.encrypt(item(1));
        kms.inject(Fault.internalError().build());

        clock.advance(Duration.ofMinutes(5));
        assertThat(enc.decrypt(enc.encrypt(item(2))).get("token").s()).isEqualTo("secret-2");
        clock.advance(Duration.ofMinutes(10));
        assertThatThrownBy(() -> enc.encrypt(item(3)))
                .isInstanceOf(MaterialsException.class)
                .hasMessageContaining("material 'sessions'").hasMessageContaining("grace period")
                .hasMessageContaining("kms");

        kms.clearFaults();
        clock.advance(Duration.ofSeconds(5));
        assertThat(enc.decrypt(enc.encrypt(item(4))).get("token").s()).isEqualTo("secret-4");
    }

    @Test
    void kmsKeyDisabled_stopsEncryptionWithinTtlPlusGrace() {
        MostRecentProvider p = provider();
        ItemEncryptor enc = encryptor(p);
        enc.encrypt(item(1));
        kms.disableKey(key);

        clock.advance(Duration.ofMinutes(14));
        enc.encrypt(item(2));
        clock.advance(Duration.ofMinutes(1));
        assertThatThrownBy(() -> enc.encrypt(item(3)))
                .isInstanceOf(MaterialsException.class).hasMessageContaining("disabled");
    }

    @Test
    void metaStoreUnavailableDuringRefresh_graceThenClearFailure() {
        Dynalite metaStoreEngine = TestDynamo.startPrivateEngine();
        useMetaStoreOn(metaStoreEngine.endpoint());
        MostRecentProvider p = provider();
        ItemEncryptor enc = encryptor(p);
        Map<String, AttributeValue> before = enc.encrypt(item(1));
        metaStoreEngine.close();

        clock.advance(Duration.ofMinutes(5));
        assertThat(enc.decrypt(enc.encrypt(item(2))).get("token").s()).isEqualTo("secret-2");
        assertThat(enc.decrypt(before).get("token").s()).isEqualTo("secret-1");
        clock.advance(Duration.ofMinutes(10));
        assertThatThrownBy(() -> enc.encrypt(item(3)))
                .isInstanceOf(MaterialsException.class)
                .hasMessageContaining("meta-store '" + table + "'")
                .hasMessageContaining("grace period")
                .hasMessageNotContaining("secret-");
    }
}
