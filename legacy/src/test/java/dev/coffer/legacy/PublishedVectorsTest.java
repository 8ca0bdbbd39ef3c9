package dev.coffer.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.CryptoAction;
import dev.coffer.TableConfig;
import dev.coffer.dynalite.Dynalite;
import dev.coffer.legacy.testing.Vectors;
import dev.coffer.materials.SecretBytes;
import dev.coffer.materials.StaticProvider;
import dev.coffer.testfixtures.TestDynamo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The legacy client's published cross-language vectors (shared/legacy-vectors, read in place,
 * skipped where absent): every offline scenario, Java- and Python-written, verifies and decrypts to
 * its plaintext under the public runners' rules (README there), and so do the Database Encryption
 * SDK's offline extras (dbesdk-extra/). Meta-store scenarios load the published meta-store items
 * into a dynalite of their own and read them through the SDK v2 client. Failures are collected and
 * asserted once.
 */
class PublishedVectorsTest {
    /** A table configuration's builder; its Coffer provider is never used by the legacy reader. */
    static TableConfig.Builder tableBuilder() {
        return TableConfig.builder().materialsProvider(StaticProvider.builder().keyId("unused")
                .dataKey(SecretBytes.random(32)).signingKey(SecretBytes.random(32)).build());
    }

    private final List<String> failures = new ArrayList<>();
    private final Map<String, Integer> itemsRead = new TreeMap<>();

    @Test
    void decrypt_everyOfflinePublicScenario_givesItsPlaintext() throws Exception {
        Path dir = Vectors.require().resolve("encrypted_item");
        JsonNode scenarios = Vectors.read(dir.resolve("scenarios.json")).get("scenarios");
        JsonNode keys = Vectors.read(dir.resolve("keys.json"));
        JsonNode plaintext = Vectors.read(dir.resolve("plaintext.json"));
        Map<String, Integer> scenariosRead = new TreeMap<>();
        int online = 0;
        for (JsonNode s : scenarios) {
            if (s.get("network").asBoolean()) {
                online++;
                continue;
            }
            String writer = runScenario(dir, s, keys, plaintext);
            scenariosRead.merge(writer, 1, Integer::sum);
        }

        assertThat(failures).isEmpty();
        assertThat(online).isEqualTo(4);
        assertThat(scenariosRead).containsEntry("java", 9).containsEntry("python", 9);
        System.out.println("legacy public vectors: scenarios " + scenariosRead + ", items verified and decrypted " + itemsRead);
    }

    @Test
    void decrypt_everyOfflineDbEsdkExtra_givesItsPlaintext() throws Exception {
        Path base = Vectors.require();
        Path extra = base.resolve("dbesdk-extra");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(extra), "dbesdk-extra absent; skipped");
        Path dir = base.resolve("encrypted_item");
        JsonNode keys = Vectors.read(dir.resolve("keys.json"));
        JsonNode plaintext = Vectors.read(dir.resolve("plaintext.json"));
        JsonNode scenarios = Vectors.read(extra.resolve("encrypted_item/scenarios.json")).get("scenarios");
        int read = 0;
        for (JsonNode s : scenarios) {
            String file = s.get("ciphertext").asText().replace("file://", "");
            Path local = extra.resolve("encrypted_item").resolve(file);
            if (s.get("network").asBoolean() || !Files.exists(local) || s.get("version").asText().equals("v1_complex")) {
                continue;
            }
            runScenario(extra.resolve("encrypted_item"), s, keys, plaintext);
            read++;
        }
        // The extras whose plaintext is not in plaintext.json: expected-extra.json.
        for (JsonNode v : Vectors.read(extra.resolve("expected-extra.json")).get("vectors")) {
            if (v.get("network").asBoolean()) {
                continue;
            }
            runExtra(extra.resolve("encrypted_item"), v, keys);
            read++;
        }

