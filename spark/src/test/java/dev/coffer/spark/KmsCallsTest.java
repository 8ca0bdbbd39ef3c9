package dev.coffer.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.AlgorithmSuite;
import dev.coffer.ItemDescription;
import dev.coffer.ItemEncryptor;
import dev.coffer.kms.KmsProvider;
import dev.coffer.kms.testkit.LocalKms;
import dev.coffer.kms.testkit.Operation;
import dev.coffer.materials.CachingProvider;
import dev.coffer.spark.internal.ExecutorEncryptors;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * KMS calls of a job, counted by the loopback KMS and by the job's accumulator. Spark's local mode
 * has one executor (the test JVM), so the budget is one call per data key.
 */
class KmsCallsTest {
    private static final int ITEMS = 3_000;
    private static final int ITEMS_PER_DATA_KEY = 500;

    @TempDir
    static Path dir;
    static LocalKms kms;
    static String oldKey;
    static String newKey;
    static List<Map<String, AttributeValue>> plain;
    static List<Map<String, AttributeValue>> stored;
    static Path export;

    @BeforeAll
    static void start() {
        // The executors' KMS clients use the SDK's default credentials chain, as on EMR; here it
        // finds these (the loopback KMS checks the request's form, not the secret).
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        kms = LocalKms.create().start();
        oldKey = kms.createKey().arn();
        newKey = kms.createKey().arn();
        KmsClient client = KmsClient.builder().endpointOverride(kms.endpoint()).region(Region.of(kms.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
        CachingProvider writerKeys = CachingProvider.builder()
                .provider(KmsProvider.builder().kmsClient(client).encryptionKey(oldKey).build())
                .maxItemsPerKey(ITEMS_PER_DATA_KEY).build();
        plain = Items.mixed(ITEMS, 42);
        stored = ItemEncryptor.create(CofferExportsTest.config(writerKeys)).encryptAll(plain);
        export = ExportFixture.write(dir.resolve("kms"), Items.TABLE, stored, 4);
    }

    @AfterAll
    static void stop() {
        kms.close();
        ExecutorEncryptors.clear();
    }

    static TableSpec spec(KeySource keys) {
        return Items.spec(keys);
    }

    @Test
    void decrypt_withCachingKmsKeys_callsKmsOncePerDataKeyPerExecutor() {
        long dataKeys = stored.stream()
                .map(i -> Base64.getEncoder().encodeToString(ItemDescription.of(i).materials().wrappedKey()))
                .distinct().count();
        assertThat(dataKeys).isEqualTo(ITEMS / ITEMS_PER_DATA_KEY);
        ExecutorEncryptors.clear();
        kms.resetCounters();
        KmsKeys keys = KmsKeys.builder().region(Region.of(kms.region())).endpoint(kms.endpoint())
                .decryptionKeys(oldKey).build();

        ExportSummary summary = CofferExports.decrypt(Spark.session(), export.toString(), spec(keys)).summary();

        assertThat(summary.verified()).isEqualTo(ITEMS);
        assertThat(kms.calls(Operation.DECRYPT)).isEqualTo(dataKeys);
        assertThat(kms.totalCalls()).isEqualTo(dataKeys);
        assertThat(summary.kmsCalls()).isEqualTo(dataKeys);
    }

    @Test
    void reencrypt_toANewKmsKey_generatesADataKeyPerMaxItemsPerKey() throws Exception {
        ExecutorEncryptors.clear();
        kms.resetCounters();
        KmsKeys source = KmsKeys.builder().region(Region.of(kms.region())).endpoint(kms.endpoint())
                .decryptionKeys(oldKey).build();
        KmsKeys target = KmsKeys.builder().region(Region.of(kms.region())).endpoint(kms.endpoint())
                .encryptionKey(newKey).maxItemsPerKey(1_000).build();
        Path out = dir.resolve("kms-out");

        ExportSummary summary = Reencryption.builder().source(spec(source)).target(spec(target)).build()
                .run(Spark.session(), export.toString(), out.toString());

        assertThat(summary.verified()).isEqualTo(ITEMS);
        long generated = kms.calls(Operation.GENERATE_DATA_KEY);
        // 3 data keys of 1,000 items; a task that finds the key used up while another is loading its
        // successor may load one more: at most one per concurrent task (2) beyond the minimum.
        assertThat(generated).isBetween(3L, 5L);
        assertThat(kms.calls(Operation.DECRYPT)).isEqualTo(ITEMS / ITEMS_PER_DATA_KEY);
        assertThat(summary.kmsCalls()).isEqualTo(kms.totalCalls());
        List<Map<String, AttributeValue>> written = ReencryptionTest.importLines(out.resolve("data"));
        assertThat(written.stream().map(i -> ItemDescription.of(i).materials().keyId()).collect(Collectors.toSet()))
                .containsExactly(newKey);
    }

    /** The orders spec on the asymmetric suite (reads refuse HMAC-only items unless {@code acceptHmacOnly}). */
    static TableSpec ecdsa(KeySource keys, boolean acceptHmacOnly) {
        return TableSpec.builder().tableName(Items.TABLE).keys(keys)
                .config((table, executor) -> table.partitionKey(Items.PK).sortKey(Items.SK)
                        .action("status", dev.coffer.CryptoAction.SIGN_ONLY)
                        .algorithmSuite(AlgorithmSuite.AES_GCM_HMAC_SHA256_ECDSA_P256)
                        .acceptHmacOnlyItems(acceptHmacOnly))
                .build();
    }

    @Test
    void decrypt_hmacOnlyExportUnderTheEcdsaSuite_refusesEveryItemAsADowngrade() {
        ExecutorEncryptors.clear();
        kms.resetCounters();
        KmsKeys keys = KmsKeys.builder().region(Region.of(kms.region())).endpoint(kms.endpoint())
                .decryptionKeys(oldKey).build();

        DecryptedExport export = CofferExports.decrypt(Spark.session(), KmsCallsTest.export.toString(), ecdsa(keys, false));
        ExportSummary summary = export.summary();

        assertThat(summary.verified()).isZero();
        assertThat(summary.failed()).isEqualTo(ITEMS);
        assertThat(kms.totalCalls()).isZero();  // refused from the header, before any key is asked for
        assertThat(export.failures().select("kind").distinct().collectAsList())
                .extracting(r -> r.getString(0)).containsExactly("INTEGRITY");
        assertThat(export.failures().select("reason").first().getString(0)).contains("HMAC only");
    }

    @Test
    void reencrypt_hmacExportToTheEcdsaSuite_writesSuite2ItemsThatVerifyOnSpark() throws Exception {
        ExecutorEncryptors.clear();
        kms.resetCounters();
        KmsKeys source = KmsKeys.builder().region(Region.of(kms.region())).endpoint(kms.endpoint())
                .decryptionKeys(oldKey).build();
        KmsKeys target = KmsKeys.builder().region(Region.of(kms.region())).endpoint(kms.endpoint())
                .encryptionKey(newKey).maxItemsPerKey(1_000).build();
        Path out = dir.resolve("ecdsa-out");

        // The migration window: the ECDSA table still reads the HMAC-only items it re-encrypts.
        ExportSummary summary = Reencryption.builder().source(ecdsa(source, true)).target(ecdsa(target, false)).build()
                .run(Spark.session(), export.toString(), out.toString());

        assertThat(summary.verified()).isEqualTo(ITEMS);
        assertThat(kms.calls(Operation.DECRYPT)).isEqualTo(ITEMS / ITEMS_PER_DATA_KEY);
        assertThat(kms.calls(Operation.GENERATE_DATA_KEY)).isBetween(3L, 5L);
        assertThat(summary.kmsCalls()).isEqualTo(kms.totalCalls());
        List<Map<String, AttributeValue>> written = ReencryptionTest.importLines(out.resolve("data"));
        assertThat(written).hasSize(ITEMS).allSatisfy(i -> assertThat(ItemDescription.of(i).suite()).isEqualTo(2));
        long dataKeys = written.stream()
                .map(i -> Base64.getEncoder().encodeToString(ItemDescription.of(i).materials().wrappedKey()))
                .distinct().count();

        // Read back on Spark with the window closed: every item verifies with ECDSA, one Decrypt per data key.
        Path reexport = ExportFixture.write(dir.resolve("ecdsa-export"), Items.TABLE, written, 3);
        ExecutorEncryptors.clear();
        kms.resetCounters();
        KmsKeys reader = KmsKeys.builder().region(Region.of(kms.region())).endpoint(kms.endpoint())
                .decryptionKeys(newKey).build();
        DecryptedExport back = CofferExports.decrypt(Spark.session(), reexport.toString(), ecdsa(reader, false));

        assertThat(back.summary().verified()).isEqualTo(ITEMS);
        assertThat(kms.totalCalls()).isEqualTo(dataKeys);
    }
}
