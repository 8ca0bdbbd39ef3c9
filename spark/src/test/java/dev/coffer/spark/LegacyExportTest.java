package dev.coffer.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.dynamodbv2.datamodeling.encryption.DynamoDBEncryptor;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.providers.CachingMostRecentProvider;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.providers.DirectKmsMaterialProvider;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.providers.store.MetaStore;
import com.amazonaws.services.kms.AWSKMS;
import dev.coffer.CryptoAction;
import dev.coffer.ItemDescription;
import dev.coffer.ItemEncryptor;
import dev.coffer.json.DynamoDbJson;
import dev.coffer.kms.testkit.LocalKms;
import dev.coffer.kms.testkit.Operation;
import dev.coffer.legacy.LegacyItemReader;
import dev.coffer.legacy.testing.LegacyWriter;
import dev.coffer.migration.LegacyPhase;
import dev.coffer.spark.internal.ExecutorEncryptors;
import dev.coffer.testfixtures.TestDynamo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * An export of a table the legacy DynamoDB Encryption Client wrote (items written by the legacy
 * client itself, through coffer-legacy's LegacyWriter, with its direct-KMS and most-recent
 * providers), with a few Coffer items written since, decrypted on Spark and re-encrypted to Coffer.
 * The legacy keys are built on the executor from a {@link LegacyKeySource}.
 */
class LegacyExportTest {
    private static final int PER_PROVIDER = 150;
    private static final int COFFER_ITEMS = 50;

    @TempDir
    static Path dir;
    static LocalKms kms;
    static LegacyKeySource legacyKeys;
    static Keyrings.Generation coffer;
    static Path keyring;
    static List<Map<String, AttributeValue>> plain;
    static Map<String, AttributeValue> tampered;
    static Path export;

    @BeforeAll
    static void writeLegacyTable() {
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        kms = LocalKms.builder().region(TestDynamo.REGION.id()).build().start();
        String dataKey = kms.createKey().arn();
        String metaKey = kms.createKey().arn();
        AWSKMS kmsV1 = LegacyWriter.kms(kms.endpoint(), kms.region());
        String metaTable = TestDynamo.createTable("spark-legacy-meta", "N", ScalarAttributeType.S,
                "V", ScalarAttributeType.N);
        MetaStore store = new MetaStore(LegacyWriter.dynamoDb(TestDynamo.endpoint()), metaTable,
                DynamoDBEncryptor.getInstance(new DirectKmsMaterialProvider(kmsV1, metaKey)));
        var directKms = new DirectKmsMaterialProvider(kmsV1, dataKey);
        var mostRecent = new CachingMostRecentProvider(store, "orders", 60_000);
        legacyKeys = LegacyKeySource.builder().region(TestDynamo.REGION).kmsEndpoint(kms.endpoint())
                .dynamoDbEndpoint(TestDynamo.endpoint()).directKms(dataKey).metaStore(metaTable, metaKey).build();

        coffer = new Keyrings.Generation("coffer");
        keyring = Keyrings.write(dir.resolve("coffer.json"), List.of(coffer));
        plain = Items.mixed(2 * PER_PROVIDER + COFFER_ITEMS + 1, 23);
        dev.coffer.TableConfig legacyActions = CofferExportsTest.config(Keyrings.provider(List.of(coffer)));
        ItemEncryptor cofferWriter = ItemEncryptor.create(legacyActions);
        List<Map<String, AttributeValue>> stored = new ArrayList<>();
        for (int i = 0; i < plain.size(); i++) {
            Map<String, AttributeValue> p = plain.get(i);
            if (i < PER_PROVIDER) {
                stored.add(LegacyWriter.write(directKms, legacyActions, p));
            } else if (i < 2 * PER_PROVIDER) {
                stored.add(LegacyWriter.write(mostRecent, legacyActions, p));
            } else if (i < 2 * PER_PROVIDER + COFFER_ITEMS) {
                stored.add(cofferWriter.encrypt(p));
            } else {
                // A legacy item someone changed without the keys: one signature bit flipped.
                Map<String, AttributeValue> t = new HashMap<>(LegacyWriter.write(directKms, legacyActions, p));
                byte[] sig = t.get(LegacyItemReader.DEFAULT_SIGNATURE_ATTRIBUTE).b().asByteArray();
                sig[3] ^= 1;
                t.put(LegacyItemReader.DEFAULT_SIGNATURE_ATTRIBUTE, AttributeValue.fromB(SdkBytes.fromByteArray(sig)));
                tampered = t;
                stored.add(t);
            }
        }
        export = ExportFixture.write(dir.resolve("legacy"), Items.TABLE, stored, 3);
    }

