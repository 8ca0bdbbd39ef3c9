package dev.coffer.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.ItemEncryptor;
import dev.coffer.kms.KmsProvider;
import dev.coffer.kms.testkit.LocalKms;
import dev.coffer.kms.testkit.Operation;
import dev.coffer.mostrecent.MetaStore;
import dev.coffer.mostrecent.MostRecentProvider;
import dev.coffer.spark.internal.ExecutorEncryptors;
import dev.coffer.testfixtures.TestDynamo;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;

/** Items written with a most-recent provider, decrypted on the executors from the meta-store (dynalite) and KMS (loopback). */
class MostRecentKeysTest {
    @TempDir
    Path dir;

    @Test
    void decrypt_withMostRecentKeys_callsKmsOncePerVersionPerExecutor() {
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        try (LocalKms kms = LocalKms.builder().region(TestDynamo.REGION.id()).build().start()) {
            String key = kms.createKey().arn();
            String table = TestDynamo.uniqueName("coffer-meta-spark");
            MetaStore.createTable(TestDynamo.client(), table);
            KmsClient client = KmsClient.builder().endpointOverride(kms.endpoint()).region(Region.of(kms.region()))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .build();
            MostRecentProvider writerKeys = MostRecentProvider.builder().materialName("orders")
                    .metaStore(MetaStore.builder().dynamoDb(TestDynamo.client()).tableName(table)
                            .materialsProvider(KmsProvider.builder().kmsClient(client).encryptionKey(key).build()).build())
                    .build();
            List<Map<String, AttributeValue>> plain = Items.mixed(1_000, 11);
            List<Map<String, AttributeValue>> stored = ItemEncryptor.create(CofferExportsTest.config(writerKeys))
                    .encryptAll(plain);
            Path export = ExportFixture.write(dir, Items.TABLE, stored, 3);
            ExecutorEncryptors.clear();
            kms.resetCounters();
            MostRecentKeys keys = MostRecentKeys.builder().region(TestDynamo.REGION).metaStoreTable(table)
                    .materialName("orders").kmsKey(key).dynamoDbEndpoint(TestDynamo.endpoint())
                    .kmsEndpoint(kms.endpoint()).build();

            ExportSummary summary = CofferExports.decrypt(Spark.session(), export.toString(),
                    KmsCallsTest.spec(keys)).summary();

            assertThat(summary.verified()).isEqualTo(1_000);
            assertThat(kms.calls(Operation.DECRYPT)).isEqualTo(1);
            assertThat(summary.kmsCalls()).isEqualTo(1);
        }
    }
}
