package dev.coffer.mostrecent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.AlgorithmSuite;
import dev.coffer.IntegrityException;
import dev.coffer.ItemDescription;
import dev.coffer.ItemEncryptor;
import dev.coffer.TableConfig;
import dev.coffer.kms.KmsMaterialsException;
import dev.coffer.kms.KmsProvider;
import dev.coffer.kms.testkit.KmsKey;
import dev.coffer.kms.testkit.LocalKms;
import dev.coffer.kms.testkit.Operation;
import dev.coffer.materials.spi.DecryptionMaterials;
import dev.coffer.materials.spi.EncryptionContext;
import dev.coffer.materials.spi.EncryptionMaterials;
import dev.coffer.materials.spi.MaterialsDescription;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.materials.SignatureKeyPair;
import dev.coffer.testfixtures.FakeTicker;
import dev.coffer.testfixtures.TestDynamo;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The most-recent provider on the ECDSA suite: the writer's key pair is endorsed per cached version
 * by the meta-store's KMS provider, readers run with a decrypt-only KMS principal (enforced by the
 * loopback KMS) and verify with the endorsed public key. A reader holds the version's data and HMAC
 * keys (it can read the meta-store), so under the HMAC suite it can forge; under the ECDSA suite it
 * cannot.
 */
class MostRecentAsymmetricSuiteTest {
    private static final AlgorithmSuite ECDSA = AlgorithmSuite.AES_GCM_HMAC_SHA256_ECDSA_P256;
    private static LocalKms kms;
    private static KmsClient writerKms;
    private static KmsClient readerKms;

    private DynamoDbClient ddb;
    private KmsKey key;
    private FakeTicker clock;
    private String table;

    @BeforeAll
    static void startKms() {
        kms = LocalKms.create().start();
        kms.restrictPrincipal("reader", Operation.DECRYPT);
        writerKms = client("writer");
        readerKms = client("reader");
    }

    private static KmsClient client(String accessKey) {
        return KmsClient.builder().endpointOverride(kms.endpoint()).region(Region.of(kms.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, "secret")))
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    @AfterAll
    static void stopKms() {
        writerKms.close();
        readerKms.close();
        kms.close();
    }

    @BeforeEach
    void freshMetaStore() {
        ddb = TestDynamo.connect(DynamoDbClient.builder(), TestDynamo.endpoint()).build();
        table = TestDynamo.uniqueName("coffer-meta-asym");
        MetaStore.createTable(ddb, table);
        key = kms.createKey();
        clock = new FakeTicker();
    }

    @AfterEach
    void close() {
        ddb.close();
    }

    private MostRecentProvider provider(boolean writer) {
        KmsProvider kmsProvider = writer ? KmsProvider.builder().kmsClient(writerKms).encryptionKey(key.arn()).build()
                : KmsProvider.builder().kmsClient(readerKms).decryptionKeys(key.arn()).build();
        MetaStore store = MetaStore.builder().dynamoDb(ddb).tableName(table).clock(clock.clock())
                .materialsProvider(kmsProvider).build();
        return MostRecentProvider.builder().metaStore(store).materialName("orders").ttl(Duration.ofMinutes(5))
                .ticker(clock::read).build();
    }

    private static ItemEncryptor orders(MaterialsProvider p, AlgorithmSuite suite) {
        return ItemEncryptor.create(TableConfig.builder().tableName("orders").partitionKey("id")
                .materialsProvider(p).algorithmSuite(suite).build());
    }

    private static Map<String, AttributeValue> item(String id, String total) {
        return Map.of("id", AttributeValue.fromS(id), "total", AttributeValue.fromN(total));
    }

    /** What the reader holds for a genuine item: the version's keys, as its own provider hands them out. */
    private static Map<String, AttributeValue> forge(MostRecentProvider reader, Map<String, AttributeValue> genuine,
            AlgorithmSuite suite, MaterialsDescription description, SignatureKeyPair forgersKeys) {
        ItemDescription d = ItemDescription.of(genuine);
        EncryptionContext ctx = EncryptionContext.builder().tableName("orders").partitionKey("id", genuine.get("id"))
                .algorithmSuite(AlgorithmSuite.of(d.suite()).orElseThrow()).build();
        DecryptionMaterials keys = reader.decryptionMaterials(ctx, d.materials());
        MaterialsProvider forger = new MaterialsProvider() {
            @Override
            public EncryptionMaterials encryptionMaterials(EncryptionContext context) {
                return EncryptionMaterials.builder().description(description).dataKey(keys.dataKey())
                        .signingKey(keys.signingKey().orElse(null)).signatureKeyPair(forgersKeys).build();
            }

            @Override
            public DecryptionMaterials decryptionMaterials(EncryptionContext context, MaterialsDescription m) {
                throw new UnsupportedOperationException("the forger only writes");
            }
        };
        return orders(forger, suite).encrypt(item("mallory", "1000000"));
    }

