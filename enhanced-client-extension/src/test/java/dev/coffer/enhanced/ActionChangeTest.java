package dev.coffer.enhanced;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.IntegrityException;
import dev.coffer.ItemEncryptor;
import dev.coffer.enhanced.testing.Keys;
import dev.coffer.enhanced.testing.LocalDynamo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * An action changed from signed to {@code @DoNothing} between two releases of an application, with
 * items of both releases in one table: a partial {@code updateItem} must never leave an item
 * unreadable (issue 11, finding 1).
 */
class ActionChangeTest {
    @RegisterExtension
    static final LocalDynamo DYNAMO = new LocalDynamo();

    private static final Key KEY = Key.builder().partitionValue("n1").build();
    private final CofferExtension coffer = CofferExtension.create(Keys.staticProvider());
    private String tableName;
    private DynamoDbTable<NoteV1> v1;
    private DynamoDbTable<NoteV2> v2;

    /** Release 1: {@code secret} and {@code note} are encrypted and signed (the default), {@code seen} unsigned. */
    @DynamoDbBean
    public static class NoteV1 {
        private String id;
        private String secret;
        private String note;
        private Long seen;

        @DynamoDbPartitionKey
        public String getId() {
            return id;
        }

        public void setId(String id) {
            this.id = id;
        }

        public String getSecret() {
            return secret;
        }

        public void setSecret(String secret) {
            this.secret = secret;
        }

        public String getNote() {
            return note;
        }

        public void setNote(String note) {
            this.note = note;
        }

        @DoNothing
        public Long getSeen() {
            return seen;
        }

        public void setSeen(Long seen) {
            this.seen = seen;
        }
    }

    /** Release 2: the same table, {@code note} now {@code @DoNothing}; everything else unchanged. */
    @DynamoDbBean
    public static class NoteV2 extends NoteV1 {
        @Override
        @DoNothing
        public String getNote() {
            return super.getNote();
        }
    }

    @BeforeEach
    void createTable() {
        tableName = LocalDynamo.uniqueName("notes");
        v1 = DYNAMO.enhanced(coffer).table(tableName, TableSchema.fromBean(NoteV1.class));
        v1.createTable();
        // The second release runs its own extension instance, as a redeployed application would.
        v2 = DYNAMO.enhanced(CofferExtension.create(Keys.staticProvider()))
                .table(tableName, TableSchema.fromBean(NoteV2.class));
    }

    private Map<String, AttributeValue> raw() {
        return DYNAMO.client().getItem(r -> r.tableName(tableName).key(Map.of("id", AttributeValue.fromS("n1")))).item();
    }

    /** A partial update: only the note is set, so the write does not cover the signed {@code secret}. */
    private static NoteV2 edit(String note) {
        NoteV2 n = new NoteV2();
        n.setId("n1");
        n.setNote(note);
        return n;
    }

    private NoteV1 writeWithRelease1() {
        NoteV1 old = new NoteV1();
        old.setId("n1");
        old.setSecret("s3cret");
        old.setNote("written by release 1");
        old.setSeen(1L);
        v1.putItem(old);
        return old;
    }

    @Test
    void partialUpdate_ofAttributeTheStoredItemSigns_isRefusedByCondition_andTheItemStaysReadable() {
        writeWithRelease1();
        Map<String, AttributeValue> before = raw();
        assertThat(before.get(CofferExtension.UNSIGNED_ATTRIBUTE).ss()).containsExactly("seen");

        assertThatThrownBy(() -> v2.updateItem(r -> r.item(edit("edited")).ignoreNulls(true)))
                .isInstanceOf(ConditionalCheckFailedException.class);

        assertThat(raw()).isEqualTo(before);
        assertThat(v2.getItem(KEY).getNote()).isEqualTo("written by release 1");
        assertThat(v2.getItem(KEY).getSecret()).isEqualTo("s3cret");
        assertThat(v1.getItem(KEY).getNote()).isEqualTo("written by release 1");
    }

    @Test
    void partialUpdate_ofItemWithoutTheUnsignedList_isRefusedByCondition() {
        NoteV1 old = new NoteV1();
        old.setId("n1");
        old.setSecret("s3cret");
        old.setNote("written by another writer");
        // Written by core alone (as by a writer that predates the list, or a batch job): no coffer_unsigned.
        ItemEncryptor core = ItemEncryptor.create(coffer.tableConfig(tableName, v1.tableSchema()));
        DYNAMO.client().putItem(r -> r.tableName(tableName).item(core.encrypt(v1.tableSchema().itemToMap(old, true))));
        Map<String, AttributeValue> before = raw();
        assertThat(before).doesNotContainKey(CofferExtension.UNSIGNED_ATTRIBUTE);

        NoteV2 partial = new NoteV2();
        partial.setId("n1");
        partial.setSeen(2L);
        assertThatThrownBy(() -> v2.updateItem(r -> r.item(partial).ignoreNulls(true)))
                .isInstanceOf(ConditionalCheckFailedException.class);

        assertThat(raw()).isEqualTo(before);
        assertThat(v2.getItem(KEY).getNote()).isEqualTo("written by another writer");
    }

    @Test
    void unsignedList_isSigned_aChangedListFailsTheRead() {
        writeWithRelease1();
        Map<String, AttributeValue> tampered = new HashMap<>(raw());
        tampered.put(CofferExtension.UNSIGNED_ATTRIBUTE, AttributeValue.fromSs(List.of("note", "seen")));
        DYNAMO.client().putItem(r -> r.tableName(tableName).item(tampered));

        assertThatThrownBy(() -> v2.getItem(KEY)).isInstanceOf(IntegrityException.class);
    }

    @Test
    void partialUpdate_afterTheItemWasRewrittenWhole_changesTheAttributeAndStillVerifies() {
        writeWithRelease1();
        // The documented transition: rewrite the item whole with the new release, then update in place.
        v2.putItem(v2.getItem(KEY));

        NoteV2 returned = v2.updateItem(r -> r.item(edit("edited")).ignoreNulls(true));

        assertThat(returned.getNote()).isEqualTo("edited");
        assertThat(raw().get("note").s()).isEqualTo("edited");
        assertThat(v2.getItem(KEY).getNote()).isEqualTo("edited");
        assertThat(v2.getItem(KEY).getSecret()).isEqualTo("s3cret");
    }

    @Test
    void partialUpdate_ofItemWrittenByTheNewRelease_works() {
        NoteV2 whole = edit("written by release 2");
        whole.setSecret("s3cret");
        v2.putItem(whole);

        v2.updateItem(r -> r.item(edit("edited")).ignoreNulls(true));

        assertThat(v2.getItem(KEY).getNote()).isEqualTo("edited");
        assertThat(v2.getItem(KEY).getSecret()).isEqualTo("s3cret");
    }
}
