package dev.coffer.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.dynamodbv2.AmazonDynamoDB;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.DynamoDBEncryptor;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.providers.AsymmetricStaticProvider;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.providers.CachingMostRecentProvider;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.providers.DirectKmsMaterialProvider;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.providers.EncryptionMaterialsProvider;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.providers.SymmetricStaticProvider;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.providers.WrappedMaterialsProvider;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.providers.store.MetaStore;
import com.amazonaws.services.kms.AWSKMS;
import dev.coffer.CryptoAction;
import dev.coffer.IntegrityException;
import dev.coffer.MaterialsException;
import dev.coffer.TableConfig;
import dev.coffer.kms.testkit.KmsKey;
import dev.coffer.kms.testkit.LocalKms;
import dev.coffer.legacy.testing.LegacyWriter;
import dev.coffer.legacy.testing.Vectors;
import dev.coffer.testfixtures.TestDynamo;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * Items written moments ago by the legacy client itself (2.0.3, SDK v1, test scope), with every
 * legacy provider, stored in and read back from the test DynamoDB engine (dynalite), then read by
 * the native reader: every DynamoDB type encrypted and sign-only, names and values outside the
 * BMP, hash-only and hash+range tables. Direct KMS and the meta-store run against the loopback KMS
 * ({@link LocalKms}; the SDK v1 KMS client pointed at it) and dynalite. Then a tamper matrix.
 */
class FreshlyWrittenTest {
    private static final String REGION = "us-west-2";
    private static final Random RANDOM = new Random();

    private static LocalKms kms;
    private static KmsKey dataKey;
    private static KmsKey metaKey;
    private static KmsKey otherKey;
    private static AWSKMS kmsV1;
    private static KmsClient kmsV2;
    private static AmazonDynamoDB ddbV1;
    private static DynamoDbClient ddb;
    private static String hashTable;
    private static String rangeTable;
    private static final Map<String, Case> CASES = new LinkedHashMap<>();

