package dev.coffer.enhanced;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.CryptoAction;
import dev.coffer.IntegrityException;
import dev.coffer.ItemEncryptor;
import dev.coffer.SkippedItem;
import dev.coffer.TableConfig;
import dev.coffer.enhanced.testing.DynaliteConditionFailures;
import dev.coffer.enhanced.testing.Keys;
import dev.coffer.enhanced.testing.LocalDynamo;
import dev.coffer.enhanced.testing.Session;
import dev.coffer.migration.ItemKind;
import dev.coffer.migration.LegacyPhase;
import dev.coffer.migration.MigrationPhaseException;
import dev.coffer.migration.PlaintextPhase;
import dev.coffer.testing.TestLegacyFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.ReadBatch;
import software.amazon.awssdk.enhanced.dynamodb.model.WriteBatch;
import software.amazon.awssdk.enhanced.dynamodb.model.IgnoreNullsMode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The migration phases in the extension (docs/migration.md): a plaintext table through its three
 * phases and a legacy table through its two, on the test engine, with puts, full and partial
 * updates, batch writes and reads, scans that skip unverified items, and the one-line option that
 * changes phase. The whole rollout with the re-encryptor runs in coffer-reencryptor's RolloutTest.
 */
class MigrationTest {
    @RegisterExtension
    static final LocalDynamo DYNAMO = new LocalDynamo();
    private static final TableSchema<Session> SCHEMA = TableSchema.fromBean(Session.class);
    private static final TestLegacyFormat LEGACY = TestLegacyFormat.withTestKey();

    private String tableName;
    private DynamoDbTable<Session> withoutCoffer;

    @BeforeEach
    void writePlaintextTable() {
        tableName = LocalDynamo.uniqueName("migrating");
        withoutCoffer = DYNAMO.enhanced().table(tableName, SCHEMA);
        LocalDynamo.createSessionTable(withoutCoffer);
        for (int i = 0; i < 3; i++) {
            withoutCoffer.putItem(Session.sample("user" + i, "s" + i));
        }
    }

    private CofferExtension coffer(Consumer<TableOptions.Builder> options) {
        return CofferExtension.builder().materialsProvider(Keys.staticProvider()).table(tableName, options).build();
    }

    private DynamoDbTable<Session> table(Consumer<TableOptions.Builder> options) {
        return DYNAMO.enhanced(coffer(options)).table(tableName, SCHEMA);
    }

    private DynamoDbTable<Session> plaintextPhase(PlaintextPhase phase) {
        return table(o -> o.plaintextPhase(phase));
    }

    private static Key key(int i) {
        return Key.builder().partitionValue("user" + i).sortValue("s" + i).build();
    }

    private Map<String, AttributeValue> raw(int i) {
        return DYNAMO.client().getItem(r -> r.tableName(tableName).consistentRead(true).key(Map.of(
                "userId", AttributeValue.fromS("user" + i), "sessionId", AttributeValue.fromS("s" + i)))).item();
    }

    private static Session lastSeen(int i, long value) {
        Session s = new Session();
        s.setUserId("user" + i);
        s.setSessionId("s" + i);
        s.setLastSeen(value);
        return s;
    }

    // ------------------------------------------------------------------------------------------
    // Plaintext tables
    // ------------------------------------------------------------------------------------------

    @Test
    void plaintextItem_encryptedOnly_throwsMigrationPhaseExceptionNamingPhaseAndGuide() {
        assertThatThrownBy(() -> plaintextPhase(PlaintextPhase.ENCRYPTED_ONLY).getItem(key(0)))
                .isInstanceOfSatisfying(MigrationPhaseException.class, e -> {
                    assertThat(e.itemKind()).isEqualTo(ItemKind.PLAINTEXT);
                    assertThat(e.phase()).isEqualTo(PlaintextPhase.ENCRYPTED_ONLY);
                })
                .hasMessageContaining("table '" + tableName + "'")
                .hasMessageContaining("no Coffer header")
                .hasMessageContaining("plaintextPhase(WRITE_ENCRYPTED_READ_BOTH)")
                .hasMessageContaining("docs/migration.md");
        assertThatThrownBy(() -> table(o -> { }).scan().items().stream().toList())
                .as("the default is ENCRYPTED_ONLY").isInstanceOf(MigrationPhaseException.class);
    }

