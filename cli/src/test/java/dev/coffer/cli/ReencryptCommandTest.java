package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.CryptoAction;
import dev.coffer.ItemDescription;
import dev.coffer.ItemEncryptor;
import dev.coffer.TableConfig;
import dev.coffer.testfixtures.TestDynamo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** {@code coffer reencrypt} on the test engine: a key rotation and a plaintext table, through the real entry point. */
class ReencryptCommandTest {
    @TempDir
    Path dir;

    private final DynamoDbClient ddb = TestDynamo.client();

    private TableConfig config(String table, Path keyring) {
        return TableConfig.builder().tableName(table).partitionKey("user_id").action("status", CryptoAction.SIGN_ONLY)
                .materialsProvider(Keyrings.load(keyring, new PrintWriter(new StringWriter()))).build();
    }

    private static Map<String, AttributeValue> plain(int i) {
        return Map.of("user_id", AttributeValue.fromS("u" + i), "token", AttributeValue.fromS("tok-" + i),
                "status", AttributeValue.fromS("ACTIVE"));
    }

    private List<Map<String, AttributeValue>> scan(String table) {
        List<Map<String, AttributeValue>> all = new ArrayList<>();
        ddb.scanPaginator(r -> r.tableName(table).consistentRead(true)).items().forEach(all::add);
        return all;
    }

    private String[] args(String table, Path keyring, String... more) {
        List<String> a = new ArrayList<>(List.of("reencrypt", "--keyring", keyring.toString(), "-t", table, "-p", "user_id",
                "--sign-only", "status", "--endpoint-url", TestDynamo.endpoint().toString()));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    @Test
    void reencrypt_afterKeygenRotate_rewritesOldItems_reportsTamperedOnes_exit1() {
        String table = TestDynamo.createTable("cli-reencrypt", "user_id", ScalarAttributeType.S);
        Path keyring = dir.resolve("keyring.json");
        assertThat(CliRun.run("keygen", "--out", keyring.toString()).exitCode).isZero();
        ItemEncryptor before = ItemEncryptor.create(config(table, keyring));
        for (int i = 0; i < 50; i++) {
            Map<String, AttributeValue> stored = before.encrypt(plain(i));
            if (i == 7) {
                stored = new HashMap<>(stored);
                stored.put("status", AttributeValue.fromS("ADMIN"));
            }
            Map<String, AttributeValue> s = stored;
            ddb.putItem(r -> r.tableName(table).item(s));
        }
        String oldKey = ItemDescription.of(scan(table).get(0)).materials().keyId();
        assertThat(CliRun.run("keygen", "--out", keyring.toString(), "--rotate").exitCode).isZero();

        CliRun dry = CliRun.run(args(table, keyring, "--dry-run"));
        CliRun r = CliRun.run(args(table, keyring, "--checkpoint", dir.resolve("ckpt").toString(), "--segments", "2",
                "--no-progress"));

        assertThat(dry.out).contains("50 items scanned: 49 to rewrite, 0 already current, 1 failed").contains("dry run");
        assertThat(r.exitCode).as(r.toString()).isEqualTo(1);
        assertThat(r.out).contains("table '" + table + "': 50 items scanned: 49 rewritten, 0 already current, 1 failed, "
                + "0 retried");
        assertThat(r.err).contains("coffer: left as it is: table '" + table + "', key {\"user_id\":{\"S\":\"u7\"}}: "
                + "IntegrityException").doesNotContain("tok-", "ADMIN");
        ItemEncryptor after = ItemEncryptor.create(config(table, keyring));
        for (Map<String, AttributeValue> stored : scan(table)) {
            if (stored.get("user_id").s().equals("u7")) {
                assertThat(stored.get("status").s()).isEqualTo("ADMIN");
                continue;
            }
            assertThat(ItemDescription.of(stored).materials().keyId()).isNotEqualTo(oldKey);
            assertThat(after.decrypt(stored).get("token").s()).startsWith("tok-");
        }
        assertThat(dir.resolve("ckpt")).doesNotExist();
    }

    @Test
    void reencrypt_plaintextTable_needsThePhase_thenEncryptsEveryItem_exit0() {
        String table = TestDynamo.createTable("cli-reencrypt", "user_id", ScalarAttributeType.S);
        Path keyring = dir.resolve("keyring.json");
        assertThat(CliRun.run("keygen", "--out", keyring.toString()).exitCode).isZero();
        for (int i = 0; i < 20; i++) {
            Map<String, AttributeValue> p = plain(i);
            ddb.putItem(r -> r.tableName(table).item(p));
        }

        CliRun strict = CliRun.run(args(table, keyring, "--dry-run"));
        CliRun phase1 = CliRun.run(args(table, keyring, "--plaintext-phase", "WRITE_PLAINTEXT_READ_BOTH"));
        CliRun r = CliRun.run(args(table, keyring, "--plaintext-phase", "write_encrypted_read_both", "--progress",
                "--max-items-per-second", "1000"));

        assertThat(strict.exitCode).isEqualTo(1);
        assertThat(strict.err).contains("MigrationPhaseException").contains("ENCRYPTED_ONLY");
        assertThat(phase1.exitCode).isEqualTo(2);
        assertThat(phase1.err).contains("--plaintext-phase WRITE_PLAINTEXT_READ_BOTH");
        assertThat(r.exitCode).as(r.toString()).isZero();
        assertThat(r.out).contains("20 items scanned: 20 rewritten");
        assertThat(r.err).contains("coffer: reencrypt: 20 items: 20 rewritten, 0 already current, 0 failed, 0 retried; ");
        ItemEncryptor after = ItemEncryptor.create(config(table, keyring));
        assertThat(scan(table)).hasSize(20).allSatisfy(s -> assertThat(after.decrypt(s).get("token").s()).startsWith("tok-"));
    }

    @Test
    void reencrypt_badFlags_areUsageErrorsNamingTheFlag() {
        Path keyring = dir.resolve("keyring.json");
        assertThat(CliRun.run("keygen", "--out", keyring.toString()).exitCode).isZero();

        CliRun segments = CliRun.run(args("t1", keyring, "--segments", "0"));
        CliRun rate = CliRun.run(args("t1", keyring, "--max-items-per-second", "-5"));
        CliRun phase = CliRun.run(args("t1", keyring, "--plaintext-phase", "SOMETIMES"));

        assertThat(segments.exitCode).isEqualTo(2);
        assertThat(segments.err).contains("--segments must be 1 to 1000");
        assertThat(rate.exitCode).isEqualTo(2);
        assertThat(rate.err).contains("--max-items-per-second must be a positive number");
        assertThat(phase.exitCode).isEqualTo(2);
        assertThat(phase.err).contains("--plaintext-phase 'SOMETIMES' is not a phase");
    }
}
