package dev.coffer.reencrypt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.AlgorithmSuite;
import dev.coffer.ItemDescription;
import dev.coffer.ItemEncryptor;
import dev.coffer.TableConfig;
import dev.coffer.beacon.BeaconConfig;
import dev.coffer.beacon.BeaconKeySource;
import dev.coffer.beacon.StandardBeacon;
import dev.coffer.kms.KmsProvider;
import dev.coffer.kms.testkit.KmsKey;
import dev.coffer.kms.testkit.LocalKms;
import dev.coffer.materials.CachingProvider;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.materials.SecretBytes;
import dev.coffer.testfixtures.TestDynamo;
import dev.coffer.testing.TestKeys;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * What "already current" means beyond keys and actions: a run converges (a second run rewrites
 * nothing) on the ECDSA suite with KMS, whose descriptions carry a fresh public key per data key;
 * a table moving to the ECDSA suite is rewritten; beacons added to the configuration, or computed
 * with another beacon key, are brought up to date.
 */
class CurrentItemsTest {
    private static final int ITEMS = 40;
    private static final DynamoDbClient DDB = TestDynamo.client();
    private static LocalKms kms;
    private static KmsClient kmsClient;
    private static KmsKey key;

    @BeforeAll
    static void kms() {
        kms = LocalKms.builder().region("us-east-1").build().start();
        key = kms.createKey();
        kmsClient = KmsClient.builder().endpointOverride(kms.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
    }

    @AfterAll
    static void stop() {
        kmsClient.close();
        kms.close();
    }

    private static MaterialsProvider kmsProvider(int maxItemsPerKey) {
        return CachingProvider.builder()
                .provider(KmsProvider.builder().kmsClient(kmsClient).encryptionKey(key.arn()).build())
                .maxItemsPerKey(maxItemsPerKey)
                .build();
    }

    private static TableConfig.Builder config(String table, MaterialsProvider provider) {
        return TableConfig.builder().tableName(table).partitionKey("pk").materialsProvider(provider);
    }

    private static void write(String table, TableConfig config) {
        ItemEncryptor encryptor = ItemEncryptor.create(config);
        for (int i = 0; i < ITEMS; i++) {
            Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS("user#" + i),
                    "email", AttributeValue.fromS("user" + (i % 7) + "@example.com"));
            DDB.putItem(r -> r.tableName(table).item(encryptor.encrypt(item)));
        }
    }

    private static ReEncryptionSummary run(TableConfig config) {
        return ReEncryptor.builder().dynamoDbClient(DDB).tableConfig(config).segments(2).build().run();
    }

    private static List<Map<String, AttributeValue>> scan(String table) {
        return DDB.scan(r -> r.tableName(table)).items();
    }

    @Test
    void ecdsaSuiteWithKms_freshPublicKeyPerDataKey_secondRunRewritesNothing() {
        String table = TestDynamo.createTable("current-ecdsa", "pk", ScalarAttributeType.S);
        // One data key (and key pair) per 5 items: descriptions differ item to item in their public key only.
        TableConfig ecdsa = config(table, kmsProvider(5)).algorithmSuite(AlgorithmSuite.AES_GCM_HMAC_SHA256_ECDSA_P256)
                .build();
        write(table, ecdsa);

        ReEncryptionSummary first = run(ecdsa);

        assertThat(first.rewritten()).isZero();
        assertThat(first.alreadyCurrent()).isEqualTo(ITEMS);
        assertThat(first.failed()).isZero();
    }

    @Test
    void moveToEcdsaSuite_rewritesEveryHmacItem_thenConverges() {
        String table = TestDynamo.createTable("current-suite", "pk", ScalarAttributeType.S);
        write(table, config(table, kmsProvider(1000)).build());
        TableConfig target = config(table, kmsProvider(5)).algorithmSuite(AlgorithmSuite.AES_GCM_HMAC_SHA256_ECDSA_P256)
                .acceptHmacOnlyItems(true).build();

        ReEncryptionSummary first = run(target);
        ReEncryptionSummary second = run(target);

        assertThat(first.rewritten()).isEqualTo(ITEMS);
        assertThat(scan(table)).allSatisfy(item -> assertThat(ItemDescription.of(item).suite())
                .isEqualTo(AlgorithmSuite.AES_GCM_HMAC_SHA256_ECDSA_P256.id()));
        assertThat(second.rewritten()).isZero();
        assertThat(second.alreadyCurrent()).isEqualTo(ITEMS);
        // Now nothing HMAC-only is left, the window can close: a strict reader reads every item.
        ItemEncryptor strict = ItemEncryptor.create(config(table, kmsProvider(5))
                .algorithmSuite(AlgorithmSuite.AES_GCM_HMAC_SHA256_ECDSA_P256).build());
        assertThat(strict.decryptAll(scan(table))).hasSize(ITEMS);
    }

    @Test
    void beaconAddedThenKeyRotated_rewritesExactlyWhatDiffers_andConverges() {
        String table = TestDynamo.createTable("current-beacon", "pk", ScalarAttributeType.S);
        MaterialsProvider provider = TestKeys.staticProvider();
        write(table, config(table, provider).build());
        TableConfig withBeacon = beaconed(table, provider, SecretBytes.random(32));

        ReEncryptionSummary added = run(withBeacon);
        ReEncryptionSummary again = run(withBeacon);
        Map<String, String> beaconsBefore = beacons(table);
        TableConfig rotated = beaconed(table, provider, SecretBytes.random(32));
        ReEncryptionSummary afterRotation = run(rotated);

        assertThat(added.rewritten()).isEqualTo(ITEMS);
        assertThat(again.rewritten()).isZero();
        assertThat(again.alreadyCurrent()).isEqualTo(ITEMS);
        assertThat(beaconsBefore).hasSize(ITEMS);
        assertThat(afterRotation.rewritten()).isEqualTo(ITEMS);
        assertThat(beacons(table)).isNotEqualTo(beaconsBefore);
        // Found through the beacon computed with the new key, exactly the items that match.
        ItemEncryptor encryptor = ItemEncryptor.create(rotated);
        var condition = encryptor.beaconCondition(dev.coffer.beacon.BeaconQuery.equalTo("email", "user3@example.com"));
        List<Map<String, AttributeValue>> found = encryptor.decryptMatching(scan(table), condition);
        assertThat(found).isNotEmpty().allSatisfy(item -> assertThat(item.get("email").s()).isEqualTo("user3@example.com"));
    }

    private static TableConfig beaconed(String table, MaterialsProvider provider, SecretBytes beaconKey) {
        return config(table, provider).beacons(BeaconConfig.builder().keySource(BeaconKeySource.local(beaconKey))
                .addStandardBeacon(StandardBeacon.of("email", 8)).build()).build();
    }

    private static Map<String, String> beacons(String table) {
        Map<String, String> out = new HashMap<>();
        for (Map<String, AttributeValue> item : scan(table)) {
            item.forEach((name, value) -> {
                if (name.startsWith(StandardBeacon.ATTRIBUTE_PREFIX)) {
                    out.put(item.get("pk").s(), value.s());
                }
            });
        }
        return out.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