    /** One legacy provider: how the legacy client writes, and the same keys for the native reader. */
    record Case(String name, EncryptionMaterialsProvider writer, LegacyKeys keys, boolean perItemDescription) {
        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        kms = LocalKms.builder().region(REGION).build().start();
        dataKey = kms.createKey();
        metaKey = kms.createKey();
        otherKey = kms.createKey();
        kmsV1 = LegacyWriter.kms(kms.endpoint(), REGION);
        kmsV2 = KmsClient.builder().endpointOverride(kms.endpoint()).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("legacy-test", "legacy-test")))
                .build();
        ddb = TestDynamo.client();
        ddbV1 = LegacyWriter.dynamoDb(TestDynamo.endpoint());
        hashTable = TestDynamo.createTable("legacy-hash", "id", ScalarAttributeType.S);
        rangeTable = TestDynamo.createTable("legacy-range", "pk", ScalarAttributeType.N, "sk", ScalarAttributeType.B);

        SecretKey aes128 = aes(16);
        SecretKey aes256 = aes(32);
        SecretKey hmac256 = new SecretKeySpec(bytes(32), "HmacSHA256");
        SecretKey hmac384 = new SecretKeySpec(bytes(48), "HmacSHA384");
        KeyPair rsaSign = rsa();
        KeyPair rsaWrap = rsa();
        add(new Case("static AES-128 HmacSHA256", new SymmetricStaticProvider(aes128, hmac256),
                LegacyKeys.symmetricStatic(aes128, hmac256), false));
        add(new Case("static AES-256 HmacSHA384", new SymmetricStaticProvider(aes256, hmac384),
                LegacyKeys.symmetricStatic(aes256, hmac384), false));
        add(new Case("static AES-256 SHA256withRSA", new SymmetricStaticProvider(aes256, rsaSign),
                LegacyKeys.symmetricStatic(aes256, rsaSign.getPublic()), false));
        add(new Case("static AES-128 SHA384withRSA", new SymmetricStaticProvider(aes128, rsaSign,
                Map.of(DynamoDBEncryptor.DEFAULT_SIGNING_ALGORITHM_HEADER, "SHA384withRSA")),
                LegacyKeys.symmetricStatic(aes128, rsaSign.getPublic()), false));
        add(new Case("wrapped AESWrap HmacSHA256", new WrappedMaterialsProvider(aes256, aes256, hmac256),
                LegacyKeys.wrapped(aes256, hmac256), true));
        add(new Case("wrapped RSA-OAEP HmacSHA384", new WrappedMaterialsProvider(rsaWrap.getPublic(), rsaWrap.getPrivate(), hmac384),
                LegacyKeys.wrapped(rsaWrap.getPrivate(), hmac384), true));
        add(new Case("asymmetric static RSA-OAEP SHA256withRSA", new AsymmetricStaticProvider(rsaWrap, rsaSign),
                LegacyKeys.wrapped(rsaWrap.getPrivate(), rsaSign.getPublic()), true));
        add(new Case("direct KMS", new DirectKmsMaterialProvider(kmsV1, dataKey.arn()),
                LegacyKeys.directKms(kmsV2, dataKey.arn()), true));
        add(new Case("direct KMS AES/128 HmacSHA384/384", new DirectKmsMaterialProvider(kmsV1, dataKey.arn(),
                Map.of("amzn-ddb-env-alg", "AES/128", "amzn-ddb-sig-alg", "HmacSHA384/384")),
                LegacyKeys.directKms(kmsV2, dataKey.arn()), true));

        String kmsMeta = TestDynamo.createTable("legacy-meta-kms", "N", ScalarAttributeType.S, "V", ScalarAttributeType.N);
        MetaStore storeKms = new MetaStore(ddbV1, kmsMeta,
                DynamoDBEncryptor.getInstance(new DirectKmsMaterialProvider(kmsV1, metaKey.arn())));
        add(new Case("most recent, KMS meta-store", new CachingMostRecentProvider(storeKms, "material 😀 Ψ", 60_000),
                LegacyKeys.mostRecent(ddb, kmsMeta, LegacyKeys.directKms(kmsV2, metaKey.arn())), true));
        String wrappedMeta = TestDynamo.createTable("legacy-meta-rsa", "N", ScalarAttributeType.S, "V", ScalarAttributeType.N);
        MetaStore storeRsa = new MetaStore(ddbV1, wrappedMeta,
                DynamoDBEncryptor.getInstance(new WrappedMaterialsProvider(rsaWrap.getPublic(), rsaWrap.getPrivate(), rsaSign)));
        add(new Case("most recent, RSA-wrapped meta-store", new CachingMostRecentProvider(storeRsa, "orders", 60_000),
                LegacyKeys.mostRecent(ddb, wrappedMeta, LegacyKeys.wrapped(rsaWrap.getPrivate(), rsaSign.getPublic())), true));
    }

    @AfterAll
    static void stop() {
        if (kms != null) {
            kms.close();
        }
    }

    private static void add(Case c) {
        CASES.put(c.name(), c);
    }

    static Stream<String> cases() {
        return Stream.of("static AES-128 HmacSHA256", "static AES-256 HmacSHA384", "static AES-256 SHA256withRSA",
                "static AES-128 SHA384withRSA", "wrapped AESWrap HmacSHA256", "wrapped RSA-OAEP HmacSHA384",
                "asymmetric static RSA-OAEP SHA256withRSA", "direct KMS", "direct KMS AES/128 HmacSHA384/384",
                "most recent, KMS meta-store", "most recent, RSA-wrapped meta-store");
    }

    // ---------------------------------------------------------------- every provider, every type

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decrypt_itemsTheLegacyClientWrote_giveTheirPlaintext(String name) {
        Case c = CASES.get(name);
        LegacyItemReader reader = LegacyItemReader.builder().keys(c.keys()).build();
        for (TableConfig table : List.of(hashTable(), rangeTable())) {
            for (int i = 0; i < 3; i++) {
                Map<String, AttributeValue> plain = item(table, i);
                Map<String, AttributeValue> stored = storeAndReadBack(table, LegacyWriter.write(c.writer(), table, plain));

                assertThat(reader.recognizes(stored)).isTrue();
                assertThat(Vectors.canon(reader.decrypt(stored, table))).as(name + " " + table.tableName() + " item " + i)
                        .isEqualTo(Vectors.canon(plain));
            }
        }
    }

    @Test
    void decrypt_mostRecentAfterRotation_readsEveryMaterialVersion() {
        String meta = TestDynamo.createTable("legacy-meta-rotate", "N", ScalarAttributeType.S, "V", ScalarAttributeType.N);
        MetaStore store = new MetaStore(ddbV1, meta,
                DynamoDBEncryptor.getInstance(new DirectKmsMaterialProvider(kmsV1, metaKey.arn())));
        CachingMostRecentProvider writer = new CachingMostRecentProvider(store, "rotating", 60_000);
        LegacyItemReader reader = LegacyItemReader.builder()
                .keys(LegacyKeys.mostRecent(ddb, meta, LegacyKeys.directKms(kmsV2, metaKey.arn()))).build();
        TableConfig table = hashTable();
        List<Map<String, AttributeValue>> plain = new ArrayList<>();
        List<Map<String, AttributeValue>> stored = new ArrayList<>();
        for (int version = 0; version < 3; version++) {
            if (version > 0) {
                store.newProvider("rotating");
                writer.refresh();
            }
            Map<String, AttributeValue> p = item(table, 20 + version);
            plain.add(p);
            stored.add(storeAndReadBack(table, LegacyWriter.write(writer, table, p)));
        }

        for (int i = 0; i < 3; i++) {
            assertThat(LegacyItemReader.materialDescription(stored.get(i))).containsEntry("amzn-ddb-meta-id", "rotating#" + i);
            assertThat(Vectors.canon(reader.decrypt(stored.get(i), table))).isEqualTo(Vectors.canon(plain.get(i)));
        }
    }

    // ---------------------------------------------------------------- tamper matrix

    static Stream<String> tamperCases() {
        return Stream.of("static AES-128 HmacSHA256", "static AES-256 SHA256withRSA", "wrapped AESWrap HmacSHA256",
                "wrapped RSA-OAEP HmacSHA384", "direct KMS", "most recent, KMS meta-store");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tamperCases")
    void decrypt_tamperedLegacyItem_isRefusedWithIntegrityException(String name) {
        Case c = CASES.get(name);
        LegacyItemReader reader = LegacyItemReader.builder().keys(c.keys()).build();
        TableConfig table = rangeTable();
        Map<String, AttributeValue> a = LegacyWriter.write(c.writer(), table, item(table, 7));
        Map<String, AttributeValue> b = LegacyWriter.write(c.writer(), table, item(table, 8));
        assertThat(reader.decrypt(a, table)).isNotEmpty();

        Map<String, Function<Map<String, AttributeValue>, Map<String, AttributeValue>>> tampers = new LinkedHashMap<>();
        tampers.put("flipped signature bit", i -> with(i, "*amzn-ddb-map-sig*", flip(i.get("*amzn-ddb-map-sig*"), 5)));
        tampers.put("flipped ciphertext bit", i -> with(i, "enc_S", flip(i.get("enc_S"), 20)));
        tampers.put("flipped IV bit", i -> with(i, "enc_N", flip(i.get("enc_N"), 0)));
        tampers.put("changed sign-only value", i -> with(i, "sig_S", AttributeValue.builder().s("changed").build()));
        tampers.put("changed sign-only set", i -> with(i, "sig_SS", AttributeValue.builder().ss("a", "b").build()));
        tampers.put("changed sort key", i -> with(i, "sk", AttributeValue.builder().b(SdkBytes.fromUtf8String("other")).build()));
        tampers.put("removed encrypted attribute", i -> without(i, "enc_B"));
        tampers.put("removed sign-only attribute", i -> without(i, "sig_N"));
        tampers.put("added attribute", i -> with(i, "intruder", AttributeValue.builder().s("x").build()));
        tampers.put("encrypted value from another item", i -> with(i, "enc_S", b.get("enc_S")));
        tampers.put("removed signature", i -> without(i, "*amzn-ddb-map-sig*"));
        if (c.perItemDescription()) {
            tampers.put("material description of another item", i -> with(i, "*amzn-ddb-map-desc*", b.get("*amzn-ddb-map-desc*")));
        }
        List<String> accepted = new ArrayList<>();
        for (var t : tampers.entrySet()) {
            try {
                reader.decrypt(t.getValue().apply(a), table);
                accepted.add(t.getKey());
            } catch (IntegrityException | dev.coffer.InvalidItemException expected) {
                // Refused, as it must be.
            }
        }
        assertThat(accepted).as(name + ": tampered items that were accepted").isEmpty();

        // Signed for another table: refused.
        TableConfig other = PublishedVectorsTest.tableBuilder().tableName(table.tableName() + "-copy")
                .partitionKey("pk").sortKey("sk").actions(table.actions()).build();
        assertThatThrownBy(() -> reader.decrypt(a, other)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining(table.tableName() + "-copy");
    }

    @Test
    void decrypt_flippedSignature_namesTableAttributeAndReason() {
        Case c = CASES.get("static AES-128 HmacSHA256");
        TableConfig table = hashTable();
        Map<String, AttributeValue> stored = LegacyWriter.write(c.writer(), table, item(table, 1));
        LegacyItemReader reader = LegacyItemReader.builder().keys(c.keys()).build();

        assertThatThrownBy(() -> reader.decrypt(with(stored, "*amzn-ddb-map-sig*", flip(stored.get("*amzn-ddb-map-sig*"), 0)), table))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining("table '" + table.tableName() + "'")
                .hasMessageContaining("'*amzn-ddb-map-sig*'")
                .hasMessageContaining("does not verify");
    }

    @Test
    void decrypt_attributeTheLegacyWriterLeftUnsigned_butTheTableSigns_isRefusedUnlessAllowedUnsigned() {
        Case c = CASES.get("static AES-128 HmacSHA256");
        TableConfig legacyActions = hashTable();
        Map<String, AttributeValue> plain = new LinkedHashMap<>(item(legacyActions, 1));
        plain.put("note", AttributeValue.builder().s("written unsigned").build());
        // The legacy writer leaves "note" unsigned (the table's default for an unlisted name is to sign it).
        TableConfig writerView = legacyActions.toBuilder().action("note", CryptoAction.DO_NOTHING).build();
        Map<String, AttributeValue> stored = LegacyWriter.write(c.writer(), writerView, plain);
        LegacyItemReader reader = LegacyItemReader.builder().keys(c.keys()).actions(writerView.actions())
                .defaultAction(CryptoAction.ENCRYPT_AND_SIGN).build();
        Map<String, AttributeValue> forged = with(stored, "note", AttributeValue.builder().s("changed by anyone").build());

        assertThatThrownBy(() -> reader.decrypt(forged, legacyActions)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("attribute 'note' is not signed by the legacy writer")
                .hasMessageContaining("allowedUnsignedAttributes");
        TableConfig migrating = legacyActions.toBuilder().addAllowedUnsignedAttribute("note").build();
        assertThat(reader.decrypt(stored, migrating).get("note").s()).isEqualTo("written unsigned");
        assertThat(reader.decrypt(stored, writerView).get("note").s()).isEqualTo("written unsigned");
    }

    @Test
    void decrypt_wrongLegacyKeys_throwsIntegrityException() {
        TableConfig table = hashTable();
        Map<String, AttributeValue> stored = LegacyWriter.write(CASES.get("static AES-128 HmacSHA256").writer(), table, item(table, 1));
        LegacyItemReader other = LegacyItemReader.builder()
                .keys(LegacyKeys.symmetricStatic(aes(16), new SecretKeySpec(bytes(32), "HmacSHA256"))).build();

        assertThatThrownBy(() -> other.decrypt(stored, table)).isInstanceOf(IntegrityException.class);
    }

    // ---------------------------------------------------------------- KMS pinning, meta-store failures

    @Test
    void decrypt_kmsItemUnderAKeyNotConfigured_throwsMaterialsException() {
        TableConfig table = hashTable();
        Map<String, AttributeValue> stored = LegacyWriter.write(CASES.get("direct KMS").writer(), table, item(table, 1));
        LegacyItemReader pinnedElsewhere = LegacyItemReader.builder().keys(LegacyKeys.directKms(kmsV2, otherKey.arn())).build();

        assertThatThrownBy(() -> pinnedElsewhere.decrypt(stored, table)).isInstanceOf(MaterialsException.class)
                .hasMessageContaining(otherKey.arn());
    }

    @Test
    void decrypt_kmsItem_triesEachPinnedKeyAndNamesTheKeyInTheRequest() {
        TableConfig table = rangeTable();
        Map<String, AttributeValue> plain = item(table, 4);
        Map<String, AttributeValue> stored = LegacyWriter.write(CASES.get("direct KMS").writer(), table, plain);
        LegacyItemReader reader = LegacyItemReader.builder().keys(LegacyKeys.directKms(kmsV2, otherKey.arn(), dataKey.arn())).build();
        kms.resetCounters();

        assertThat(Vectors.canon(reader.decrypt(stored, table))).isEqualTo(Vectors.canon(plain));
        assertThat(kms.requests()).extracting(r -> r.requestedKeyId().orElse("none"))
                .containsExactly(otherKey.arn(), dataKey.arn());
    }

    @Test
    void decrypt_kmsItemMovedToAnotherKey_throwsIntegrityException() {
        TableConfig table = rangeTable();
        Map<String, AttributeValue> a = LegacyWriter.write(CASES.get("direct KMS").writer(), table, item(table, 5));
        // Same keys, other key values: KMS refuses the data key under the other item's context.
        Map<String, AttributeValue> moved = with(a, "pk", AttributeValue.builder().n("999").build());
        LegacyItemReader reader = LegacyItemReader.builder().keys(CASES.get("direct KMS").keys()).build();

        assertThatThrownBy(() -> reader.decrypt(moved, table)).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("InvalidCiphertextException");
    }

    @Test
    void decrypt_materialVersionMissingFromMetaStore_throwsMaterialsException() {
        String meta = TestDynamo.createTable("legacy-meta-gone", "N", ScalarAttributeType.S, "V", ScalarAttributeType.N);
        MetaStore store = new MetaStore(ddbV1, meta,
                DynamoDBEncryptor.getInstance(new DirectKmsMaterialProvider(kmsV1, metaKey.arn())));
        TableConfig table = hashTable();
        Map<String, AttributeValue> stored = LegacyWriter.write(new CachingMostRecentProvider(store, "gone", 60_000), table,
                item(table, 1));
        ddb.deleteItem(r -> r.tableName(meta).key(Map.of("N", AttributeValue.builder().s("gone").build(),
                "V", AttributeValue.builder().n("0").build())));
        LegacyItemReader reader = LegacyItemReader.builder()
                .keys(LegacyKeys.mostRecent(ddb, meta, LegacyKeys.directKms(kmsV2, metaKey.arn()))).build();

        assertThatThrownBy(() -> reader.decrypt(stored, table)).isInstanceOf(MaterialsException.class)
                .hasMessageContaining("'gone' version 0").hasMessageContaining(meta);
    }

    // ---------------------------------------------------------------- several providers in one table

    @Test
    void decrypt_tableWrittenWithSeveralProviders_readsEachItemWithItsProvidersKeys() {
        List<String> names = List.of("static AES-128 HmacSHA256", "wrapped RSA-OAEP HmacSHA384", "direct KMS",
                "most recent, KMS meta-store");
        LegacyKeys combined = LegacyKeys.combine(names.stream().map(n -> CASES.get(n).keys()).toArray(LegacyKeys[]::new));
        LegacyItemReader reader = LegacyItemReader.builder().keys(combined).build();
        TableConfig table = rangeTable();

        for (int i = 0; i < names.size(); i++) {
            Map<String, AttributeValue> plain = item(table, 40 + i);
            Map<String, AttributeValue> stored = LegacyWriter.write(CASES.get(names.get(i)).writer(), table, plain);
            assertThat(Vectors.canon(reader.decrypt(stored, table))).as(names.get(i)).isEqualTo(Vectors.canon(plain));
        }
        LegacyItemReader withoutKms = LegacyItemReader.builder()
                .keys(LegacyKeys.combine(CASES.get(names.get(0)).keys(), CASES.get(names.get(1)).keys())).build();
        Map<String, AttributeValue> kmsItem = LegacyWriter.write(CASES.get("direct KMS").writer(), table, item(table, 50));
        assertThatThrownBy(() -> withoutKms.decrypt(kmsItem, table)).isInstanceOf(MaterialsException.class)
                .hasMessageContaining("direct kms provider");
        assertThatThrownBy(() -> LegacyKeys.combine(CASES.get("direct KMS").keys(), CASES.get("direct KMS").keys()))
                .isInstanceOf(dev.coffer.ConfigurationException.class).hasMessageContaining("two direct_kms keys");
    }

    // ---------------------------------------------------------------- actions

    @Test
    void decrypt_legacyActionsGivenExplicitly_readItemsWhoseActionsDifferFromTheTables() {
        TableConfig legacyTable = hashTable().toBuilder().action("version", CryptoAction.SIGN_ONLY).build();
        Map<String, AttributeValue> plain = new LinkedHashMap<>(item(legacyTable, 3));
        plain.put("version", AttributeValue.builder().n("1").build());
        Map<String, AttributeValue> stored = LegacyWriter.write(CASES.get("wrapped AESWrap HmacSHA256").writer(), legacyTable, plain);
        // The Coffer table encrypts "version"; the legacy mapper signed it only.
        TableConfig cofferTable = hashTable();
        LegacyItemReader byTable = LegacyItemReader.builder().keys(CASES.get("wrapped AESWrap HmacSHA256").keys()).build();
        LegacyItemReader explicit = byTable.toBuilder().defaultAction(CryptoAction.ENCRYPT_AND_SIGN)
                .actions(legacyTable.actions()).build();

        assertThatThrownBy(() -> byTable.decrypt(stored, cofferTable)).isInstanceOf(IntegrityException.class);
        assertThat(Vectors.canon(explicit.decrypt(stored, cofferTable))).isEqualTo(Vectors.canon(plain));
    }

    @Test
    void recognizes_plainAndCofferItems_isFalse() {
        LegacyItemReader reader = LegacyItemReader.builder().keys(CASES.get("direct KMS").keys()).build();

        assertThat(reader.recognizes(item(hashTable(), 1))).isFalse();
        assertThat(reader.reservedAttributes()).containsExactlyInAnyOrder("*amzn-ddb-map-desc*", "*amzn-ddb-map-sig*");
    }

    // ---------------------------------------------------------------- malformed items

    @Test
    void decrypt_malformedReservedAttributes_throwInvalidItemExceptionNamingTheAttribute() {
        Case c = CASES.get("static AES-256 SHA256withRSA");
        TableConfig table = hashTable();
        Map<String, AttributeValue> stored = LegacyWriter.write(c.writer(), table, item(table, 2));
        LegacyItemReader reader = LegacyItemReader.builder().keys(c.keys()).build();
        Map<String, String> desc = LegacyItemReader.materialDescription(stored);
        assertThat(desc).containsEntry("amzn-ddb-map-signingAlg", "SHA256withRSA")
                .containsEntry("amzn-ddb-map-sym-mode", "/CBC/PKCS5Padding");

        assertThatThrownBy(() -> reader.decrypt(with(stored, "*amzn-ddb-map-sig*", AttributeValue.builder().s("x").build()), table))
                .isInstanceOf(dev.coffer.InvalidItemException.class).hasMessageContaining("'*amzn-ddb-map-sig*'");
        assertThatThrownBy(() -> reader.decrypt(with(stored, "*amzn-ddb-map-desc*", AttributeValue.builder().s("x").build()), table))
                .isInstanceOf(dev.coffer.InvalidItemException.class).hasMessageContaining("'*amzn-ddb-map-desc*'");
        assertThatThrownBy(() -> reader.decrypt(with(stored, "*amzn-ddb-map-desc*",
                AttributeValue.builder().b(SdkBytes.fromByteArray(new byte[] {0, 0, 0, 1})).build()), table))
                .isInstanceOf(dev.coffer.InvalidItemException.class).hasMessageContaining("malformed material description");
        // The description is not signed: an unsupported algorithm put there is refused by name.
        assertThatThrownBy(() -> reader.decrypt(withDescription(stored, "amzn-ddb-map-signingAlg", "MD5withRSA"), table))
                .isInstanceOf(dev.coffer.InvalidItemException.class).hasMessageContaining("MD5withRSA");
        assertThatThrownBy(() -> reader.decrypt(withDescription(stored, "amzn-ddb-map-sym-mode", "/ECB/PKCS5Padding"), table))
                .isInstanceOf(dev.coffer.InvalidItemException.class).hasMessageContaining("/ECB/PKCS5Padding");
    }

    @Test
    void decrypt_wrappedItemUnderAnotherProvidersDescription_isRefused() {
        TableConfig table = hashTable();
        Map<String, AttributeValue> kmsItem = LegacyWriter.write(CASES.get("direct KMS").writer(), table, item(table, 2));
        LegacyItemReader wrapped = LegacyItemReader.builder().keys(CASES.get("wrapped RSA-OAEP HmacSHA384").keys()).build();

        assertThatThrownBy(() -> wrapped.decrypt(kmsItem, table)).isInstanceOf(IntegrityException.class);
    }

    // ---------------------------------------------------------------- threads

    @Test
    void decrypt_manyThreadsOnOneMaterialVersion_readTheMetaStoreOnce() throws Exception {
        String meta = TestDynamo.createTable("legacy-meta-threads", "N", ScalarAttributeType.S, "V", ScalarAttributeType.N);
        MetaStore store = new MetaStore(ddbV1, meta,
                DynamoDBEncryptor.getInstance(new DirectKmsMaterialProvider(kmsV1, metaKey.arn())));
        CachingMostRecentProvider writer = new CachingMostRecentProvider(store, "shared", 60_000);
        TableConfig table = hashTable();
        List<Map<String, AttributeValue>> plain = new ArrayList<>();
        List<Map<String, AttributeValue>> stored = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            plain.add(item(table, 30 + i));
            stored.add(LegacyWriter.write(writer, table, plain.get(i)));
        }
        java.util.concurrent.atomic.AtomicInteger getItems = new java.util.concurrent.atomic.AtomicInteger();
        DynamoDbClient counting = TestDynamo.clientBuilder().overrideConfiguration(o -> o.addExecutionInterceptor(
                new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution ctx,
                            software.amazon.awssdk.core.interceptor.ExecutionAttributes attrs) {
                        if (ctx.request() instanceof software.amazon.awssdk.services.dynamodb.model.GetItemRequest) {
                            getItems.incrementAndGet();
                        }
                    }
                })).build();
        LegacyItemReader reader = LegacyItemReader.builder()
                .keys(LegacyKeys.mostRecent(counting, meta, LegacyKeys.directKms(kmsV2, metaKey.arn()))).build();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Map<String, Object>>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                Map<String, AttributeValue> s = stored.get(i);
                results.add(pool.submit(() -> {
                    start.await();
                    return Vectors.canon(reader.decrypt(s, table));
                }));
            }
            start.countDown();
            for (int i = 0; i < 16; i++) {
                assertThat(results.get(i).get()).isEqualTo(Vectors.canon(plain.get(i)));
            }
        } finally {
            pool.shutdownNow();
            counting.close();
        }
        assertThat(getItems.get()).as("GetItem calls for one material version").isEqualTo(1);
    }

    // ---------------------------------------------------------------- helpers

    private static TableConfig hashTable() {
        return actions(PublishedVectorsTest.tableBuilder().tableName(hashTable).partitionKey("id")).build();
    }

    private static TableConfig rangeTable() {
        return actions(PublishedVectorsTest.tableBuilder().tableName(rangeTable).partitionKey("pk").sortKey("sk")).build();
    }

    private static final List<String> TYPES = List.of("S", "N", "B", "SS", "NS", "BS", "M", "L", "BOOL", "NULL");

    private static TableConfig.Builder actions(TableConfig.Builder b) {
        for (String t : TYPES) {
            b.action("sig_" + t, CryptoAction.SIGN_ONLY);
        }
        return b.action("𝄞 sign-only 😀", CryptoAction.SIGN_ONLY).action("views", CryptoAction.DO_NOTHING);
    }

    /** Every DynamoDB type, encrypted and sign-only, with strings and names outside the BMP. */
    private static Map<String, AttributeValue> item(TableConfig table, int i) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        if (table.sortKeyName().isPresent()) {
            m.put("pk", AttributeValue.builder().n(Integer.toString(i)).build());
            m.put("sk", AttributeValue.builder().b(SdkBytes.fromByteArray(new byte[] {(byte) 0x80, (byte) i, 0x01})).build());
        } else {
            m.put("id", AttributeValue.builder().s("id-😀-" + i).build());
        }
        for (String prefix : List.of("enc_", "sig_")) {
            m.put(prefix + "S", AttributeValue.builder().s("text ✓ 😀 \uFFFD " + i).build());
            m.put(prefix + "N", AttributeValue.builder().n("1.50E" + (i % 3)).build());
            m.put(prefix + "B", AttributeValue.builder().b(SdkBytes.fromByteArray(bytes(1 + i))).build());
            // Sorted as the legacy Java client sorts: UTF-16 code units, signed bytes.
            m.put(prefix + "SS", AttributeValue.builder().ss("\uFFFD", "😀", "z", "Ψ", "a" + i).build());
            m.put(prefix + "NS", AttributeValue.builder().ns("-3", "0.50", "1E+2", "7.6", Integer.toString(i)).build());
            m.put(prefix + "BS", AttributeValue.builder().bs(SdkBytes.fromByteArray(new byte[] {(byte) 0x80}),
                    SdkBytes.fromByteArray(new byte[] {0x01}), SdkBytes.fromByteArray(new byte[] {0x01, (byte) 0xff, (byte) i})).build());
            Map<String, AttributeValue> inner = new HashMap<>();
            inner.put("😀", AttributeValue.builder().bool(true).build());
            inner.put("\uFFFD", AttributeValue.builder().nul(true).build());
            inner.put("list", AttributeValue.builder().l(AttributeValue.builder().n("1").build(),
                    AttributeValue.builder().ss("x", "y").build()).build());
            m.put(prefix + "M", AttributeValue.builder().m(inner).build());
            m.put(prefix + "L", AttributeValue.builder().l(AttributeValue.builder().s("a").build(),
                    AttributeValue.builder().m(Map.of("k", AttributeValue.builder().n("2").build())).build(),
                    AttributeValue.builder().l(List.of()).build()).build());
            m.put(prefix + "BOOL", AttributeValue.builder().bool(i % 2 == 0).build());
            m.put(prefix + "NULL", AttributeValue.builder().nul(true).build());
        }
        m.put("名前😀", AttributeValue.builder().s("値 " + i).build());
        m.put("𝄞 sign-only 😀", AttributeValue.builder().s("clef").build());
        m.put("views", AttributeValue.builder().n(Integer.toString(10 * i)).build());
        return m;
    }

    private static Map<String, AttributeValue> storeAndReadBack(TableConfig table, Map<String, AttributeValue> stored) {
        ddb.putItem(r -> r.tableName(table.tableName()).item(stored));
        Map<String, AttributeValue> key = new HashMap<>();
        key.put(table.partitionKeyName(), stored.get(table.partitionKeyName()));
        table.sortKeyName().ifPresent(s -> key.put(s, stored.get(s)));
        return ddb.getItem(r -> r.tableName(table.tableName()).key(key).consistentRead(true)).item();
    }

    private static Map<String, AttributeValue> with(Map<String, AttributeValue> item, String name, AttributeValue v) {
        Map<String, AttributeValue> m = new LinkedHashMap<>(item);
        m.put(name, v);
        return m;
    }

    /** {@code item} with one material description entry replaced (the description is not signed). */
    private static Map<String, AttributeValue> withDescription(Map<String, AttributeValue> item, String key, String value) {
        Map<String, String> d = new LinkedHashMap<>(LegacyItemReader.materialDescription(item));
        d.put(key, value);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.writeInt(0);
            for (Map.Entry<String, String> e : d.entrySet()) {
                byte[] k = e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                byte[] v = e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.writeInt(k.length);
                out.write(k);
                out.writeInt(v.length);
                out.write(v);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return with(item, "*amzn-ddb-map-desc*", AttributeValue.builder().b(SdkBytes.fromByteArray(bytes.toByteArray())).build());
    }

    private static Map<String, AttributeValue> without(Map<String, AttributeValue> item, String name) {
        Map<String, AttributeValue> m = new LinkedHashMap<>(item);
        m.remove(name);
        return m;
    }

    private static AttributeValue flip(AttributeValue v, int index) {
        byte[] b = v.b().asByteArray();
        b[index] ^= 1;
        return AttributeValue.builder().b(SdkBytes.fromByteArray(b)).build();
    }

    private static SecretKey aes(int n) {
        return new SecretKeySpec(bytes(n), "AES");
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }
}
