package dev.coffer.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.CryptoAction;
import dev.coffer.DynamoDbValues;
import dev.coffer.ItemEncryptor;
import dev.coffer.TableConfig;
import dev.coffer.json.DynamoDbJson;
import dev.coffer.spark.internal.ExecutorEncryptors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class CofferExportsTest {
    private static final int ITEMS = 2_000;
    private static final long SEED = System.nanoTime();

    @TempDir
    static Path dir;
    static List<Map<String, AttributeValue>> plain;
    static List<Map<String, AttributeValue>> stored;
    static TableSpec spec;

    @BeforeAll
    static void export() {
        System.out.println("CofferExportsTest seed " + SEED);
        List<Keyrings.Generation> keys = List.of(new Keyrings.Generation("1"));
        Path keyring = Keyrings.write(dir.resolve("keyring.json"), keys);
        ItemEncryptor writer = ItemEncryptor.create(config(Keyrings.provider(keys)));
        plain = Items.mixed(ITEMS, SEED);
        stored = writer.encryptAll(plain);
        spec = Items.spec(KeyringFile.of(keyring.toString()));
        ExecutorEncryptors.clear();
    }

    static TableConfig config(dev.coffer.materials.MaterialsProvider provider) {
        return TableConfig.builder().tableName(Items.TABLE).partitionKey(Items.PK).sortKey(Items.SK)
                .action("status", CryptoAction.SIGN_ONLY).materialsProvider(provider).build();
    }

    @Test
    void decrypt_exportOfMixedItems_givesExactlyThePlaintext() throws Exception {
        Path export = ExportFixture.write(dir.resolve("plain-check"), Items.TABLE, stored, 4);

        DecryptedExport result = CofferExports.decrypt(Spark.session(), export.toString(), spec);
        Path out = dir.resolve("plain-check-out");
        ExportSummary summary = result.write("json", out.resolve("items").toString(), out.resolve("failures").toString());

        assertThat(summary.exportItems()).isEqualTo(ITEMS);
        assertThat(summary.verified()).isEqualTo(ITEMS);
        assertThat(summary.failed()).isZero();
        assertThat(summary.dataFiles()).isEqualTo(4);
        List<Map<String, AttributeValue>> decrypted = new ArrayList<>();
        for (Row r : Spark.session().read().json(out.resolve("items").toString()).collectAsList()) {
            decrypted.add(DynamoDbJson.readItem(r.getString(0)));
        }
        Map<String, Map<String, AttributeValue>> expected = byKey(plain);
        Map<String, Map<String, AttributeValue>> actual = byKey(decrypted);
        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        List<String> differing = expected.keySet().stream().filter(k -> !expected.get(k).equals(actual.get(k)))
                .sorted().collect(Collectors.toList());
        assertThat(differing).as("items whose decrypted form differs from the plaintext (seed " + SEED + ")").isEmpty();
        assertThat(Spark.session().read().json(out.resolve("failures").toString()).count()).isZero();
    }

    @Test
    void decrypt_tamperedItems_landInTheFailureOutputWithKeyAndReason() {
        List<String> lines = stored.stream().map(DynamoDbJson::writeExportLine).collect(Collectors.toList());
        Map<String, AttributeValue> signOnlyChanged = new HashMap<>(stored.get(10));
        signOnlyChanged.put("status", AttributeValue.fromS("REFUNDED"));
        lines.set(10, DynamoDbJson.writeExportLine(signOnlyChanged));
        Map<String, AttributeValue> ciphertextFlipped = new HashMap<>(stored.get(21));
        byte[] note = ciphertextFlipped.get("total").b().asByteArray();
        note[note.length - 1] ^= 1;
        ciphertextFlipped.put("total", AttributeValue.fromB(SdkBytes.fromByteArray(note)));
        lines.set(21, DynamoDbJson.writeExportLine(ciphertextFlipped));
        Map<String, AttributeValue> unsigned = new HashMap<>(stored.get(32));
        unsigned.remove(ItemEncryptor.SIGNATURE_ATTRIBUTE);
        lines.set(32, DynamoDbJson.writeExportLine(unsigned));
        lines.set(43, "{\"Item\":{\"customer_id\":{\"S\":\"c-1\"}");
        Path export = ExportFixture.writeLines(dir.resolve("tampered"), Items.TABLE, lines, 3);

        DecryptedExport result = CofferExports.decrypt(Spark.session(), export.toString(), spec);
        List<Row> failures = result.failures().orderBy("line", "file").collectAsList();
        ExportSummary summary = result.summary();

        assertThat(summary.verified()).isEqualTo(ITEMS - 4);
        assertThat(summary.failed()).isEqualTo(4);
        assertThat(failures).extracting(r -> r.getString(r.fieldIndex("kind")))
                .containsExactlyInAnyOrder("INTEGRITY", "INTEGRITY", "INTEGRITY", "MALFORMED");
        assertThat(failures).extracting(r -> r.getString(r.fieldIndex("key"))).contains(
                "{\"customer_id\":{\"S\":\"c-10\"},\"order_id\":{\"N\":\"10\"}}",
                "{\"customer_id\":{\"S\":\"c-21\"},\"order_id\":{\"N\":\"21\"}}",
                "{\"customer_id\":{\"S\":\"c-32\"},\"order_id\":{\"N\":\"32\"}}");
        assertThat(failures).allSatisfy(r -> {
            assertThat(r.getString(r.fieldIndex("table"))).isEqualTo(Items.TABLE);
            assertThat(r.getString(r.fieldIndex("reason"))).isNotEmpty().doesNotContain("REFUNDED");
        });
        List<String> keysOut = result.items().collectAsList().stream()
                .map(r -> r.getString(0)).filter(s -> s.contains("\"N\":\"10\"}") && s.contains("\"c-10\""))
                .collect(Collectors.toList());
        assertThat(keysOut).isEmpty();
    }

    @Test
    void decrypt_withSchema_flattensColumnsReadyForParquet() {
        Path export = ExportFixture.write(dir.resolve("flat"), Items.TABLE, stored.subList(0, 400), 2);
        StructType schema = new StructType()
                .add(Items.PK, DataTypes.StringType)
                .add(Items.SK, DataTypes.LongType)
                .add("status", DataTypes.StringType)
                .add("total", DataTypes.createDecimalType(12, 2))
                .add("paid", DataTypes.BooleanType)
                .add("tags", DataTypes.createArrayType(DataTypes.StringType))
                .add("address", new StructType().add("city", DataTypes.StringType).add("zip", DataTypes.IntegerType))
                .add("document", DataTypes.BinaryType);

        DecryptedExport result = CofferExports.decrypt(Spark.session(), export.toString(), spec, schema);
        Path out = dir.resolve("flat-out");
        ExportSummary summary = result.write("parquet", out.resolve("items").toString(), out.resolve("failures").toString());

        assertThat(summary.verified()).isEqualTo(400);
        Map<Long, Row> rows = Spark.session().read().parquet(out.resolve("items").toString()).collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getLong(1), r -> r));
        assertThat(rows).hasSize(400);
        Map<String, AttributeValue> p1 = plain.get(1);
        Row r1 = rows.get(1L);
        assertThat(r1.getString(0)).isEqualTo(p1.get(Items.PK).s());
        assertThat(r1.getDecimal(3)).isEqualByComparingTo(p1.get("total").n());
        assertThat(r1.getBoolean(4)).isEqualTo(p1.get("paid").bool());
        assertThat(r1.<String>getList(5)).containsExactlyInAnyOrderElementsOf(p1.get("tags").ss());
        assertThat(r1.getStruct(6).getString(0)).isEqualTo(p1.get("address").m().get("city").s());
        assertThat(r1.isNullAt(7)).isTrue();
        assertThat((byte[]) rows.get(2L).get(7)).isEqualTo(plain.get(2).get("document").b().asByteArray());
        assertThat(rows.get(0L).isNullAt(3)).isTrue();
    }

    @Test
    void decrypt_valueNotFittingTheSchema_isASchemaFailureNotANull() {
        Path export = ExportFixture.write(dir.resolve("schema-mismatch"), Items.TABLE, stored.subList(0, 8), 1);
        StructType schema = new StructType().add(Items.PK, DataTypes.StringType).add("email", DataTypes.LongType);

        DecryptedExport result = CofferExports.decrypt(Spark.session(), export.toString(), spec, schema);

        List<Row> failures = result.failures().collectAsList();
        assertThat(failures).hasSize(2).allSatisfy(r -> {
            assertThat(r.getString(r.fieldIndex("kind"))).isEqualTo("SCHEMA");
            assertThat(r.getString(r.fieldIndex("reason"))).isEqualTo("attribute 'email' is S, its column is bigint");
        });
        assertThat(result.items().count()).isEqualTo(6);
    }

    @Test
    void decrypt_dataFileWithAnItemLessThanItsManifest_failsTheJob() throws Exception {
        Path export = ExportFixture.write(dir.resolve("truncated"), Items.TABLE, stored.subList(0, 20), 2);
        Path data = Files.list(export.resolve("data")).sorted().findFirst().orElseThrow();
        List<String> lines = new ArrayList<>(List.of(new String(
                new java.util.zip.GZIPInputStream(Files.newInputStream(data)).readAllBytes()).split("\n")));
        lines.remove(lines.size() - 1);
        try (var gz = new java.util.zip.GZIPOutputStream(Files.newOutputStream(data))) {
            gz.write(String.join("\n", lines).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        DecryptedExport result = CofferExports.decrypt(Spark.session(), export.toString(), spec);

        assertThatThrownBy(() -> result.items().count())
                .hasStackTraceContaining("9 items, the manifest says 10");
    }

    @Test
    void decrypt_dataFileReplacedWithTheSameItemsInOtherBytes_failsOnItsMd5() throws Exception {
        Path export = ExportFixture.write(dir.resolve("md5"), Items.TABLE, stored.subList(0, 20), 1);
        Path data = Files.list(export.resolve("data")).findFirst().orElseThrow();
        byte[] content = new java.util.zip.GZIPInputStream(Files.newInputStream(data)).readAllBytes();
        try (var gz = new java.util.zip.GZIPOutputStream(Files.newOutputStream(data)) {
            {
                def.setLevel(java.util.zip.Deflater.BEST_SPEED);
            }
        }) {
            gz.write(content);
        }

        DecryptedExport result = CofferExports.decrypt(Spark.session(), export.toString(), spec);

        assertThatThrownBy(() -> result.items().count()).hasStackTraceContaining("the manifest says")
                .hasStackTraceContaining("MD5");
    }

    @Test
    void decrypt_manifestNotMatchingItsChecksumFile_isRefused() throws Exception {
        Path export = ExportFixture.write(dir.resolve("manifest"), Items.TABLE, stored.subList(0, 4), 1);
        Path files = export.resolve("manifest-files.json");
        Files.writeString(files, Files.readString(files).replace("\"itemCount\":4", "\"itemCount\":3"));

        assertThatThrownBy(() -> CofferExports.decrypt(Spark.session(), export.toString(), spec))
                .isInstanceOf(ExportException.class)
                .hasMessageContaining("manifest-files.json does not match manifest-files.checksum");
    }

    @Test
    void decrypt_exportOfAnotherTable_isRefusedBeforeAnyTask() {
        Path export = ExportFixture.write(dir.resolve("other"), "invoices", stored.subList(0, 2), 1);

        assertThatThrownBy(() -> CofferExports.decrypt(Spark.session(), export.toString(), spec))
                .isInstanceOf(ExportException.class)
                .hasMessageContaining("is of table 'invoices' but the table spec names 'orders'");
    }

    /**
     * Items by primary key, each value in its DynamoDB meaning: sets are unordered and numbers equal
     * by value (Coffer, like DynamoDB, may give a set's members in another order).
     */
    static Map<String, Map<String, AttributeValue>> byKey(List<Map<String, AttributeValue>> items) {
        return items.stream().collect(Collectors.toMap(i -> i.get(Items.PK).s() + "/" + i.get(Items.SK).n(),
                CofferExportsTest::normalized));
    }

    static Map<String, AttributeValue> normalized(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> out = new HashMap<>();
        item.forEach((k, v) -> out.put(k, normalized(v)));
        return out;
    }

    private static AttributeValue normalized(AttributeValue v) {
        switch (v.type()) {
            case N:
                return AttributeValue.fromN(DynamoDbValues.canonicalNumber(v.n()));
            case SS:
                return AttributeValue.fromSs(v.ss().stream().sorted().collect(Collectors.toList()));
            case NS:
                return AttributeValue.fromNs(v.ns().stream().map(DynamoDbValues::canonicalNumber).sorted()
                        .collect(Collectors.toList()));
            case BS:
                return AttributeValue.fromBs(v.bs().stream()
                        .sorted(java.util.Comparator.comparing(b -> java.util.Base64.getEncoder()
                                .encodeToString(b.asByteArrayUnsafe())))
                        .collect(Collectors.toList()));
            case L:
                return AttributeValue.fromL(v.l().stream().map(CofferExportsTest::normalized).collect(Collectors.toList()));
            case M:
                return AttributeValue.fromM(normalized(v.m()));
            default:
                return v;
        }
    }
}