    @Test
    void writePlaintextReadBoth_putsAndBatchWritesStayPlaintext_readsCofferItemsToo() {
        DynamoDbTable<Session> phase1 = plaintextPhase(PlaintextPhase.WRITE_PLAINTEXT_READ_BOTH);
        DynamoDbTable<Session> phase2 = plaintextPhase(PlaintextPhase.WRITE_ENCRYPTED_READ_BOTH);
        Session byOldWriter = Session.sample("user5", "s5");
        Session byNewWriter = Session.sample("user6", "s6");

        phase1.putItem(byOldWriter);
        phase2.putItem(byNewWriter);
        DynamoDbEnhancedClient client = DYNAMO.enhanced(coffer(o -> o.plaintextPhase(PlaintextPhase.WRITE_PLAINTEXT_READ_BOTH)));
        client.batchWriteItem(r -> r.addWriteBatch(WriteBatch.builder(Session.class).mappedTableResource(phase1)
                .addPutItem(Session.sample("user7", "s7")).build()));

        assertThat(withoutCoffer.getItem(Key.builder().partitionValue("user5").sortValue("s5").build()))
                .as("readers still on the old version read what phase 1 writes").isEqualTo(byOldWriter);
        assertThat(DYNAMO.client().getItem(r -> r.tableName(tableName).key(Map.of("userId", AttributeValue.fromS("user7"),
                "sessionId", AttributeValue.fromS("s7")))).item()).doesNotContainKey(ItemEncryptor.HEADER_ATTRIBUTE);
        assertThat(phase1.getItem(Key.builder().partitionValue("user6").sortValue("s6").build())).isEqualTo(byNewWriter);
        assertThat(phase1.scan().items().stream().toList()).hasSize(6).contains(byOldWriter, byNewWriter);
        List<Session> batch = new ArrayList<>();
        client.batchGetItem(r -> r.addReadBatch(ReadBatch.builder(Session.class).mappedTableResource(phase1)
                .addGetItem(key(0)).addGetItem(Key.builder().partitionValue("user6").sortValue("s6").build()).build()))
                .resultsForTable(phase1).forEach(batch::add);
        assertThat(batch).hasSize(2).contains(byNewWriter);
    }

    @Test
    void writePlaintext_fullUpdateOfACofferItem_writesItPlaintext_withoutTheHeader() {
        DynamoDbTable<Session> phase2 = plaintextPhase(PlaintextPhase.WRITE_ENCRYPTED_READ_BOTH);
        Session s = Session.sample("user0", "s0");
        phase2.putItem(s);
        assertThat(raw(0)).containsKey(ItemEncryptor.HEADER_ATTRIBUTE);

        // A writer rolled back to phase 1 updates the item whole.
        s.setStatus("REVOKED");
        plaintextPhase(PlaintextPhase.WRITE_PLAINTEXT_READ_BOTH).updateItem(s);

        assertThat(raw(0)).doesNotContainKeys(ItemEncryptor.HEADER_ATTRIBUTE, ItemEncryptor.SIGNATURE_ATTRIBUTE,
                CofferExtension.UNSIGNED_ATTRIBUTE);
        assertThat(phase2.getItem(key(0))).isEqualTo(s);
    }

    @Test
    void writePlaintext_partialUpdate_changesPlaintextItems_neverCofferItems() {
        DynamoDbTable<Session> phase1 = plaintextPhase(PlaintextPhase.WRITE_PLAINTEXT_READ_BOTH);
        Session status = new Session();
        status.setUserId("user0");
        status.setSessionId("s0");
        status.setStatus("REVOKED");

        phase1.updateItem(r -> r.item(status).ignoreNullsMode(IgnoreNullsMode.SCALAR_ONLY));
        assertThat(phase1.getItem(key(0)).getStatus()).isEqualTo("REVOKED");

        Session encrypted = Session.sample("user1", "s1");
        plaintextPhase(PlaintextPhase.WRITE_ENCRYPTED_READ_BOTH).putItem(encrypted);
        status.setUserId("user1");
        status.setSessionId("s1");
        assertThatThrownBy(() -> phase1.updateItem(r -> r.item(status).ignoreNullsMode(IgnoreNullsMode.SCALAR_ONLY)))
                .isInstanceOf(ConditionalCheckFailedException.class);
        assertThat(phase1.getItem(key(1))).as("the Coffer item is untouched and still verifies").isEqualTo(encrypted);
    }

