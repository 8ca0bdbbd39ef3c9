package dev.coffer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.dynamodbv2.datamodeling.encryption.DynamoDBEncryptor;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.providers.CachingMostRecentProvider;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.providers.DirectKmsMaterialProvider;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.providers.EncryptionMaterialsProvider;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.providers.SymmetricStaticProvider;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.providers.WrappedMaterialsProvider;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.providers.store.MetaStore;
import com.amazonaws.services.kms.AWSKMS;
import dev.coffer.CryptoAction;
import dev.coffer.ItemEncryptor;
import dev.coffer.TableConfig;
import dev.coffer.json.DynamoDbJson;
import dev.coffer.materials.SecretBytes;
import dev.coffer.kms.testkit.KmsKey;
import dev.coffer.kms.testkit.LocalKms;
import dev.coffer.legacy.LegacyItemReader;
import dev.coffer.legacy.testing.LegacyWriter;
import dev.coffer.materials.WrappedProvider;
import dev.coffer.materials.WrappingKey;
import dev.coffer.testfixtures.TestDynamo;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * docs/migration.md's legacy table from the command line, against dynalite and the loopback KMS:
 * items written by the legacy DynamoDB Encryption Client itself (2.0.3, SDK v1, test scope) with the
 * symmetric static, wrapped (RSA), direct-KMS and most-recent (KMS meta-store) providers, read by
 * {@code coffer decrypt} and converted by {@code coffer reencrypt} with the {@code --legacy-*} options
 * and the config file's {@code "legacy"} object; then {@code --legacy-phase COFFER_ONLY}.
 */
class LegacyCommandsTest {
    private static final String REGION = "us-west-2";
    /** The legacy writer only needs the table's actions from a TableConfig; its provider is never used. */
    private static final WrappedProvider ANY_PROVIDER = WrappedProvider.builder()
            .addWrappingKey(WrappingKey.aes("unused", SecretBytes.copyOf(new byte[32])))
            .addSigningKey("unused", SecretBytes.copyOf(new byte[32])).build();
    private static LocalKms kms;
    private static KmsKey dataKey;
    private static KmsKey metaKey;
    private static AWSKMS kmsV1;
    private static String savedKeyId;
    private static String savedSecret;

    @TempDir
    Path dir;

    private final DynamoDbClient ddb = TestDynamo.client();

    @BeforeAll
    static void start() {
        kms = LocalKms.builder().region(REGION).build().start();
        dataKey = kms.createKey();
        metaKey = kms.createKey();
        kmsV1 = LegacyWriter.kms(kms.endpoint(), REGION);
        savedKeyId = System.getProperty("aws.accessKeyId");
        savedSecret = System.getProperty("aws.secretAccessKey");
        // The CLI uses the SDK's default credential chain; the loopback server accepts any credentials.
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
    }

    @AfterAll
    static void stop() {
        kms.close();
        restore("aws.accessKeyId", savedKeyId);
        restore("aws.secretAccessKey", savedSecret);
    }

    private static void restore(String name, String value) {
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
    }

    private static TableConfig legacyActions(String table) {
        return TableConfig.builder().tableName(table).partitionKey("id").action("status", CryptoAction.SIGN_ONLY)
                .action("last_login", CryptoAction.DO_NOTHING).materialsProvider(ANY_PROVIDER)
                .build();
    }

    private static Map<String, AttributeValue> plain(int i) {
        return Map.of("id", AttributeValue.fromS("acct-" + i), "owner", AttributeValue.fromS("owner-" + i),
                "balance", AttributeValue.fromN(String.valueOf(100 * i)), "status", AttributeValue.fromS("OPEN"),
                "last_login", AttributeValue.fromN(String.valueOf(1_700_000_000 + i)));
    }

    private Map<String, AttributeValue> writeLegacy(String table, EncryptionMaterialsProvider provider, int i) {
        Map<String, AttributeValue> stored = LegacyWriter.write(provider, legacyActions(table), plain(i));
        ddb.putItem(r -> r.tableName(table).item(stored));
        return stored;
    }

