package dev.coffer.reencrypt.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.dynamodbv2.AmazonDynamoDB;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.DynamoDBEncryptor;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.providers.CachingMostRecentProvider;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.providers.DirectKmsMaterialProvider;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.providers.EncryptionMaterialsProvider;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.providers.SymmetricStaticProvider;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.providers.WrappedMaterialsProvider;
import com.amazonaws.services.dynamodbv2.datamodeling.encryption.providers.store.MetaStore;
import com.amazonaws.services.kms.AWSKMS;
import dev.coffer.CryptoAction;
import dev.coffer.IntegrityException;
import dev.coffer.ItemEncryptor;
import dev.coffer.SkippedItem;
import dev.coffer.TableConfig;
import dev.coffer.enhanced.CofferExtension;
import dev.coffer.enhanced.TableOptions;
import dev.coffer.kms.testkit.KmsKey;
import dev.coffer.kms.testkit.LocalKms;
import dev.coffer.legacy.LegacyItemReader;
import dev.coffer.legacy.LegacyKeys;
import dev.coffer.legacy.testing.LegacyWriter;
import dev.coffer.materials.WrappedProvider;
import dev.coffer.materials.WrappingKey;
import dev.coffer.migration.ItemKind;
import dev.coffer.migration.LegacyPhase;
import dev.coffer.migration.MigrationPhaseException;
import dev.coffer.reencrypt.ReEncryptionListener;
import dev.coffer.reencrypt.ReEncryptionSummary;
import dev.coffer.reencrypt.ReEncryptor;
import dev.coffer.testfixtures.TestDynamo;
import dev.coffer.testing.TestKeys;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.IgnoreNullsMode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * docs/migration.md's legacy rollout, step by step, with the real pieces: items written by the
 * legacy DynamoDB Encryption Client itself (2.0.3 on SDK v1, test scope) with four providers
 * (symmetric static, RSA-wrapped, direct KMS, most recent with a KMS meta-store) on the test engine
 * and the loopback KMS, read by {@link LegacyItemReader} through the Enhanced Client extension (sync
 * and async) and through {@link ItemEncryptor}; the re-encryptor converts the table while a live
 * writer writes Coffer items; {@link LegacyPhase#COFFER_ONLY} ends it.
 *
 * <p>The {@link Account} bean is what a legacy {@code DynamoDBMapper} class maps to: owner and
 * balance encrypted (the mapper's default), status sign-only ({@code @DoNotEncrypt}), last login
 * do-nothing ({@code @DoNotTouch}); so the table's actions are the legacy actions.
 */
class LegacyRolloutTest {
    private static final String REGION = "us-west-2";
    private static final TableSchema<Account> SCHEMA = TableSchema.fromBean(Account.class);
    private static final WrappedProvider KEYS = WrappedProvider.builder()
            .addWrappingKey(WrappingKey.aes("wk-1", TestKeys.secret(32, 1))).addSigningKey("sk-1", TestKeys.secret(32, 2))
            .build();
    private static final int PER_PROVIDER = 25;

    private static LocalKms kms;
    private static KmsClient kmsV2;
    private static AmazonDynamoDB ddbV1;
    private static final DynamoDbClient DDB = TestDynamo.client();
    /** The legacy providers the table was written with over the years, in write order. */
    private static final Map<String, EncryptionMaterialsProvider> WRITERS = new LinkedHashMap<>();
    private static LegacyKeys legacyKeys;

    @BeforeAll
    static void legacyKeys() throws Exception {
        kms = LocalKms.builder().region(REGION).build().start();
        KmsKey dataKey = kms.createKey();
        KmsKey metaKey = kms.createKey();
        AWSKMS kmsV1 = LegacyWriter.kms(kms.endpoint(), REGION);
        kmsV2 = KmsClient.builder().endpointOverride(kms.endpoint()).region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("rollout", "rollout")))
                .build();
        ddbV1 = LegacyWriter.dynamoDb(TestDynamo.endpoint());

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
        String metaStore = TestDynamo.createTable("rollout-meta", "N", ScalarAttributeType.S, "V", ScalarAttributeType.N);
        MetaStore store = new MetaStore(ddbV1, metaStore,
                DynamoDBEncryptor.getInstance(new DirectKmsMaterialProvider(kmsV1, metaKey.arn())));

        WRITERS.put("static", new SymmetricStaticProvider(aesKey, macKey));
        WRITERS.put("wrapped", new WrappedMaterialsProvider(wrap.getPublic(), wrap.getPrivate(), macKey));
        WRITERS.put("kms", new DirectKmsMaterialProvider(kmsV1, dataKey.arn()));
        WRITERS.put("most-recent", new CachingMostRecentProvider(store, "accounts", 60_000));
        legacyKeys = LegacyKeys.combine(
                LegacyKeys.symmetricStatic(aesKey, macKey),
                LegacyKeys.wrapped(wrap.getPrivate(), macKey),
                LegacyKeys.directKms(kmsV2, dataKey.arn()),
                LegacyKeys.mostRecent(DDB, metaStore, LegacyKeys.directKms(kmsV2, metaKey.arn())));
    }

    @AfterAll
    static void stop() {
        if (kms != null) {
            kms.close();
        }
    }

    /** One application instance: the enhanced client (sync and async) with the table option of its version. */
    private record Instance(CofferExtension coffer, DynamoDbTable<Account> table, DynamoDbAsyncTable<Account> async) {
        Account get(String id) {
            return table.getItem(Key.builder().partitionValue(id).build());
        }

        Account getAsync(String id) {
            return async.getItem(Key.builder().partitionValue(id).build()).join();
        }
    }

    private static Instance instance(String tableName, Consumer<TableOptions.Builder> options) {
        CofferExtension coffer = CofferExtension.builder().materialsProvider(KEYS).table(tableName, options).build();
        return new Instance(coffer,
                DynamoDbEnhancedClient.builder().dynamoDbClient(DDB).extensions(coffer).build().table(tableName, SCHEMA),
                DynamoDbEnhancedAsyncClient.builder().dynamoDbClient(TestDynamo.asyncClient()).extensions(coffer).build()
                        .table(tableName, SCHEMA));
    }

    private static Map<String, AttributeValue> raw(String tableName, String id) {
        return DDB.getItem(r -> r.tableName(tableName).consistentRead(true).key(Map.of("id", AttributeValue.fromS(id))))
                .item();
    }

    private static Account account(int i) {
        return new Account("acct-" + i, "owner " + i + " 😀", 100L * i, "OPEN", 1_700_000_000L + i);
    }

    /** Writes {@code a} as the legacy client does, with {@code provider}, and returns what was stored. */
    private static Map<String, AttributeValue> writeLegacy(String tableName, EncryptionMaterialsProvider provider, Account a) {
        TableConfig legacyActions = TableConfig.builder().tableName(tableName).partitionKey("id")
                .action("status", CryptoAction.SIGN_ONLY).action("lastLogin", CryptoAction.DO_NOTHING)
                .materialsProvider(KEYS).build();
        Map<String, AttributeValue> stored = LegacyWriter.write(provider, legacyActions, SCHEMA.itemToMap(a, true));
        DDB.putItem(r -> r.tableName(tableName).item(stored));
        return stored;
    }

    private static String providerOf(int i) {
        return new ArrayList<>(WRITERS.keySet()).get(i / PER_PROVIDER);
    }

    @Test
    void legacyTable_realLegacyClientItems_readersThenWriters_reencryptWithLiveWriter_toCofferOnly() throws Exception {
        String t = TestDynamo.uniqueName("rollout-real-legacy");
        DynamoDbEnhancedClient.builder().dynamoDbClient(DDB).build().table(t, SCHEMA).createTable();
        int legacyItems = PER_PROVIDER * WRITERS.size();
        for (int i = 0; i < legacyItems; i++) {
            writeLegacy(t, WRITERS.get(providerOf(i)), account(i));
        }
        // Two legacy items someone changed without the keys: one signature bit flipped, one sign-only value changed.
        Map<String, AttributeValue> flipped = new HashMap<>(writeLegacy(t, WRITERS.get("kms"), account(900)));
        byte[] sig = flipped.get(LegacyItemReader.DEFAULT_SIGNATURE_ATTRIBUTE).b().asByteArray();
        sig[3] ^= 1;
        flipped.put(LegacyItemReader.DEFAULT_SIGNATURE_ATTRIBUTE, AttributeValue.fromB(SdkBytes.fromByteArray(sig)));
        DDB.putItem(r -> r.tableName(t).item(flipped));
        Map<String, AttributeValue> frozen = new HashMap<>(writeLegacy(t, WRITERS.get("static"), account(901)));
        frozen.put("status", AttributeValue.fromS("FROZEN"));
        DDB.putItem(r -> r.tableName(t).item(frozen));

        LegacyItemReader reader = LegacyItemReader.builder().keys(legacyKeys).build();

        // Step 1: every instance that only reads gets legacyReader(reader); READ_LEGACY_WRITE_COFFER is the default.
        Instance readerInstance = instance(t, o -> o.legacyReader(reader));
        for (int i = 0; i < legacyItems; i += 5) {
            assertThat(readerInstance.get("acct-" + i)).as(providerOf(i)).isEqualTo(account(i));
            assertThat(readerInstance.getAsync("acct-" + (i + 1))).as(providerOf(i) + ", async").isEqualTo(account(i + 1));
        }
        assertThat(readerInstance.coffer().tableConfig(t, SCHEMA).legacyPhase()).isEqualTo(LegacyPhase.READ_LEGACY_WRITE_COFFER);
        assertThatThrownBy(() -> readerInstance.get("acct-900")).isInstanceOf(IntegrityException.class)
                .isNotInstanceOf(MigrationPhaseException.class).hasMessageContaining(t);
        assertThatThrownBy(() -> readerInstance.getAsync("acct-901")).hasRootCauseInstanceOf(IntegrityException.class);
        // The same reader without the extension: core's ItemEncryptor with TableConfig.legacyReader.
        ItemEncryptor encryptor = ItemEncryptor.create(TableConfig.builder().tableName(t).partitionKey("id")
                .action("status", CryptoAction.SIGN_ONLY).action("lastLogin", CryptoAction.DO_NOTHING)
                .materialsProvider(KEYS).legacyReader(reader).build());
        for (int i = 2; i < legacyItems; i += PER_PROVIDER) {
            assertThat(encryptor.decrypt(raw(t, "acct-" + i))).as(providerOf(i))
                    .isEqualTo(SCHEMA.itemToMap(account(i), true));
        }

        // Step 2: the writers switch (one cut-over). Full writes replace legacy items with Coffer items.
        Instance writer = instance(t, o -> o.legacyReader(reader));
        writer.table().putItem(account(500));
        Account changed = account(4);
        changed.setStatus("CLOSED");
        writer.table().updateItem(changed);
        assertThat(readerInstance.get("acct-500")).isEqualTo(account(500));
        assertThat(readerInstance.getAsync("acct-4")).isEqualTo(changed);
        assertThat(raw(t, "acct-4")).containsKey(ItemEncryptor.HEADER_ATTRIBUTE)
                .doesNotContainKeys(LegacyItemReader.DEFAULT_SIGNATURE_ATTRIBUTE, LegacyItemReader.DEFAULT_DESCRIPTION_ATTRIBUTE);
        Account login = new Account();
        login.setId("acct-5");
        login.setLastLogin(7L);
        assertThatThrownBy(() -> writer.table().updateItem(r -> r.item(login).ignoreNullsMode(IgnoreNullsMode.SCALAR_ONLY)))
                .as("a partial update of a legacy item waits for the re-encryptor").isInstanceOf(ConditionalCheckFailedException.class);

        // Step 3: the re-encryptor with the writers' configuration (legacy reader included), while a writer keeps
        // writing Coffer items through the extension.
        Map<String, Account> lastWritten = new ConcurrentHashMap<>();
        lastWritten.put("acct-4", changed);
        lastWritten.put("acct-500", account(500));
        Object writeLock = new Object();
        AtomicInteger liveWrites = new AtomicInteger();
        Consumer<Random> liveWrite = random -> {
            int i = random.nextInt(legacyItems);
            Account a = account(i);
            a.setOwner("live write " + liveWrites.incrementAndGet());
            synchronized (writeLock) { // so lastWritten holds the last write of each item
                writer.table().putItem(a);
                lastWritten.put(a.getId(), a);
            }
        };
        AtomicBoolean done = new AtomicBoolean();
        Thread live = new Thread(() -> {
            Random random = new Random(1);
            while (!done.get()) {
                liveWrite.accept(random);
            }
        }, "live-writer");
        List<SkippedItem> reported = new CopyOnWriteArrayList<>();
        Random inListener = new Random(2);
        TableConfig writersConfig = writer.coffer().tableConfig(t, SCHEMA);
        ReEncryptionSummary summary;
        live.start();
        try {
            summary = ReEncryptor.builder().dynamoDbClient(DDB).tableConfig(writersConfig).segments(3).pageSize(10)
                    .listener(new ReEncryptionListener() {
                        @Override
                        public void failed(SkippedItem item) {
                            reported.add(item);
                        }

                        @Override
                        public void rewritten(Map<String, AttributeValue> key) {
                            // Writes between the re-encryptor's reads and its conditional puts, whatever the scheduler does.
                            synchronized (inListener) {
                                liveWrite.accept(inListener);
                            }
                        }
                    }).build().run();
        } finally {
            done.set(true);
            live.join();
        }

        assertThat(summary.complete()).isTrue();
        assertThat(summary.failed()).isEqualTo(2);
        assertThat(reported).extracting(s -> s.primaryKey().get("id").s()).containsExactlyInAnyOrder("acct-900", "acct-901");
        assertThat(reported).allSatisfy(s -> assertThat(s.reason()).isInstanceOf(IntegrityException.class));
        assertThat(raw(t, "acct-900")).as("left untouched").isEqualTo(flipped);
        assertThat(raw(t, "acct-901")).as("left untouched").isEqualTo(frozen);
        assertThat(liveWrites.get()).isGreaterThan(0);
        List<Map<String, AttributeValue>> all = DDB.scan(r -> r.tableName(t).consistentRead(true)).items();
        assertThat(all).hasSize(legacyItems + 3);
        for (Map<String, AttributeValue> item : all) {
            String id = item.get("id").s();
            if (!id.equals("acct-900") && !id.equals("acct-901")) {
                assertThat(item).as(id).containsKey(ItemEncryptor.HEADER_ATTRIBUTE)
                        .doesNotContainKeys(LegacyItemReader.DEFAULT_SIGNATURE_ATTRIBUTE, LegacyItemReader.DEFAULT_DESCRIPTION_ATTRIBUTE);
            }
        }
        for (int i = 0; i < legacyItems; i++) {
            String id = "acct-" + i;
            assertThat(writer.get(id)).as(id + ": the last live write survived, or the legacy item's plaintext")
                    .isEqualTo(lastWritten.getOrDefault(id, account(i)));
        }

        // "The summary says 0 failed": the operator deals with the reported items (here: deletes them), runs again.
        DDB.deleteItem(r -> r.tableName(t).key(Map.of("id", AttributeValue.fromS("acct-900"))));
        DDB.deleteItem(r -> r.tableName(t).key(Map.of("id", AttributeValue.fromS("acct-901"))));
        ReEncryptionSummary again = ReEncryptor.builder().dynamoDbClient(DDB).tableConfig(writersConfig).build().run();
        assertThat(again.failed()).isZero();
        assertThat(again.rewritten()).isZero();
        assertThat(again.alreadyCurrent()).isEqualTo(legacyItems + 1);
        writer.table().updateItem(r -> r.item(login).ignoreNullsMode(IgnoreNullsMode.SCALAR_ONLY));

        // Step 4: legacyPhase(COFFER_ONLY): every item reads; a legacy item (an old backup, someone with the old keys)
        // is refused, with the phase named.
        Instance done4 = instance(t, o -> o.legacyReader(reader).legacyPhase(LegacyPhase.COFFER_ONLY));
        List<Account> scanned = done4.table().scan().items().stream().toList();
        assertThat(scanned).hasSize(legacyItems + 1);
        assertThat(done4.getAsync("acct-5").getLastLogin()).isEqualTo(7L);
        writeLegacy(t, WRITERS.get("most-recent"), account(7));
        assertThatThrownBy(() -> done4.get("acct-7")).isInstanceOfSatisfying(MigrationPhaseException.class, e -> {
            assertThat(e.phase()).isEqualTo(LegacyPhase.COFFER_ONLY);
            assertThat(e.itemKind()).isEqualTo(ItemKind.LEGACY);
            assertThat(e.getMessage()).contains(t, "COFFER_ONLY");
        });
        assertThatThrownBy(() -> done4.getAsync("acct-7")).hasRootCauseInstanceOf(MigrationPhaseException.class);
        ItemEncryptor cofferOnly = ItemEncryptor.create(encryptor.config().toBuilder().legacyPhase(LegacyPhase.COFFER_ONLY).build());
        assertThatThrownBy(() -> cofferOnly.decrypt(raw(t, "acct-7"))).isInstanceOf(MigrationPhaseException.class)
                .hasMessageContaining("COFFER_ONLY");
    }

    @Test
    void legacyReader_tableWithLogicalName_checksLegacySignaturesAgainstThePhysicalName() {
        // The legacy client signs the table name it wrote to; a Coffer logical name (new to this table) does not
        // change what legacy items were signed with.
        String t = TestDynamo.uniqueName("rollout-logical");
        DynamoDbEnhancedClient.builder().dynamoDbClient(DDB).build().table(t, SCHEMA).createTable();
        writeLegacy(t, WRITERS.get("static"), account(1));
        LegacyItemReader reader = LegacyItemReader.builder().keys(legacyKeys).build();
        TableConfig.Builder config = TableConfig.builder().tableName(t).logicalTableName("accounts").partitionKey("id")
                .action("status", CryptoAction.SIGN_ONLY).action("lastLogin", CryptoAction.DO_NOTHING)
                .materialsProvider(KEYS).legacyReader(reader);
        assertThat(ItemEncryptor.create(config.build()).decrypt(raw(t, "acct-1")))
                .isEqualTo(SCHEMA.itemToMap(account(1), true));

        // Restored under another name: the reader is told the name the legacy client wrote with.
        String restored = TestDynamo.uniqueName("rollout-restored");
        DynamoDbEnhancedClient.builder().dynamoDbClient(DDB).build().table(restored, SCHEMA).createTable();
        DDB.putItem(r -> r.tableName(restored).item(raw(t, "acct-1")));
        TableConfig.Builder restoredConfig = config.tableName(restored);
        assertThatThrownBy(() -> ItemEncryptor.create(restoredConfig.build()).decrypt(raw(restored, "acct-1")))
                .isInstanceOf(IntegrityException.class);
        TableConfig told = restoredConfig.legacyReader(reader.toBuilder().signedTableName(t).build()).build();
        assertThat(ItemEncryptor.create(told).decrypt(raw(restored, "acct-1"))).isEqualTo(SCHEMA.itemToMap(account(1), true));
    }
}