    @Test
    void writePlaintext_partialUpdateRefusedOnACofferItem_exceptionSaysWhy_withTheInterceptor() {
        plaintextPhase(PlaintextPhase.WRITE_ENCRYPTED_READ_BOTH).putItem(Session.sample("user1", "s1"));
        CofferExtension phase1 = coffer(o -> o.plaintextPhase(PlaintextPhase.WRITE_PLAINTEXT_READ_BOTH));
        phase1.tableConfig(tableName, SCHEMA);
        Session status = new Session();
        status.setUserId("user1");
        status.setSessionId("s1");
        status.setStatus("REVOKED");
        // DynaliteConditionFailures adds the stored item DynamoDB returns in the exception and dynalite leaves out.
        try (DynamoDbClient ddb = DYNAMO.client(o -> o.addExecutionInterceptor(phase1.executionInterceptor())
                .addExecutionInterceptor(new DynaliteConditionFailures()))) {
            DynamoDbTable<Session> t = DynamoDbEnhancedClient.builder().dynamoDbClient(ddb).extensions(phase1).build()
                    .table(tableName, SCHEMA);

            assertThatThrownBy(() -> t.updateItem(r -> r.item(status).ignoreNullsMode(IgnoreNullsMode.SCALAR_ONLY)))
                    .isInstanceOf(ConditionalCheckFailedException.class)
                    .hasMessageContaining("plaintext phase WRITE_PLAINTEXT_READ_BOTH")
                    .hasMessageContaining("the stored item is a Coffer item")
                    .hasMessageContaining("docs/migration.md");
        }
    }

    @Test
    void writeEncryptedReadBoth_partialDoNothingUpdate_ofPlaintextItemWorks_ofEncryptedItemNeedsTheUnsignedList() {
        DynamoDbTable<Session> phase2 = plaintextPhase(PlaintextPhase.WRITE_ENCRYPTED_READ_BOTH);

        phase2.updateItem(r -> r.item(lastSeen(0, 5L)).ignoreNulls(true));
        assertThat(phase2.getItem(key(0)).getLastSeen()).isEqualTo(5L);

        // An encrypted item without coffer_unsigned (written by core alone) is refused, even while reading both.
        Session s9 = Session.sample("user9", "s9");
        ItemEncryptor core = ItemEncryptor.create(TableConfig.builder().tableName(tableName).partitionKey("userId")
                .sortKey("sessionId").action("status", CryptoAction.SIGN_ONLY).action("expiresAt", CryptoAction.SIGN_ONLY)
                .action("lastSeen", CryptoAction.DO_NOTHING).materialsProvider(Keys.staticProvider()).build());
        DYNAMO.client().putItem(r -> r.tableName(tableName).item(core.encrypt(phase2.tableSchema().itemToMap(s9, true))));
        Session update = lastSeen(0, 6L);
        update.setUserId("user9");
        update.setSessionId("s9");
        assertThatThrownBy(() -> phase2.updateItem(r -> r.item(update).ignoreNulls(true)))
                .isInstanceOf(ConditionalCheckFailedException.class);
        assertThat(phase2.getItem(Key.builder().partitionValue("user9").sortValue("s9").build())).isEqualTo(s9);
    }

    @Test
    void readBoth_itemWithSignatureButNoHeader_stillFails() {
        DynamoDbTable<Session> phase2 = plaintextPhase(PlaintextPhase.WRITE_ENCRYPTED_READ_BOTH);
        phase2.putItem(Session.sample("user9", "s9"));
        Map<String, AttributeValue> raw = new HashMap<>(DYNAMO.client().getItem(r -> r.tableName(tableName).key(Map.of(
                "userId", AttributeValue.fromS("user9"), "sessionId", AttributeValue.fromS("s9")))).item());
        raw.remove(ItemEncryptor.HEADER_ATTRIBUTE);
        DYNAMO.client().putItem(r -> r.tableName(tableName).item(raw));

        assertThatThrownBy(() -> phase2.getItem(Key.builder().partitionValue("user9").sortValue("s9").build()))
                .isInstanceOf(IntegrityException.class)
                .isNotInstanceOf(MigrationPhaseException.class)
                .hasMessageContaining("no header");
    }