    @ParameterizedTest
    @EnumSource(AlgorithmSuite.class)
    void readerWithVersionKeys_forgesUnderHmacSuite_notUnderEcdsaSuite(AlgorithmSuite suite) {
        Map<String, AttributeValue> genuine = orders(provider(true), suite).encrypt(item("alice", "12.5"));
        MostRecentProvider reader = provider(false);
        ItemEncryptor readerTable = orders(reader, suite);
        assertThat(readerTable.decrypt(genuine)).isEqualTo(item("alice", "12.5"));

        Map<String, AttributeValue> forged = forge(reader, genuine, suite, ItemDescription.of(genuine).materials(),
                suite.isAsymmetric() ? SignatureKeyPair.generate() : null);

        if (suite.isAsymmetric()) {
            assertThatThrownBy(() -> readerTable.decrypt(forged)).isInstanceOf(IntegrityException.class)
                    .hasMessageContaining("ECDSA signature does not verify");
        } else {
            assertThat(readerTable.decrypt(forged)).isEqualTo(item("mallory", "1000000"));
        }
    }

    @Test
    void ecdsa_forgersPublicKeyInTheEndorsement_isRefusedByKms_andDowngradeIsRefused() {
        Map<String, AttributeValue> genuine = orders(provider(true), ECDSA).encrypt(item("alice", "12.5"));
        MostRecentProvider reader = provider(false);
        SignatureKeyPair mine = SignatureKeyPair.generate();
        MaterialsDescription swapped = ItemDescription.of(genuine).materials().toBuilder()
                .parameter("e.pk", mine.publicKeyText()).build();

        Map<String, AttributeValue> forged = forge(reader, genuine, ECDSA, swapped, mine);
        Map<String, AttributeValue> downgraded = forge(reader, genuine, AlgorithmSuite.AES_GCM_HMAC_SHA256,
                ItemDescription.of(genuine).materials(), null);

        assertThatThrownBy(() -> orders(reader, ECDSA).decrypt(forged)).isInstanceOf(KmsMaterialsException.class)
                .extracting(e -> ((KmsMaterialsException) e).reason())
                .isEqualTo(KmsMaterialsException.Reason.INVALID_CIPHERTEXT);
        assertThatThrownBy(() -> orders(reader, ECDSA).decrypt(downgraded)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("HMAC only");
    }

    @Test
    void ecdsa_keyPairLivesAsLongAsTheCachedVersion_andReadersCheckItOncePerTimeToLive() {
        MostRecentProvider writer = provider(true);
        ItemEncryptor writes = orders(writer, ECDSA);
        String first = endorsedKey(writes.encrypt(item("a", "1")));
        String second = endorsedKey(writes.encrypt(item("b", "2")));
        clock.advance(Duration.ofMinutes(6));
        Map<String, AttributeValue> later = writes.encrypt(item("c", "3"));

        assertThat(second).isEqualTo(first);
        assertThat(endorsedKey(later)).as("a refreshed version gets a new key pair").isNotEqualTo(first);
        ItemEncryptor reads = orders(provider(false), ECDSA);
        reads.decrypt(later);
        long decrypts = kms.calls(Operation.DECRYPT);
        reads.decrypt(later);
        assertThat(kms.calls(Operation.DECRYPT)).as("endorsement and version cached").isEqualTo(decrypts);
        assertThat(reads.decrypt(later)).isEqualTo(item("c", "3"));
    }

    @Test
    void ecdsa_threadStorm_onAColdProvider_endorsesOnce() throws Exception {
        MostRecentProvider writer = provider(true);
        ItemEncryptor writes = orders(writer, ECDSA);
        long before = kms.calls(Operation.GENERATE_DATA_KEY);
        int threads = 8;
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.List<java.util.concurrent.Future<String>> keys = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int n = t;
                keys.add(pool.submit(() -> {
                    start.await();
                    return endorsedKey(writes.encrypt(item("t" + n, Integer.toString(n))));
                }));
            }
            start.countDown();
            java.util.Set<String> distinct = new java.util.HashSet<>();
            for (java.util.concurrent.Future<String> k : keys) {
                distinct.add(k.get());
            }

            assertThat(distinct).as("one key pair for the one cached version").hasSize(1);
            assertThat(kms.calls(Operation.GENERATE_DATA_KEY) - before)
                    .as("one GenerateDataKey for version 1, one for its endorsement").isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    private static String endorsedKey(Map<String, AttributeValue> stored) {
        return ItemDescription.of(stored).materials().parameter("e.pk").orElseThrow();
    }
}
