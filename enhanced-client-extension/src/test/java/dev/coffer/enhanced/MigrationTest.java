package dev.coffer.enhanced;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.CryptoAction;
import dev.coffer.IntegrityException;
import dev.coffer.ItemEncryptor;
import dev.coffer.TableConfig;
import dev.coffer.enhanced.testing.Keys;
import dev.coffer.enhanced.testing.LocalDynamo;
import dev.coffer.enhanced.testing.Session;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Turning encryption on for a table that already holds plaintext items, following the steps of
 * docs/enhanced-client.md, "Migrating a plaintext table".
 */
class MigrationTest {
    @RegisterExtension
    static final LocalDynamo DYNAMO = new LocalDynamo();

    private String tableName;
    private DynamoDbTable<Session> plaintext;

    @BeforeEach
    void writePlaintextTable() {
        tableName = LocalDynamo.uniqueName("legacy");
        plaintext = DYNAMO.enhanced().table(tableName, TableSchema.fromBean(Session.class));
        LocalDynamo.createSessionTable(plaintext);
        for (int i = 0; i < 3; i++) {
            plaintext.putItem(Session.sample("user" + i, "s" + i));
        }
    }

    private DynamoDbTable<Session> table(boolean allowPlaintextReads) {
        CofferExtension coffer = CofferExtension.builder().materialsProvider(Keys.staticProvider())
                .table(tableName, o -> o.allowPlaintextReads(allowPlaintextReads)).build();
        return DYNAMO.enhanced(coffer).table(tableName, TableSchema.fromBean(Session.class));
    }

    private static Key key(int i) {
        return Key.builder().partitionValue("user" + i).sortValue("s" + i).build();
    }

    @Test
    void plaintextItem_byDefault_throwsIntegrityExceptionPointingToTheMigrationGuide() {
        assertThatThrownBy(() -> table(false).getItem(key(0)))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining("no Coffer header")
                .hasMessageContaining("allowPlaintextReads(true)")
                .hasMessageContaining("Migrating a plaintext table");
    }

    @Test
    void plaintextItem_duringMigration_readsAsIs_newWritesAreEncrypted() {
        DynamoDbTable<Session> migrating = table(true);
        Session old = plaintext.getItem(key(0));

        assertThat(migrating.getItem(key(0))).isEqualTo(old);
        Session fresh = Session.sample("user9", "s9");
        migrating.putItem(fresh);
        assertThat(plaintextRaw("user9", "s9")).containsKey(ItemEncryptor.HEADER_ATTRIBUTE);
        assertThat(migrating.scan().items().stream().toList()).hasSize(4).contains(old, fresh);
    }

    @Test
    void duringMigration_itemWithSignatureButNoHeader_stillFails() {
        DynamoDbTable<Session> migrating = table(true);
        migrating.putItem(Session.sample("user9", "s9"));
        Map<String, AttributeValue> raw = new HashMap<>(plaintextRaw("user9", "s9"));
        raw.remove(ItemEncryptor.HEADER_ATTRIBUTE);
        DYNAMO.client().putItem(r -> r.tableName(tableName).item(raw));

        assertThatThrownBy(() -> migrating.getItem(Key.builder().partitionValue("user9").sortValue("s9").build()))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining("no header");
    }

    @Test
    void duringMigration_partialDoNothingUpdate_ofPlaintextItemWorks_ofEncryptedItemNeedsTheUnsignedList() {
        DynamoDbTable<Session> migrating = table(true);
        Session lastSeen = new Session();
        lastSeen.setUserId("user0");
        lastSeen.setSessionId("s0");
        lastSeen.setLastSeen(5L);

        migrating.updateItem(r -> r.item(lastSeen).ignoreNulls(true));
        assertThat(migrating.getItem(key(0)).getLastSeen()).isEqualTo(5L);

        // An encrypted item without coffer_unsigned (written by core alone) is refused, even in migration mode.
        Session s9 = Session.sample("user9", "s9");
        ItemEncryptor core = ItemEncryptor.create(TableConfig.builder().tableName(tableName).partitionKey("userId")
                .sortKey("sessionId").action("status", CryptoAction.SIGN_ONLY).action("expiresAt", CryptoAction.SIGN_ONLY)
                .action("lastSeen", CryptoAction.DO_NOTHING).materialsProvider(Keys.staticProvider()).build());
        DYNAMO.client().putItem(r -> r.tableName(tableName).item(core.encrypt(migrating.tableSchema().itemToMap(s9, true))));
        lastSeen.setUserId("user9");
        lastSeen.setSessionId("s9");
        assertThatThrownBy(() -> migrating.updateItem(r -> r.item(lastSeen).ignoreNulls(true)))
                .isInstanceOf(ConditionalCheckFailedException.class);
        assertThat(migrating.getItem(Key.builder().partitionValue("user9").sortValue("s9").build())).isEqualTo(s9);
    }

    @Test
    void migrationSteps_rewriteEveryPlaintextItem_thenStrictReadsSucceed() {
        List<Session> before = List.of(plaintext.getItem(key(0)), plaintext.getItem(key(1)), plaintext.getItem(key(2)));
        DynamoDbTable<Session> migrating = table(true);

        // Step 2 of the guide: find plaintext items, re-write each through Coffer unless a
        // concurrent writer already did.
        Expression stillPlaintext = Expression.builder().expression("attribute_not_exists(#h)")
                .expressionNames(Map.of("#h", ItemEncryptor.HEADER_ATTRIBUTE)).build();
        List<Map<String, AttributeValue>> keys = DYNAMO.client().scanPaginator(r -> r.tableName(tableName)
                        .filterExpression("attribute_not_exists(#h)")
                        .expressionAttributeNames(Map.of("#h", ItemEncryptor.HEADER_ATTRIBUTE))
                        .projectionExpression("userId, sessionId"))
                .items().stream().toList();
        for (Map<String, AttributeValue> k : keys) {
            Session s = migrating.getItem(Key.builder().partitionValue(k.get("userId")).sortValue(k.get("sessionId"))
                    .build());
            migrating.putItem(r -> r.item(s).conditionExpression(stillPlaintext));
        }

        assertThat(keys).hasSize(3);
        DynamoDbTable<Session> strict = table(false);
        for (int i = 0; i < 3; i++) {
            assertThat(plaintextRaw("user" + i, "s" + i)).containsKey(ItemEncryptor.HEADER_ATTRIBUTE);
            assertThat(strict.getItem(key(i))).isEqualTo(before.get(i));
        }
        assertThat(strict.scan().items().stream().toList()).hasSize(3);
    }

    private Map<String, AttributeValue> plaintextRaw(String userId, String sessionId) {
        return DYNAMO.client().getItem(r -> r.tableName(tableName).key(Map.of("userId", AttributeValue.fromS(userId),
                "sessionId", AttributeValue.fromS(sessionId)))).item();
    }
}
