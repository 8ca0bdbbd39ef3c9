package dev.coffer.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.AlgorithmSuite;
import dev.coffer.ItemDescription;
import dev.coffer.ItemEncryptor;
import dev.coffer.kms.KmsProvider;
import dev.coffer.kms.testkit.LocalKms;
import dev.coffer.spark.internal.ExecutorEncryptors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.kms.KmsClient;

/** docs/spark.md's example is DecryptOrders, word for word, and runs here in local mode against the loopback KMS. */
class DocsExampleTest {
    @TempDir
    Path dir;

    @Test
    void docsExample_isDecryptOrdersVerbatim() throws IOException {
        String source = Files.readString(Path.of("src/test/java/dev/coffer/spark/DecryptOrders.java"));
        String body = source.substring(source.indexOf("import "));
        String doc = Files.readString(Path.of("../docs/spark.md"));

        assertThat(doc).contains(body);
    }

    @Test
    void docsExample_decryptsAnExportIntoParquetWithKms() {
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        try (LocalKms kms = LocalKms.create().start()) {
            String key = kms.createKey().arn();
            KmsClient client = KmsClient.builder().endpointOverride(kms.endpoint()).region(Region.of(kms.region()))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                    .build();
            List<Map<String, AttributeValue>> plain = Items.mixed(200, 7);
            List<Map<String, AttributeValue>> stored = ItemEncryptor.create(CofferExportsTest.config(
                    KmsProvider.builder().kmsClient(client).encryptionKey(key).build()).toBuilder()
                    .algorithmSuite(AlgorithmSuite.AES_GCM_HMAC_SHA256_ECDSA_P256).build()).encryptAll(plain);
            assertThat(stored).allSatisfy(i -> assertThat(ItemDescription.of(i).suite()).isEqualTo(2));
            Path export = ExportFixture.write(dir, Items.TABLE, stored, 2);
            ExecutorEncryptors.clear();
            kms.resetCounters();

            ExportSummary summary = DecryptOrders.run(Spark.session(), export.toString(),
                    dir.resolve("out").toString(), KmsKeys.builder().region(Region.of(kms.region()))
                            .endpoint(kms.endpoint()).decryptionKeys(key).build());

            assertThat(summary.verified()).isEqualTo(200);
            assertThat(summary.kmsCalls()).isEqualTo(200);  // written without caching: one data key per item
            List<Row> rows = Spark.session().read().parquet(dir.resolve("out/orders").toString())
                    .orderBy("order_id").collectAsList();
            assertThat(rows).hasSize(200);
            assertThat(rows.get(1).<String>getAs("email")).isEqualTo(plain.get(1).get("email").s());
            assertThat(rows.get(1).<java.math.BigDecimal>getAs("total"))
                    .isEqualByComparingTo(plain.get(1).get("total").n());
        }
    }
}