    @AfterAll
    static void stop() {
        kms.close();
        ExecutorEncryptors.clear();
    }

    /** The table mid-migration: Coffer keys for new items, the legacy reader for the old ones. */
    static TableSpec legacyTable(LegacyPhase phase) {
        LegacyKeySource legacy = legacyKeys;
        return TableSpec.builder().tableName(Items.TABLE).keys(KeyringFile.of(keyring.toString()))
                .config((table, executor) -> table.partitionKey(Items.PK).sortKey(Items.SK)
                        .action("status", CryptoAction.SIGN_ONLY)
                        .legacyReader(LegacyItemReader.builder().keys(executor.get(legacy)).build())
                        .legacyPhase(phase))
                .build();
    }

    @Test
    void decrypt_legacyExport_readsLegacyAndCofferItemsAndRefusesTheTamperedOne() throws Exception {
        ExecutorEncryptors.clear();
        kms.resetCounters();

        DecryptedExport decrypted = CofferExports.decrypt(Spark.session(), export.toString(),
                legacyTable(LegacyPhase.READ_LEGACY_WRITE_COFFER));
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (Row r : decrypted.items().collectAsList()) {
            items.add(DynamoDbJson.readItem(r.getString(0)));
        }
        // One pass: direct KMS costs one Decrypt per legacy item, the tampered one included (that format
        // derives the signing key from the item's own data key); most recent one Decrypt for its version.
        assertThat(kms.calls(Operation.DECRYPT)).isEqualTo(PER_PROVIDER + 1 + 1);
        List<Row> failures = decrypted.failures().collectAsList();

        assertThat(CofferExportsTest.byKey(items)).isEqualTo(CofferExportsTest.byKey(plain.subList(0, plain.size() - 1)));
        assertThat(failures).hasSize(1);
        assertThat(failures.get(0).<String>getAs("kind")).isEqualTo("INTEGRITY");
        assertThat(failures.get(0).<String>getAs("key")).contains(tampered.get(Items.SK).n());
    }

    @Test
    void reencrypt_legacyExport_writesCofferItemsOnly() throws Exception {
        ExecutorEncryptors.clear();
        Path out = dir.resolve("legacy-out");
        Keyrings.Generation next = new Keyrings.Generation("next");
        TableSpec target = Items.spec(KeyringFile.of(Keyrings.write(dir.resolve("next.json"), List.of(next)).toString()));

        ExportSummary summary = Reencryption.builder().source(legacyTable(LegacyPhase.READ_LEGACY_WRITE_COFFER))
                .target(target).build().run(Spark.session(), export.toString(), out.toString());

        assertThat(summary.verified()).isEqualTo(plain.size() - 1);
        assertThat(summary.failed()).isEqualTo(1);
        List<Map<String, AttributeValue>> written = ReencryptionTest.importLines(out.resolve("data"));
        assertThat(written).allSatisfy(i -> {
            assertThat(i).doesNotContainKeys(LegacyItemReader.DEFAULT_DESCRIPTION_ATTRIBUTE,
                    LegacyItemReader.DEFAULT_SIGNATURE_ATTRIBUTE);
            assertThat(ItemDescription.of(i).materials().keyId()).isEqualTo("wk-next");
        });
        ItemEncryptor cofferOnly = ItemEncryptor.create(CofferExportsTest.config(Keyrings.provider(List.of(next))));
        assertThat(CofferExportsTest.byKey(cofferOnly.decryptAll(written)))
                .isEqualTo(CofferExportsTest.byKey(plain.subList(0, plain.size() - 1)));
    }

    @Test
    void decrypt_legacyExportInPhaseCofferOnly_refusesEveryLegacyItem() {
        ExecutorEncryptors.clear();

        ExportSummary summary = CofferExports.decrypt(Spark.session(), export.toString(),
                legacyTable(LegacyPhase.COFFER_ONLY)).summary();

        assertThat(summary.verified()).isEqualTo(COFFER_ITEMS);
        assertThat(summary.failed()).isEqualTo(2 * PER_PROVIDER + 1);
    }
}