    private Map<String, AttributeValue> raw(String table, String id) {
        return ddb.getItem(r -> r.tableName(table).consistentRead(true).key(Map.of("id", AttributeValue.fromS(id)))).item();
    }

    private Path file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
        return p;
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    /** A legacy table of four providers' items, the legacy keys file, the config file and a keyring. */
    private record Setup(String table, String metaStore, Path keyring, Path config, Map<String, Integer> firstOfProvider) {
    }

    private Setup legacyTable(int perProvider) throws Exception {
        String table = TestDynamo.createTable("cli-legacy", "id", ScalarAttributeType.S);
        String metaStore = TestDynamo.createTable("cli-legacy-meta", "N", ScalarAttributeType.S, "V", ScalarAttributeType.N);
        SecureRandom random = new SecureRandom();
        byte[] aes = new byte[32];
        byte[] mac = new byte[32];
        random.nextBytes(aes);
        random.nextBytes(mac);
        SecretKey aesKey = new SecretKeySpec(aes, "AES");
        SecretKey macKey = new SecretKeySpec(mac, "HmacSHA256");
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair wrap = g.generateKeyPair();
        file("legacy-keys.json", "{\"symmetric_static\": {\"encryption_key\": \"" + b64(aes) + "\", \"mac_key\": \""
                + b64(mac) + "\", \"mac_algorithm\": \"HmacSHA256\"},\n \"wrapped\": {\"unwrapping_private_key\": \""
                + b64(wrap.getPrivate().getEncoded()) + "\", \"mac_key\": \"" + b64(mac) + "\"}}\n");
        Map<String, EncryptionMaterialsProvider> writers = new LinkedHashMap<>();
        writers.put("static", new SymmetricStaticProvider(aesKey, macKey));
        writers.put("wrapped", new WrappedMaterialsProvider(wrap.getPublic(), wrap.getPrivate(), macKey));
        writers.put("kms", new DirectKmsMaterialProvider(kmsV1, dataKey.arn()));
        MetaStore store = new MetaStore(LegacyWriter.dynamoDb(TestDynamo.endpoint()), metaStore,
                DynamoDBEncryptor.getInstance(new DirectKmsMaterialProvider(kmsV1, metaKey.arn())));
        writers.put("most-recent", new CachingMostRecentProvider(store, "accounts", 60_000));
        Map<String, Integer> first = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, EncryptionMaterialsProvider> w : writers.entrySet()) {
            first.put(w.getKey(), i);
            for (int n = 0; n < perProvider; n++, i++) {
                writeLegacy(table, w.getValue(), i);
            }
        }
        Path config = file("accounts.json", "{\"table\": \"" + table + "\", \"partition_key\": \"id\",\n"
                + " \"actions\": {\"status\": \"SIGN_ONLY\", \"last_login\": \"DO_NOTHING\"},\n"
                + " \"legacy\": {\"keys_file\": \"legacy-keys.json\", \"meta_store\": \"" + metaStore + "\", "
                + "\"meta_store_kms_keys\": [\"" + metaKey.arn() + "\"]}}\n");
        Path keyring = dir.resolve("keyring.json");
        assertThat(CliRun.run("keygen", "--out", keyring.toString()).exitCode).isZero();
        return new Setup(table, metaStore, keyring, config, first);
    }

    private String[] args(Setup s, String command, String... more) {
        List<String> a = new ArrayList<>(List.of(command, "--keyring", s.keyring().toString(), "--config", "accounts.json",
                "--legacy-kms-key", dataKey.arn(), "--kms-endpoint", kms.endpoint().toString(),
                "--endpoint-url", TestDynamo.endpoint().toString()));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    @Test
    void decryptAndReencrypt_legacyTableOfFourProviders_thenCofferOnly() throws Exception {
        Setup s = legacyTable(5);
        Map<String, AttributeValue> tampered = new HashMap<>(writeLegacy(s.table(), new DirectKmsMaterialProvider(kmsV1,
                dataKey.arn()), 99));
        tampered.put("status", AttributeValue.fromS("ADMIN"));
        ddb.putItem(r -> r.tableName(s.table()).item(tampered));

        // coffer decrypt: one item of each provider, as 'aws dynamodb get-item' prints them, one per line.
        StringBuilder lines = new StringBuilder();
        for (int i : s.firstOfProvider().values()) {
            lines.append(DynamoDbJson.writeItem(raw(s.table(), "acct-" + i))).append('\n');
        }
        Files.writeString(dir.resolve("stored.jsonl"), lines);
        CliRun dec = CliRun.in(dir, "", args(s, "decrypt", "--output-shape", "lines", "stored.jsonl"));
        assertThat(dec.exitCode).as(dec.toString()).isZero();
        for (int i : s.firstOfProvider().values()) {
            assertThat(dec.out).contains("\"owner\":{\"S\":\"owner-" + i + "\"}");
        }
        assertThat(dec.out).doesNotContain(LegacyItemReader.DEFAULT_SIGNATURE_ATTRIBUTE);
        Files.writeString(dir.resolve("tampered.json"), DynamoDbJson.writeItem(tampered));
        CliRun bad = CliRun.in(dir, "", args(s, "decrypt", "tampered.json"));
        assertThat(bad.exitCode).isEqualTo(1);
        assertThat(bad.err).contains("integrity check failed", s.table(), "legacy item", "does not verify").doesNotContain("owner-99");
        assertThat(bad.out).isEmpty();

        // coffer reencrypt: a dry run counts, the run converts, the tampered item is reported and left.
        CliRun dry = CliRun.in(dir, "", args(s, "reencrypt", "--dry-run", "--no-progress"));
        assertThat(dry.out).as(dry.toString()).contains("21 items scanned: 20 to rewrite, 0 already current, 1 failed");
        CliRun run = CliRun.in(dir, "", args(s, "reencrypt", "--segments", "2", "--checkpoint", "accounts.ckpt", "--no-progress"));
        assertThat(run.exitCode).as(run.toString()).isEqualTo(1);
        assertThat(run.out).contains("21 items scanned: 20 rewritten, 0 already current, 1 failed, 0 retried");
        assertThat(run.err).contains("coffer: left as it is: table '" + s.table() + "', key {\"id\":{\"S\":\"acct-99\"}}: "
                + "IntegrityException").doesNotContain("owner-99", "ADMIN");
        assertThat(raw(s.table(), "acct-99")).isEqualTo(tampered);
        ItemEncryptor coffer = ItemEncryptor.create(TableConfig.builder().tableName(s.table()).partitionKey("id")
                .action("status", CryptoAction.SIGN_ONLY).action("last_login", CryptoAction.DO_NOTHING)
                .materialsProvider(Keyrings.load(s.keyring(), new PrintWriter(new StringWriter()))).build());
        for (int i = 0; i < 20; i++) {
            Map<String, AttributeValue> stored = raw(s.table(), "acct-" + i);
            assertThat(stored).containsKey(ItemEncryptor.HEADER_ATTRIBUTE)
                    .doesNotContainKey(LegacyItemReader.DEFAULT_SIGNATURE_ATTRIBUTE);
            assertThat(coffer.decrypt(stored)).isEqualTo(plain(i));
        }

        // The reported item dealt with (deleted), the summary says 0 failed; then COFFER_ONLY.
        ddb.deleteItem(r -> r.tableName(s.table()).key(Map.of("id", AttributeValue.fromS("acct-99"))));
        CliRun again = CliRun.in(dir, "", args(s, "reencrypt", "--no-progress"));
        assertThat(again.exitCode).as(again.toString()).isZero();
        assertThat(again.out).contains("20 items scanned: 0 rewritten, 20 already current, 0 failed");
        CliRun done = CliRun.in(dir, "", args(s, "reencrypt", "--legacy-phase", "COFFER_ONLY", "--dry-run", "--no-progress"));
        assertThat(done.exitCode).as(done.toString()).isZero();
        writeLegacy(s.table(), new DirectKmsMaterialProvider(kmsV1, dataKey.arn()), 7);
        Files.writeString(dir.resolve("planted.json"), DynamoDbJson.writeItem(raw(s.table(), "acct-7")));
        CliRun refused = CliRun.in(dir, "", args(s, "decrypt", "--legacy-phase", "coffer_only", "planted.json"));
        assertThat(refused.exitCode).isEqualTo(1);
        assertThat(refused.err).contains("integrity check failed", "COFFER_ONLY", s.table());
        assertThat(CliRun.in(dir, "", args(s, "decrypt", "planted.json")).exitCode).as("still readable before the phase")
                .isZero();
    }

    @Test
    void legacyOptions_fromFlagsOnly_legacyActionsAndSignedTable() throws Exception {
        // The legacy writer encrypted 'status' too and wrote under another table name (the table was restored since).
        String original = TestDynamo.uniqueName("cli-legacy-original");
        String table = TestDynamo.createTable("cli-legacy-restored", "id", ScalarAttributeType.S);
        TableConfig legacy = TableConfig.builder().tableName(original).partitionKey("id")
                .action("last_login", CryptoAction.DO_NOTHING).materialsProvider(ANY_PROVIDER)
                .build();
        Map<String, AttributeValue> stored = LegacyWriter.write(new DirectKmsMaterialProvider(kmsV1, dataKey.arn()), legacy,
                plain(3));
        Files.writeString(dir.resolve("stored.json"), DynamoDbJson.writeItem(stored));
        Path keyring = dir.resolve("keyring.json");
        assertThat(CliRun.run("keygen", "--out", keyring.toString()).exitCode).isZero();
        List<String> base = List.of("decrypt", "--keyring", keyring.toString(), "-t", table, "-p", "id",
                "--sign-only", "status", "--do-nothing", "last_login", "--legacy-kms-key", dataKey.arn(),
                "--kms-endpoint", kms.endpoint().toString(), "--output-shape", "lines", "stored.json");

        CliRun plainTableActions = CliRun.in(dir, "", base.toArray(new String[0]));
        List<String> told = new ArrayList<>(base);
        told.addAll(List.of("--legacy-encrypt", "status", "--legacy-do-nothing", "last_login", "--legacy-signed-table", original));
        CliRun ok = CliRun.in(dir, "", told.toArray(new String[0]));

        assertThat(plainTableActions.exitCode).isEqualTo(1);
        assertThat(plainTableActions.err).contains("integrity check failed", "legacy item");
        assertThat(ok.exitCode).as(ok.toString()).isZero();
        assertThat(ok.out).contains("\"status\":{\"S\":\"OPEN\"}", "\"owner\":{\"S\":\"owner-3\"}");
    }

    @Test
    void decrypt_legacyItemOfAnotherProviderOrKey_exit1_namesTheFlagToAdd() throws Exception {
        String table = TestDynamo.createTable("cli-legacy-keys", "id", ScalarAttributeType.S);
        Map<String, AttributeValue> stored = LegacyWriter.write(new DirectKmsMaterialProvider(kmsV1, dataKey.arn()),
                legacyActions(table), plain(1));
        Files.writeString(dir.resolve("stored.json"), DynamoDbJson.writeItem(stored));
        byte[] aes = new byte[16];
        file("static.json", "{\"symmetric_static\": {\"encryption_key\": \"" + b64(aes) + "\", \"mac_key\": \"" + b64(aes)
                + "\"}}");
        Path keyring = dir.resolve("keyring.json");
        assertThat(CliRun.run("keygen", "--out", keyring.toString()).exitCode).isZero();
        List<String> base = List.of("decrypt", "--keyring", keyring.toString(), "-t", table, "-p", "id", "--sign-only",
                "status", "--do-nothing", "last_login", "--kms-endpoint", kms.endpoint().toString());

        List<String> staticOnly = new ArrayList<>(base);
        staticOnly.addAll(List.of("--legacy-keys", "static.json", "stored.json"));
        CliRun otherKind = CliRun.in(dir, "", staticOnly.toArray(new String[0]));
        List<String> otherArn = new ArrayList<>(base);
        otherArn.addAll(List.of("--legacy-kms-key", metaKey.arn(), "stored.json"));
        CliRun otherKey = CliRun.in(dir, "", otherArn.toArray(new String[0]));

        assertThat(otherKind.exitCode).as(otherKind.toString()).isEqualTo(1);
        assertThat(otherKind.err).contains("direct kms provider", "--legacy-kms-key ARN").doesNotContain("LegacyKeys");
        assertThat(otherKey.exitCode).as(otherKey.toString()).isEqualTo(1);
        assertThat(otherKey.err).contains(metaKey.arn(), "another --legacy-kms-key").doesNotContain("LegacyKeys");
    }

    @Test
    void legacyOptions_badInput_isAUsageErrorNamingTheFlag() throws Exception {
        Path keyring = dir.resolve("keyring.json");
        assertThat(CliRun.run("keygen", "--out", keyring.toString()).exitCode).isZero();
        Files.writeString(dir.resolve("item.json"), "{\"id\":{\"S\":\"a\"}}");
        List<String> base = List.of("decrypt", "--keyring", keyring.toString(), "-t", "accounts", "-p", "id", "item.json");
        Map<List<String>, String> cases = new LinkedHashMap<>();
        cases.put(List.of("--legacy-kms-key", "alias/legacy"), "--legacy-kms-key 'alias/legacy' is not a KMS key ARN");
        cases.put(List.of("--legacy-meta-store", "meta"), "--legacy-meta-store 'meta' needs the keys the meta-store");
        cases.put(List.of("--legacy-meta-store-kms-key", dataKey.arn()), "--legacy-meta-store-kms-key needs --legacy-meta-store");
        cases.put(List.of("--legacy-phase", "LEGACY_ONLY"), "--legacy-phase 'LEGACY_ONLY' is not a legacy phase");
        cases.put(List.of("--legacy-phase", "READ_LEGACY_WRITE_COFFER"), "--legacy-phase READ_LEGACY_WRITE_COFFER reads legacy");
        cases.put(List.of("--legacy-sign-only", "status"), "--legacy-encrypt/--legacy-sign-only/--legacy-do-nothing describes");
        cases.put(List.of("--legacy-kms-key", dataKey.arn(), "--legacy-default-action", "SIGN"),
                "--legacy-default-action: 'SIGN' is not an action");
        cases.put(List.of("--legacy-keys", "missing.json"), "missing.json' does not exist");
        file("bad-b64.json", "{\"symmetric_static\": {\"encryption_key\": \"***\", \"mac_key\": \"AAAA\"}}");
        cases.put(List.of("--legacy-keys", "bad-b64.json"), "symmetric_static: \"encryption_key\" is not valid base64");
        file("short.json", "{\"symmetric_static\": {\"encryption_key\": \"AAAA\", \"mac_key\": \"AAAA\"}}");
        cases.put(List.of("--legacy-keys", "short.json"), "short.json', symmetric_static: legacy symmetric static keys: "
                + "expected an AES key of 128, 192 or 256 bits");
        file("both.json", "{\"wrapped\": {\"wrapping_key\": \"AAAA\", \"unwrapping_private_key\": \"AAAA\", \"mac_key\": \"AAAA\"}}");
        cases.put(List.of("--legacy-keys", "both.json"), "wrapped: give one of \"wrapping_key\"");
        file("unknown.json", "{\"static\": {}}");
        cases.put(List.of("--legacy-keys", "unknown.json"), "unknown field 'static'");
        Path open = file("open.json", "{\"symmetric_static\": {\"encryption_key\": \"" + b64(new byte[16]) + "\", \"mac_key\": \"AAAA\"}}");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
        cases.put(List.of("--legacy-keys", "open.json"), "legacy keys file '" + open + "' can be read by other users");
        file("cfg.json", "{\"table\": \"accounts\", \"partition_key\": \"id\", \"legacy\": {\"kms_key\": []}}");
        cases.put(List.of("--config", "cfg.json"), "\"legacy\": unknown field 'kms_key'");

        List<String> failures = new ArrayList<>();
        cases.forEach((flags, expected) -> {
            List<String> a = new ArrayList<>(base);
            a.addAll(a.size() - 1, flags);
            CliRun r = CliRun.in(dir, "", a.toArray(new String[0]));
            if (r.exitCode != 2 || !r.err.contains(expected)) {
                failures.add(flags + " -> " + r);
            }
        });
        assertThat(failures).isEmpty();
    }
}
