package dev.coffer.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.CofferException;
import dev.coffer.beacon.BeaconConfig;
import dev.coffer.beacon.BeaconKeySource;
import dev.coffer.beacon.StandardBeacon;
import dev.coffer.json.DynamoDbJson;
import dev.coffer.json.DynamoDbJsonException;
import dev.coffer.materials.SecretBytes;
import dev.coffer.migration.PlaintextPhase;
import java.security.SecureRandom;
import java.util.Base64;
import dev.coffer.CryptoAction;
import dev.coffer.ItemDescription;
import dev.coffer.ItemEncryptor;
import dev.coffer.spark.internal.ExecutorEncryptors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ReencryptionTest {
    private static final int ITEMS = 2_000;
    private static final long SEED = System.nanoTime();

    @TempDir
    static Path dir;
    static Keyrings.Generation old;
    static Keyrings.Generation current;
    static List<Map<String, AttributeValue>> plain;

    @BeforeAll
    static void keys() {
        System.out.println("ReencryptionTest seed " + SEED);
        old = new Keyrings.Generation("old");
        current = new Keyrings.Generation("new");
        plain = Items.mixed(ITEMS, SEED);
        ExecutorEncryptors.clear();
    }

    static TableSpec spec(String keyringName, List<Keyrings.Generation> generations) {
        Path file = Keyrings.write(dir.resolve(keyringName), generations);
        return Items.spec(KeyringFile.of(file.toString()));
    }

    @Test
    void reencrypt_oldKeyToCurrentKey_writesTheImportLayoutVerifiedUnderTheCurrentKeyOnly() throws IOException {
        List<Map<String, AttributeValue>> stored = ItemEncryptor.create(
                CofferExportsTest.config(Keyrings.provider(List.of(old)))).encryptAll(plain);
        Path export = ExportFixture.write(dir.resolve("rotate"), Items.TABLE, stored, 3);
        Path out = dir.resolve("rotate-out");

        ExportSummary summary = Reencryption.builder()
                .source(spec("old.json", List.of(old)))
                .target(spec("new.json", List.of(current)))
                .build()
                .run(Spark.session(), export.toString(), out.toString());

        assertThat(summary.verified()).isEqualTo(ITEMS);
        assertThat(summary.failed()).isZero();
        assertThat(Files.readString(out.resolve("coffer-summary.json")))
                .contains("\"verified\":" + ITEMS, "\"failed\":0", "\"table\":\"orders\"");
        List<Map<String, AttributeValue>> written = importLines(out.resolve("data"));
        assertThat(written).hasSize(ITEMS);
        assertThat(written).allSatisfy(i -> assertThat(ItemDescription.of(i).materials().keyId()).isEqualTo("wk-new"));
        ItemEncryptor currentOnly = ItemEncryptor.create(CofferExportsTest.config(Keyrings.provider(List.of(current))));
        assertThat(CofferExportsTest.byKey(currentOnly.decryptAll(written))).isEqualTo(CofferExportsTest.byKey(plain));
        ItemEncryptor oldOnly = ItemEncryptor.create(CofferExportsTest.config(Keyrings.provider(List.of(old))));
        assertThatThrownBy(() -> oldOnly.decrypt(written.get(0))).isInstanceOf(CofferException.class);
    }

    /** The orders spec reading plaintext items too (the migration from a plaintext table, phase 2). */
    static TableSpec plaintextPhaseSpec(String keyringName, List<Keyrings.Generation> generations) {
        Path file = Keyrings.write(dir.resolve(keyringName), generations);
        return TableSpec.builder().tableName(Items.TABLE).keys(KeyringFile.of(file.toString()))
                .config((table, executor) -> table.partitionKey(Items.PK).sortKey(Items.SK)
                        .action("status", CryptoAction.SIGN_ONLY)
                        .plaintextPhase(PlaintextPhase.WRITE_ENCRYPTED_READ_BOTH))
                .build();
    }

    static BeaconConfig emailBeacon(BeaconKeySource key) {
        return BeaconConfig.builder().keySource(key).addStandardBeacon(StandardBeacon.of("email", 16)).build();
    }

    @Test
    void reencrypt_plaintextExportThroughThePlaintextPhase_encryptsEveryItemWithTheTargetsBeacons() throws IOException {
        List<Map<String, AttributeValue>> mixed = new ArrayList<>(plain.subList(0, 600));
        ItemEncryptor oldWriter = ItemEncryptor.create(CofferExportsTest.config(Keyrings.provider(List.of(old))));
        mixed.set(7, oldWriter.encrypt(mixed.get(7)));
        Path export = ExportFixture.write(dir.resolve("plain"), Items.TABLE, mixed, 2);
        Path out = dir.resolve("plain-out");
        byte[] beaconKey = new byte[32];
        new SecureRandom().nextBytes(beaconKey);
        Path beaconFile = Files.writeString(dir.resolve("orders-beacon.key"), Base64.getEncoder().encodeToString(beaconKey));
        BeaconKeys beaconKeys = BeaconKeys.file(beaconFile.toString());
        Path targetKeyring = Keyrings.write(dir.resolve("new-plain.json"), List.of(current));
        TableSpec target = TableSpec.builder().tableName(Items.TABLE).keys(KeyringFile.of(targetKeyring.toString()))
                .config((table, executor) -> table.partitionKey(Items.PK).sortKey(Items.SK)
                        .action("status", CryptoAction.SIGN_ONLY).beacons(emailBeacon(executor.get(beaconKeys))))
                .build();

        ExportSummary summary = Reencryption.builder()
                .source(plaintextPhaseSpec("old-plain.json", List.of(old)))
                .target(target)
                .build()
                .run(Spark.session(), export.toString(), out.toString());

        assertThat(summary.verified()).isEqualTo(600);
        assertThat(summary.failed()).isZero();
        List<Map<String, AttributeValue>> written = importLines(out.resolve("data"));
        assertThat(written).hasSize(600).allSatisfy(i -> assertThat(i).containsKeys(ItemEncryptor.HEADER_ATTRIBUTE,
                ItemEncryptor.SIGNATURE_ATTRIBUTE));
        ItemEncryptor local = ItemEncryptor.create(CofferExportsTest.config(Keyrings.provider(List.of(current)))
                .toBuilder().beacons(emailBeacon(BeaconKeySource.local(SecretBytes.copyOf(beaconKey)))).build());
        Map<String, Map<String, AttributeValue>> decrypted = CofferExportsTest.byKey(local.decryptAll(written));
        assertThat(decrypted).isEqualTo(CofferExportsTest.byKey(plain.subList(0, 600)));
        String beacon = StandardBeacon.ATTRIBUTE_PREFIX + "email";
        long withEmail = plain.subList(0, 600).stream().filter(i -> i.containsKey("email")).count();
        assertThat(withEmail).isPositive();
        assertThat(written.stream().filter(i -> i.containsKey(beacon)).count()).isEqualTo(withEmail);
        for (Map<String, AttributeValue> w : written) {
            if (w.containsKey(beacon)) {
                Map<String, AttributeValue> expected = local.encrypt(local.decrypt(w));
                assertThat(w.get(beacon)).isEqualTo(expected.get(beacon));
            }
        }
    }

    @Test
    void reencrypt_plaintextItemsUnderEncryptedOnly_goToTheFailureOutputAsPhaseFailures() {
        List<Map<String, AttributeValue>> mixed = new ArrayList<>(plain.subList(0, 50));
        ItemEncryptor oldWriter = ItemEncryptor.create(CofferExportsTest.config(Keyrings.provider(List.of(old))));
        for (int i = 0; i < 40; i++) {
            mixed.set(i, oldWriter.encrypt(mixed.get(i)));
        }
        Path export = ExportFixture.write(dir.resolve("strict"), Items.TABLE, mixed, 2);
        Path out = dir.resolve("strict-out");

        ExportSummary summary = Reencryption.builder()
                .source(spec("old-strict.json", List.of(old)))
                .target(spec("new-strict.json", List.of(current)))
                .build()
                .run(Spark.session(), export.toString(), out.toString());

        assertThat(summary.verified()).isEqualTo(40);
        assertThat(summary.failed()).isEqualTo(10);
        List<Row> failures = Spark.session().read().json(out.resolve("failures").toString()).collectAsList();
        assertThat(failures).hasSize(10).allSatisfy(r -> {
            assertThat(r.<String>getAs("kind")).isEqualTo("PHASE");
            assertThat(r.<String>getAs("table")).isEqualTo(Items.TABLE);
        });
        assertThat(failures.stream().map(r -> r.<String>getAs("key")).collect(Collectors.toList()))
                .contains("{\"customer_id\":{\"S\":\"c-45\"},\"order_id\":{\"N\":\"45\"}}");
    }

    /** Every item of the import files in {@code data}, checking that it holds nothing but gzip files of import lines. */
    static List<Map<String, AttributeValue>> importLines(Path data) throws IOException {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(data)) {
            files = s.filter(p -> !p.getFileName().toString().startsWith(".")).collect(Collectors.toList());
        }
        assertThat(files).isNotEmpty().allSatisfy(p -> assertThat(p.getFileName().toString()).endsWith(".gz"));
        for (Path f : files) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
                for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                    if (!line.isEmpty()) {
                        assertThat(line).startsWith("{\"Item\":{");
                        try {
                            out.add(DynamoDbJson.readExportLine(line));
                        } catch (DynamoDbJsonException e) {
                            throw new AssertionError(e.getMessage(), e);
                        }
                    }
                }
            }
        }
        return out;
    }
}
