package dev.coffer.mostrecent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.CryptoAction;
import dev.coffer.ItemEncryptor;
import dev.coffer.MaterialsException;
import dev.coffer.TableConfig;
import dev.coffer.beacon.BeaconConfig;
import dev.coffer.beacon.BeaconKeySource;
import dev.coffer.beacon.BeaconQuery;
import dev.coffer.beacon.StandardBeacon;
import dev.coffer.kms.KmsProvider;
import dev.coffer.kms.testkit.Fault;
import dev.coffer.kms.testkit.KmsKey;
import dev.coffer.kms.testkit.LocalKms;
import dev.coffer.kms.testkit.Operation;
import dev.coffer.materials.SecretBytes;
import dev.coffer.testfixtures.TestDynamo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;

/** A beacon key kept in the meta-store under KMS (loopback KMS, dynalite), as in production. */
class MetaStoreBeaconKeyTest {
    private static LocalKms kms;
    private static KmsClient kmsClient;
    private KmsKey key;
    private MetaStore store;

    @BeforeAll
    static void startKms() {
        kms = LocalKms.create().start();
        kmsClient = KmsClient.builder().endpointOverride(kms.endpoint()).region(Region.of(kms.region()))
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
        key = kms.createKey();
        kms.clearFaults();
        kms.resetCounters();
        String table = TestDynamo.uniqueName("coffer-meta-beacons");
        MetaStore.createTable(TestDynamo.client(), table);
        store = MetaStore.builder().dynamoDb(TestDynamo.client()).tableName(table)
                .materialsProvider(KmsProvider.builder().kmsClient(kmsClient).encryptionKey(key.arn()).build()).build();
    }

    private MetaStoreBeaconKey beaconKey(long version) {
        return MetaStoreBeaconKey.builder().metaStore(store).name("users").version(version).build();
    }

    private static ItemEncryptor encryptor(BeaconKeySource source) {
        return ItemEncryptor.create(TableConfig.builder().tableName("users").partitionKey("id")
                .action("email", CryptoAction.ENCRYPT_AND_SIGN)
                .materialsProvider(dev.coffer.materials.StaticProvider.builder().keyId("k")
                        .dataKey(SecretBytes.random(32)).signingKey(SecretBytes.random(32)).build())
                .beacons(BeaconConfig.builder().keySource(source).addStandardBeacon(StandardBeacon.of("email", 63))
                        .build())
                .build());
    }

    private static Map<String, AttributeValue> user(int i) {
        return Map.of("id", AttributeValue.fromS("u" + i), "email", AttributeValue.fromS("user" + i + "@example.com"));
    }

    @Test
    void beaconKey_twoProcesses_shareTheKeyWithOneKmsCallEach() {
        ItemEncryptor first = encryptor(beaconKey(1));     // creates version 1: one GenerateDataKey
        String b1 = first.encrypt(user(1)).get("coffer_b_email").s();
        ItemEncryptor second = encryptor(beaconKey(1));    // reads and unwraps it: one Decrypt
        String b2 = second.encrypt(user(1)).get("coffer_b_email").s();
        long calls = kms.calls(Operation.GENERATE_DATA_KEY) + kms.calls(Operation.DECRYPT);

        for (int i = 0; i < 200; i++) {
            first.encrypt(user(i));
            second.beaconCondition(BeaconQuery.equalTo("email", "user" + i + "@example.com"));
        }

        assertThat(b2).isEqualTo(b1);
        assertThat(calls).isEqualTo(2);
        assertThat(kms.calls(Operation.GENERATE_DATA_KEY) + kms.calls(Operation.DECRYPT)).isEqualTo(2);
        assertThat(store.newestVersion(MetaStoreBeaconKey.MATERIAL_PREFIX + "users")).contains(1L);
    }

    @Test
    void beaconKey_concurrentFirstCalls_loadOnce() throws Exception {
        beaconKey(1).beaconKey(); // version 1 exists
        kms.resetCounters();
        MetaStoreBeaconKey fresh = beaconKey(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<SecretBytes>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return fresh.beaconKey();
                }));
            }
            go.countDown();
            SecretBytes one = results.get(0).get();
            for (Future<SecretBytes> r : results) {
                assertThat(r.get().equalsSecret(one)).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(fresh.loads()).isEqualTo(1);
        assertThat(kms.calls(Operation.DECRYPT)).isEqualTo(1);
    }

    @Test
    void beaconKey_kmsFailsOnFirstLoad_throwsAndNextCallRetries() {
        beaconKey(1).beaconKey();
        MetaStoreBeaconKey fresh = beaconKey(1);
        kms.inject(Fault.internalError().build());

        assertThatThrownBy(fresh::beaconKey).isInstanceOf(MaterialsException.class);
        kms.clearFaults();

        assertThat(fresh.beaconKey().length()).isEqualTo(32);
        assertThat(fresh.loads()).isEqualTo(2);
    }

    @Test
    void rotate_newVersionGivesOtherBeacons_andUnrotatedVersionIsRefused() {
        String v1 = encryptor(beaconKey(1)).encrypt(user(1)).get("coffer_b_email").s();

        assertThatThrownBy(() -> beaconKey(2).beaconKey()).isInstanceOf(MaterialsException.class)
                .hasMessageContaining("no version 2").hasMessageContaining("rotate");
        assertThat(MetaStoreBeaconKey.rotate(store, "users")).isEqualTo(2);
        String v2 = encryptor(beaconKey(2)).encrypt(user(1)).get("coffer_b_email").s();

        assertThat(v2).isNotEqualTo(v1);
        assertThat(encryptor(beaconKey(1)).encrypt(user(1)).get("coffer_b_email").s()).isEqualTo(v1);
    }
}