    // ------------------------------------------------------------------------------------------
    // Legacy tables (a stand-in legacy format; the real one is coffer-legacy)
    // ------------------------------------------------------------------------------------------

    /** Replaces item {@code i} with the same session as the legacy client would store it. */
    private Session legacyItem(int i) {
        Session s = Session.sample("user" + i, "s" + i);
        Map<String, AttributeValue> plain = SCHEMA.itemToMap(s, true);
        DYNAMO.client().putItem(r -> r.tableName(tableName).item(LEGACY.write(plain, tableName)));
        return s;
    }

    @Test
    void legacyReader_readsLegacyItems_writesCoffer_fullUpdateDropsTheLegacyAttributes() {
        Session legacy = legacyItem(0);
        DynamoDbTable<Session> migrating = table(o -> o.legacyReader(LEGACY));

        assertThat(migrating.getItem(key(0))).isEqualTo(legacy);
        legacy.setStatus("REVOKED");
        migrating.updateItem(legacy);

        assertThat(raw(0)).containsKey(ItemEncryptor.HEADER_ATTRIBUTE)
                .doesNotContainKeys(TestLegacyFormat.SIGNATURE, TestLegacyFormat.DESCRIPTION);
        assertThat(table(o -> o.legacyReader(LEGACY).legacyPhase(LegacyPhase.COFFER_ONLY)).getItem(key(0)))
                .isEqualTo(legacy);
    }

    @Test
    void legacyReader_tamperedLegacyItem_isRefused_partialUpdateOfLegacyItem_isRefused() {
        legacyItem(0);
        Map<String, AttributeValue> tampered = new HashMap<>(raw(0));
        tampered.put("status", AttributeValue.fromS("ADMIN"));
        DYNAMO.client().putItem(r -> r.tableName(tableName).item(tampered));
        legacyItem(1);
        DynamoDbTable<Session> migrating = table(o -> o.legacyReader(LEGACY));

        assertThatThrownBy(() -> migrating.getItem(key(0))).isInstanceOf(IntegrityException.class)
                .hasMessageContaining("test legacy signature does not verify");
        assertThatThrownBy(() -> migrating.updateItem(r -> r.item(lastSeen(1, 9L)).ignoreNulls(true)))
                .as("a legacy item is written whole (or re-encrypted) before partial updates")
                .isInstanceOf(ConditionalCheckFailedException.class);
    }

    @Test
    void cofferOnly_skipUnverifiedScan_skipsAndReportsLegacyItems_getItemThrows() {
        Session legacy = legacyItem(0);
        Session coffer = Session.sample("user1", "s1");
        List<SkippedItem> skipped = new ArrayList<>();
        CofferExtension done = coffer(o -> o.legacyReader(LEGACY).legacyPhase(LegacyPhase.COFFER_ONLY)
                .plaintextPhase(PlaintextPhase.WRITE_ENCRYPTED_READ_BOTH).skipUnverifiedItems(skipped::add));
        done.tableConfig(tableName, SCHEMA);
        try (DynamoDbClient ddb = DYNAMO.client(o -> o.addExecutionInterceptor(done.executionInterceptor()))) {
            DynamoDbTable<Session> t = DynamoDbEnhancedClient.builder().dynamoDbClient(ddb).extensions(done).build()
                    .table(tableName, SCHEMA);
            t.putItem(coffer);

            List<Session> read = t.scan().items().stream().toList();

            assertThat(read).hasSize(2).contains(coffer).doesNotContain(legacy);
            assertThat(skipped).singleElement().satisfies(x -> {
                assertThat(x.primaryKey()).containsEntry("userId", AttributeValue.fromS("user0"));
                assertThat(x.reason()).isInstanceOfSatisfying(MigrationPhaseException.class,
                        e -> assertThat(e.itemKind()).isEqualTo(ItemKind.LEGACY));
            });
            assertThatThrownBy(() -> t.getItem(key(0))).isInstanceOf(MigrationPhaseException.class)
                    .hasMessageContaining("COFFER_ONLY");
        }
    }
}
