package dev.coffer.reencrypt;

import dev.coffer.CryptoAction;
import dev.coffer.TableConfig;
import dev.coffer.migration.PlaintextPhase;
import dev.coffer.testfixtures.TestDynamo;
import dev.coffer.testing.TestKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import static org.assertj.core.api.Assertions.assertThat;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Measures the re-encryption throughput on the test engine: 10,000 plaintext items rewritten with 1, 4
 * and 8 segments, then a verify-only (dry) pass over the result. Off by default (about a minute);
 * run with
 * {@code ./mvnw -B -q verify -pl reencryptor -am -Dtest=ReEncryptionThroughputTest -Dsurefire.failIfNoSpecifiedTests=false -Dcoffer.measureThroughput=true}
 * and read the {@code [throughput]} lines in
 * {@code reencryptor/target/surefire-reports/dev.coffer.reencrypt.ReEncryptionThroughputTest-output.txt}.
 * Numbers are in docs/migration.md.
 */
@EnabledIfSystemProperty(named = "coffer.measureThroughput", matches = "true")
class ReEncryptionThroughputTest {
    @Test
    void rewrite10000PlaintextItems_with1_4_8Segments_thenVerifyOnly() {
        var ddb = TestDynamo.client();
        for (int segments : new int[] {1, 4, 8}) {
            String t = TestDynamo.createTable("tp", "pk", ScalarAttributeType.S);
            List<WriteRequest> batch = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of("pk", AttributeValue.fromS("k" + i),
                        "secret", AttributeValue.fromS("secret-value-" + i), "status", AttributeValue.fromS("ACTIVE"),
                        "count", AttributeValue.fromN(Integer.toString(i)))).build()).build());
                if (batch.size() == 25) {
                    Map<String, List<WriteRequest>> left = Map.of(t, List.copyOf(batch));
                    while (!left.isEmpty()) {
                        var req = left;
                        left = ddb.batchWriteItem(r -> r.requestItems(req)).unprocessedItems();
                    }
                    batch.clear();
                }
            }
            TableConfig c = TableConfig.builder().tableName(t).partitionKey("pk").action("status", CryptoAction.SIGN_ONLY)
                    .materialsProvider(TestKeys.wrappedProvider()).plaintextPhase(PlaintextPhase.WRITE_ENCRYPTED_READ_BOTH).build();
            long t0 = System.nanoTime();
            ReEncryptionSummary s = ReEncryptor.builder().dynamoDbClient(ddb).tableConfig(c).segments(segments).build().run();
            double secs = (System.nanoTime() - t0) / 1e9;
            long t1 = System.nanoTime();
            ReEncryptionSummary d = ReEncryptor.builder().dynamoDbClient(ddb).tableConfig(c).segments(segments).dryRun(true).build().run();
            double secs2 = (System.nanoTime() - t1) / 1e9;
            assertThat(s.rewritten()).isEqualTo(10_000);
            assertThat(d.alreadyCurrent()).isEqualTo(10_000);
            System.out.printf("[throughput] segments=%d rewrite %d items in %.1f s = %.0f items/s; verify-only pass %d current in %.1f s = %.0f items/s%n",
                    segments, s.rewritten(), secs, s.rewritten() / secs, d.alreadyCurrent(), secs2, d.scanned() / secs2);
        }
    }
}