        assertThat(failures).isEmpty();
        assertThat(read).isEqualTo(7);
        System.out.println("legacy dbesdk-extra vectors: files " + read + ", items verified and decrypted " + itemsRead);
    }

    /**
     * The direct-KMS scenarios need AWS KMS; against the loopback KMS (which does not hold that key)
     * they show what the reader asks: Decrypt with the pinned key ARN and the legacy encryption
     * context, and a refusal (no plaintext) when KMS cannot answer.
     */
    @Test
    void decrypt_publicKmsScenarios_askKmsForThePinnedKeyWithTheLegacyContext_andFailClosed() {
        Path dir = Vectors.require().resolve("encrypted_item");
        JsonNode keys = Vectors.read(dir.resolve("keys.json"));
        String keyArn = keys.get("awsKmsUsWest2").get("keyId").asText();
        int asked = 0;
        try (dev.coffer.kms.testkit.LocalKms kms = dev.coffer.kms.testkit.LocalKms.builder().region("us-west-2").build().start();
                software.amazon.awssdk.services.kms.KmsClient client = software.amazon.awssdk.services.kms.KmsClient.builder()
                        .endpointOverride(kms.endpoint()).region(software.amazon.awssdk.regions.Region.US_WEST_2)
                        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("test", "test")))
                        .build()) {
            LegacyItemReader reader = LegacyItemReader.builder().keys(LegacyKeys.directKms(client, keyArn)).build();
            for (String writer : List.of("java", "python")) {
                JsonNode file = Vectors.read(dir.resolve("ciphertext/" + writer + "/aws-kms-direct-1.json"));
                for (Iterator<Map.Entry<String, JsonNode>> t = file.fields(); t.hasNext(); ) {
                    Map.Entry<String, JsonNode> table = t.next();
                    boolean range = table.getKey().equals("TableName");
                    TableConfig config = range
                            ? tableBuilder().tableName("TableName").partitionKey("hashKey").sortKey("rangeKey").build()
                            : tableBuilder().tableName("HashKeyOnly").partitionKey("hashKey").build();
                    for (JsonNode json : table.getValue()) {
                        Map<String, AttributeValue> stored = Vectors.item(json);
                        if (!reader.recognizes(stored)) {
                            continue;
                        }
                        Map<String, String> d = LegacyItemReader.materialDescription(stored);
                        Map<String, String> expected = new TreeMap<>();
                        expected.put("*amzn-ddb-env-alg*", d.get("amzn-ddb-env-alg"));
                        expected.put("*amzn-ddb-sig-alg*", d.get("amzn-ddb-sig-alg"));
                        expected.put("*aws-kms-table*", table.getKey());
                        expected.put("hashKey", range ? stored.get("hashKey").n() : stored.get("hashKey").s());
                        if (range) {
                            expected.put("rangeKey", stored.get("rangeKey").n());
                        }
                        kms.resetCounters();

                        try {
                            reader.decrypt(stored, config);
                            failures.add(writer + " " + json.get("hashKey") + ": decrypted without KMS");
                        } catch (dev.coffer.IntegrityException | dev.coffer.MaterialsException expectedFailure) {
                            asked++;
                        }
                        var calls = kms.requests();
                        if (calls.size() != 1 || !calls.get(0).requestedKeyId().equals(java.util.Optional.of(keyArn))
                                || !calls.get(0).encryptionContext().equals(expected)) {
                            failures.add(writer + " " + json.get("hashKey") + ": asked KMS " + calls);
                        }
                    }
                }
            }
        }
        assertThat(failures).isEmpty();
        assertThat(asked).isGreaterThan(20);
    }

    /** One scenario of scenarios.json; returns the writer (java or python). */
    private String runScenario(Path dir, JsonNode s, JsonNode keys, JsonNode plaintext) throws Exception {
        String file = s.get("ciphertext").asText().replace("file://", "");
        String writer = file.split("/")[1];
        JsonNode ciphertext = Vectors.read(dir.resolve(file));
        Dynalite engine = null;
        try {
            LegacyKeys legacyKeys;
            if (s.get("provider").asText().equals("most_recent")) {
                JsonNode meta = s.get("metastore");
                engine = TestDynamo.startPrivateEngine();
                DynamoDbClient ddb = TestDynamo.connect(DynamoDbClient.builder(), engine.endpoint()).build();
                String metaTable = meta.get("table_name").asText();
                loadMetaStore(ddb, metaTable, Vectors.read(dir.resolve(meta.get("ciphertext").asText().replace("file://", ""))));
                legacyKeys = LegacyKeys.mostRecent(ddb, metaTable, keysFor(meta.get("provider").asText(), meta.get("keys"), keys));
            } else {
                legacyKeys = keysFor(s.get("provider").asText(), s.get("keys"), keys);
            }
            LegacyItemReader reader = LegacyItemReader.builder().keys(legacyKeys).build();
            String version = s.get("version").asText();
            for (Iterator<Map.Entry<String, JsonNode>> t = ciphertext.fields(); t.hasNext(); ) {
                Map.Entry<String, JsonNode> table = t.next();
                JsonNode spec = plaintext.get("items").get(table.getKey());
                for (JsonNode stored : table.getValue()) {
                    check(file, reader, table.getKey(), spec, version, plaintext, Vectors.item(stored));
                }
            }
        } finally {
            if (engine != null) {
                engine.close();
            }
        }
        return writer;
    }

    private void check(String file, LegacyItemReader reader, String tableName, JsonNode spec, String version,
            JsonNode plaintext, Map<String, AttributeValue> stored) {
        JsonNode expectedSpec = null;
        for (JsonNode p : spec.get("items")) {
            boolean match = true;
            for (Iterator<Map.Entry<String, JsonNode>> k = p.get("attributes").fields(); k.hasNext(); ) {
                Map.Entry<String, JsonNode> e = k.next();
                match &= Vectors.canon(Vectors.value(e.getValue())).equals(stored.get(e.getKey()) == null ? null
                        : Vectors.canon(stored.get(e.getKey())));
            }
            if (match) {
                expectedSpec = p;
            }
        }
        if (expectedSpec == null) {
            return; // the README's two extra items without plaintext
        }
        Map<String, AttributeValue> expected = new TreeMap<>(Vectors.item(expectedSpec.get("attributes")));
        JsonNode groups = plaintext.get("versions").path(tableName).path(version);
        if (!expectedSpec.path("exact").asBoolean() && groups.isArray()) {
            groups.forEach(g -> expected.putAll(Vectors.item(plaintext.get("attributes").get(g.asText()))));
        }
        String profile = expectedSpec.get("action").asText();
        TableConfig config = tableConfig(tableName, spec.get("index"), plaintext.get("actions").get(profile));
        String what = file + " " + tableName + " " + expectedSpec.get("attributes") + " (" + profile + ")";
        try {
            Map<String, AttributeValue> got;
            if (profile.equals("nothing")) {
                if (reader.recognizes(stored)) {
                    failures.add(what + ": an untouched item is recognized as legacy");
                }
                got = stored;
            } else {
                got = reader.decrypt(stored, config);
            }
            if (!withoutVersionValue(got).equals(withoutVersionValue(expected))) {
                failures.add(what + ": decrypted to " + Vectors.canon(got).keySet() + ", differs from the plaintext");
            } else {
                itemsRead.merge(file.split("/")[1], 1, Integer::sum);
            }
        } catch (RuntimeException e) {
            failures.add(what + ": " + e);
        }
    }

    private void runExtra(Path dir, JsonNode v, JsonNode keys) {
        String file = v.get("ciphertext").asText();
        JsonNode ciphertext = Vectors.read(dir.resolve(file));
        LegacyKeys legacyKeys = keysFor(v.get("provider").asText(), v.get("keys"), keys);
        JsonNode ctx = v.get("context");
        String signedTable = ctx.get("tableName").isNull() ? "null" : ctx.get("tableName").asText();
        for (Iterator<Map.Entry<String, JsonNode>> t = ciphertext.fields(); t.hasNext(); ) {
            Map.Entry<String, JsonNode> table = t.next();
            for (JsonNode storedJson : table.getValue()) {
                Map<String, AttributeValue> stored = Vectors.item(storedJson);
                for (JsonNode it : v.get("items")) {
                    boolean match = true;
                    for (Iterator<Map.Entry<String, JsonNode>> k = it.get("match").fields(); k.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = k.next();
                        match &= Vectors.canon(Vectors.value(e.getValue())).equals(
                                stored.get(e.getKey()) == null ? null : Vectors.canon(stored.get(e.getKey())));
                    }
                    if (!match) {
                        continue;
                    }
                    // The legacy actions exactly as written (attributeFlags), given to the reader.
                    LegacyItemReader.Builder b = LegacyItemReader.builder().keys(legacyKeys).signedTableName(signedTable)
                            .defaultAction(CryptoAction.DO_NOTHING);
                    it.get("attributeFlags").fields().forEachRemaining(e -> {
                        List<String> flags = new ArrayList<>();
                        e.getValue().forEach(f -> flags.add(f.asText()));
                        b.action(e.getKey(), flags.contains("ENCRYPT") ? CryptoAction.ENCRYPT_AND_SIGN
                                : flags.contains("SIGN") ? CryptoAction.SIGN_ONLY : CryptoAction.DO_NOTHING);
                    });
                    if (it.get("attributeFlags").isEmpty()) {
                        b.action(ctx.get("hashKeyName").asText(), CryptoAction.DO_NOTHING);
                        if (ctx.has("rangeKeyName")) {
                            b.action(ctx.get("rangeKeyName").asText(), CryptoAction.DO_NOTHING);
                        }
                    }
                    LegacyItemReader reader = b.build();
                    TableConfig.Builder config = tableBuilder().tableName(table.getKey())
                            .partitionKey(ctx.get("hashKeyName").asText());
                    if (ctx.has("rangeKeyName")) {
                        config.sortKey(ctx.get("rangeKeyName").asText());
                    }
                    // The Coffer table mirrors the legacy actions: what the legacy writer left unsigned (listed
                    // without flags, or not listed: DO_NOTHING by default here) it leaves unsigned too. A table
                    // that signed it would refuse these items: the legacy signature does not cover it.
                    config.defaultAction(CryptoAction.DO_NOTHING);
                    it.get("attributeFlags").fields().forEachRemaining(e -> {
                        boolean key = e.getKey().equals(ctx.get("hashKeyName").asText())
                                || (ctx.has("rangeKeyName") && e.getKey().equals(ctx.get("rangeKeyName").asText()));
                        String flags = e.getValue().toString();
                        if (!key && (flags.contains("ENCRYPT") || flags.contains("SIGN"))) {
                            config.action(e.getKey(), flags.contains("ENCRYPT") ? CryptoAction.ENCRYPT_AND_SIGN
                                    : CryptoAction.SIGN_ONLY);
                        }
                    });
                    String what = file + " " + it.get("match") + " (" + it.get("profile").asText() + ")";
                    try {
                        Map<String, AttributeValue> got = it.get("attributeFlags").isEmpty() ? stored
                                : reader.decrypt(stored, config.build());
                        if (it.get("attributeFlags").isEmpty() && reader.recognizes(stored)) {
                            failures.add(what + ": an untouched item is recognized as legacy");
                        }
                        if (!withoutVersionValue(got).equals(withoutVersionValue(Vectors.item(it.get("plaintext"))))) {
                            failures.add(what + ": differs from the expected plaintext");
                        } else {
                            itemsRead.merge("java", 1, Integer::sum);
                        }
                    } catch (RuntimeException e) {
                        failures.add(what + ": " + e);
                    }
                }
            }
        }
    }

    /** The README's rule: the value of {@code version} is not compared (Java writes 1, Python 0). */
    private static Map<String, Object> withoutVersionValue(Map<String, AttributeValue> item) {
        Map<String, Object> c = Vectors.canon(item);
        c.computeIfPresent("version", (k, v) -> "present");
        return c;
    }

    private static TableConfig tableConfig(String table, JsonNode index, JsonNode profile) {
        TableConfig.Builder b = tableBuilder().tableName(table).partitionKey(index.get("partition").asText());
        if (index.has("sort")) {
            b.sortKey(index.get("sort").asText());
        }
        b.defaultAction(action(profile.get("default").asText()));
        if (profile.has("override")) {
            profile.get("override").fields().forEachRemaining(e -> b.action(e.getKey(), action(e.getValue().asText())));
        }
        return b.build();
    }

    private static CryptoAction action(String a) {
        return switch (a) {
            case "encrypt" -> CryptoAction.ENCRYPT_AND_SIGN;
            case "sign" -> CryptoAction.SIGN_ONLY;
            default -> CryptoAction.DO_NOTHING;
        };
    }

    static LegacyKeys keysFor(String provider, JsonNode names, JsonNode keys) {
        java.security.Key decrypt = Vectors.key(keys, names.get("decrypt").asText());
        java.security.Key verify = Vectors.key(keys, names.get("verify").asText());
        return switch (provider) {
            case "static" -> LegacyKeys.symmetricStatic((javax.crypto.SecretKey) decrypt, verify);
            case "wrapped" -> LegacyKeys.wrapped(decrypt, verify);
            default -> throw new IllegalArgumentException(provider);
        };
    }

    private static void loadMetaStore(DynamoDbClient ddb, String table, JsonNode file) {
        ddb.createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("N").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("V").keyType(KeyType.RANGE).build())
                .attributeDefinitions(
                        AttributeDefinition.builder().attributeName("N").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("V").attributeType(ScalarAttributeType.N).build()));
        for (JsonNode item : file.get(table)) {
            ddb.putItem(r -> r.tableName(table).item(Vectors.item(item)));
        }
    }
}
