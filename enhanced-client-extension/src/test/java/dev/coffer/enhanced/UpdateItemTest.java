package dev.coffer.enhanced;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.ItemEncryptor;
import dev.coffer.InvalidItemException;
import dev.coffer.enhanced.testing.Device;
import dev.coffer.enhanced.testing.Keys;
import dev.coffer.enhanced.testing.LocalDynamo;
import dev.coffer.enhanced.testing.Session;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.UpdateBehavior;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbUpdateBehavior;
import software.amazon.awssdk.enhanced.dynamodb.model.IgnoreNullsMode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** What updateItem sends once Coffer has seen the item: full updates, partial ones, and the edges. */
class UpdateItemTest {
    @RegisterExtension
    static final LocalDynamo DYNAMO = new LocalDynamo();

    private final CofferExtension coffer = CofferExtension.create(Keys.staticProvider());
    private String tableName;
    private DynamoDbTable<Session> sessions;

    @BeforeEach
    void createTable() {
        tableName = LocalDynamo.uniqueName("sessions");
        sessions = DYNAMO.enhanced(coffer).table(tableName, TableSchema.fromBean(Session.class));
        LocalDynamo.createSessionTable(sessions);
    }

    private Map<String, AttributeValue> raw(String userId, String sessionId) {
        return DYNAMO.client().getItem(r -> r.tableName(tableName).key(Map.of("userId", AttributeValue.fromS(userId),
                "sessionId", AttributeValue.fromS(sessionId)))).item();
    }

    private static Session keysOnly(String userId, String sessionId) {
        Session s = new Session();
        s.setUserId(userId);
        s.setSessionId(sessionId);
        return s;
    }

    @Test
    void scalarOnlyNestedUpdateOfEncryptedBean_throwsBeforeSending() {
        sessions.putItem(Session.sample("alice", "s1"));
        Map<String, AttributeValue> before = raw("alice", "s1");
        Session partial = keysOnly("alice", "s1");
        partial.setDevice(new Device("new-model", null));

        assertThatThrownBy(() -> sessions.updateItem(r -> r.item(partial).ignoreNullsMode(IgnoreNullsMode.SCALAR_ONLY)))
                .isInstanceOf(InvalidItemException.class)
                .hasMessageContaining("[device]")
                .hasMessageContaining("SCALAR_ONLY");
        assertThat(raw("alice", "s1")).isEqualTo(before);
    }

    @Test
    void ignoreNullsWithEveryAttributeSet_isAFullWrite() {
        sessions.putItem(Session.sample("alice", "s1"));
        Session all = Session.sample("alice", "s1");
        all.setStatus("REVOKED");

        Session returned = sessions.updateItem(r -> r.item(all).ignoreNullsMode(IgnoreNullsMode.MAPS_ONLY));

        assertThat(returned).isEqualTo(all);
        assertThat(sessions.getItem(Key.builder().partitionValue("alice").sortValue("s1").build())).isEqualTo(all);
    }

    @Test
    void partialDoNothingUpdate_onMissingItem_isRefusedByConditionAndCreatesNothing() {
        Session partial = keysOnly("ghost", "s0");
        partial.setLastSeen(1L);

        assertThatThrownBy(() -> sessions.updateItem(r -> r.item(partial).ignoreNullsMode(IgnoreNullsMode.MAPS_ONLY)))
                .isInstanceOf(ConditionalCheckFailedException.class);
        assertThat(raw("ghost", "s0")).isEmpty();
    }

    @Test
    void fullUpdate_onMissingItem_createsAProtectedItem() {
        Session s = Session.sample("alice", "new");

        sessions.updateItem(s);

        assertThat(raw("alice", "new")).containsKeys(ItemEncryptor.HEADER_ATTRIBUTE, ItemEncryptor.SIGNATURE_ATTRIBUTE);
        assertThat(sessions.getItem(s)).isEqualTo(s);
    }

    @DynamoDbBean
    public static class Created {
        private String id;
        private String createdBy;

        @DynamoDbPartitionKey
        public String getId() {
            return id;
        }

        public void setId(String id) {
            this.id = id;
        }

        @DynamoDbUpdateBehavior(UpdateBehavior.WRITE_IF_NOT_EXISTS)
        public String getCreatedBy() {
            return createdBy;
        }

        public void setCreatedBy(String createdBy) {
            this.createdBy = createdBy;
        }
    }

    @Test
    void writeIfNotExistsOnSignedAttribute_updateThrows_putWorks() {
        DynamoDbTable<Created> created = DYNAMO.enhanced(coffer).table(LocalDynamo.uniqueName("created"),
                TableSchema.fromBean(Created.class));
        created.createTable();
        Created c = new Created();
        c.setId("c1");
        c.setCreatedBy("alice");
        created.putItem(c);

        assertThatThrownBy(() -> created.updateItem(c))
                .isInstanceOf(InvalidItemException.class)
                .hasMessageContaining("'createdBy'")
                .hasMessageContaining("WRITE_IF_NOT_EXISTS");
        assertThat(created.getItem(c).getCreatedBy()).isEqualTo("alice");
    }
}
