package dev.coffer.enhanced;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.coffer.IntegrityException;
import dev.coffer.ItemEncryptor;
import dev.coffer.enhanced.testing.Keys;
import dev.coffer.enhanced.testing.DynaliteConditionFailures;
import dev.coffer.enhanced.testing.LocalDynamo;
import dev.coffer.testfixtures.TestDynamo;
import dev.coffer.enhanced.testing.RawItems;
import dev.coffer.enhanced.testing.Session;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedAsyncClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * {@code ReturnValuesOnConditionCheckFailure.ALL_OLD}: the stored item DynamoDB returns inside a
 * failed conditional write never passes through the extension, so it reaches the application only
 * through {@link CofferExtension#executionInterceptor()}, verified and decrypted or removed (issue
 * 11, finding 7). Interceptors run only in a real SDK client, so the SDK clients talk over HTTP to the
 * test engine on 127.0.0.1; {@link DynaliteConditionFailures} adds to the exceptions the stored items
 * DynamoDB would return and the engine leaves out.
 */
class ConditionFailureItemTest {
    private static final Expression NOT_EXISTS = Expression.builder().expression("attribute_not_exists(userId)").build();
    private static final Key KEY = Key.builder().partitionValue("alice").sortValue("s1").build();

    private CofferExtension coffer;
    private DynamoDbClient ddb;
    private String tableName;
    private DynamoDbTable<Session> sessions;
    private Session stored;

    private static DynamoDbClient client(ExecutionInterceptor... interceptors) {
        return TestDynamo.clientBuilder()
                .overrideConfiguration(o -> {
                    for (ExecutionInterceptor i : interceptors) {
                        o.addExecutionInterceptor(i);
                    }
                    // Last: the SDK runs exception hooks in reverse order, so this one runs first and
                    // the interceptors under test see what DynamoDB would return.
                    o.addExecutionInterceptor(new DynaliteConditionFailures());
                })
                .build();
    }

    private static DynamoDbAsyncClient asyncClient(ExecutionInterceptor interceptor) {
        return TestDynamo.asyncClientBuilder().overrideConfiguration(o -> o.addExecutionInterceptor(interceptor)
                .addExecutionInterceptor(new DynaliteConditionFailures())).build();
    }

    private DynamoDbTable<Session> table(CofferExtension extension, DynamoDbClient client) {
        return DynamoDbEnhancedClient.builder().dynamoDbClient(client).extensions(extension).build()
                .table(tableName, TableSchema.fromBean(Session.class));
    }

    @BeforeEach
    void writeOneItem() {
        coffer = CofferExtension.create(Keys.staticProvider());
        ddb = client(coffer.executionInterceptor());
        tableName = LocalDynamo.uniqueName("sessions");
        sessions = table(coffer, ddb);
        LocalDynamo.createSessionTable(sessions);
        stored = Session.sample("alice", "s1");
        sessions.putItem(stored);
    }

    /** A put that fails its condition because the item exists, asking for the stored item back. */
    private ConditionalCheckFailedException failedPut(DynamoDbTable<Session> table) {
        Session again = Session.sample("alice", "s1");
        return catchThrowableOfType(ConditionalCheckFailedException.class, () -> table.putItem(r -> r.item(again)
                .conditionExpression(NOT_EXISTS)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
    }

    private void tamper(String attribute, AttributeValue value) {
        Map<String, AttributeValue> item = new HashMap<>(ddb.getItem(r -> r.tableName(tableName)
                .key(Map.of("userId", AttributeValue.fromS("alice"), "sessionId", AttributeValue.fromS("s1")))).item());
        item.put(attribute, value);
        ddb.putItem(r -> r.tableName(tableName).item(item));
    }

    @Test
    void conditionalPutFails_itemInTheException_isVerifiedAndDecrypted() {
        ConditionalCheckFailedException e = failedPut(sessions);

        assertThat(e.hasItem()).isTrue();
        assertThat(e.item()).doesNotContainKeys(ItemEncryptor.HEADER_ATTRIBUTE, ItemEncryptor.SIGNATURE_ATTRIBUTE,
                CofferExtension.UNSIGNED_ATTRIBUTE);
        assertThat(e.item().get("token").s()).isEqualTo(stored.getToken());
        assertThat(sessions.tableSchema().mapToItem(e.item())).isEqualTo(stored);
    }

    @Test
    void conditionalPutFails_tamperedStoredItem_isRemovedFromTheException_withTheReason() {
        tamper("status", AttributeValue.fromS("ADMIN"));

        ConditionalCheckFailedException e = failedPut(sessions);

        assertThat(e.hasItem()).isFalse();
        assertThat(e.getMessage()).contains("The conditional request failed")
                .contains("the item returned with this exception was removed")
                .contains("failed verification").doesNotContain("ADMIN");
        assertThat(e.getSuppressed()).singleElement().isInstanceOf(IntegrityException.class);
    }

    @Test
    void conditionalUpdateAndDeleteFail_itemsAreDecrypted() {
        Session changed = Session.sample("alice", "s1");
        ConditionalCheckFailedException update = catchThrowableOfType(ConditionalCheckFailedException.class,
                () -> sessions.updateItem(r -> r.item(changed).conditionExpression(NOT_EXISTS)
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        ConditionalCheckFailedException delete = catchThrowableOfType(ConditionalCheckFailedException.class,
                () -> sessions.deleteItem(r -> r.key(KEY).conditionExpression(NOT_EXISTS)
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));

        assertThat(sessions.tableSchema().mapToItem(update.item())).isEqualTo(stored);
        assertThat(sessions.tableSchema().mapToItem(delete.item())).isEqualTo(stored);
    }

    @Test
    void tableNotYetUsedThroughTheExtension_itemIsRemoved_untilTableConfigIsCalled() {
        CofferExtension fresh = CofferExtension.create(Keys.staticProvider());
        DynamoDbTable<Session> table = table(fresh, client(fresh.executionInterceptor()));
        Supplier<ConditionalCheckFailedException> delete = () -> catchThrowableOfType(
                ConditionalCheckFailedException.class, () -> table.deleteItem(r -> r.key(KEY)
                        .conditionExpression(NOT_EXISTS)
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));

        ConditionalCheckFailedException before = delete.get();
        fresh.tableConfig(tableName, table.tableSchema());
        ConditionalCheckFailedException after = delete.get();

        assertThat(before.hasItem()).isFalse();
        assertThat(before.getMessage()).contains("coffer.tableConfig(\"" + tableName + "\", schema)");
        assertThat(sessions.tableSchema().mapToItem(after.item())).isEqualTo(stored);
    }

    @Test
    void withoutTheInterceptor_theItemArrivesAsStored_ciphertextAndUnverified() {
        ConditionalCheckFailedException e = failedPut(table(coffer, client()));

        // What the interceptor exists for: the SDK hands the stored item over without any extension.
        assertThat(e.item()).containsKeys(ItemEncryptor.HEADER_ATTRIBUTE, ItemEncryptor.SIGNATURE_ATTRIBUTE);
        assertThat(e.item().get("token").b()).isNotNull();
        assertThat(RawItems.contains(RawItems.allBytes(e.item()), stored.getToken())).isFalse();
    }

    @Test
    void transactionCanceled_itemsOfTheCancellationReasons_areDecrypted_orRemoved() {
        DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(ddb).extensions(coffer).build();
        Session other = Session.sample("bob", "s2");
        sessions.putItem(other);
        tamper("status", AttributeValue.fromS("ADMIN")); // alice's item no longer verifies
        TransactPutItemEnhancedRequest<Session> putAlice = TransactPutItemEnhancedRequest.builder(Session.class)
                .item(Session.sample("alice", "s1")).conditionExpression(NOT_EXISTS)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build();
        TransactPutItemEnhancedRequest<Session> putBob = TransactPutItemEnhancedRequest.builder(Session.class)
                .item(Session.sample("bob", "s2")).conditionExpression(NOT_EXISTS)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build();

        TransactionCanceledException e = catchThrowableOfType(TransactionCanceledException.class,
                () -> enhanced.transactWriteItems(r -> r.addPutItem(sessions, putAlice).addPutItem(sessions, putBob)));

        assertThat(e.cancellationReasons()).hasSize(2);
        assertThat(e.cancellationReasons().get(0).hasItem()).isFalse();
        assertThat(sessions.tableSchema().mapToItem(e.cancellationReasons().get(1).item())).isEqualTo(other);
        assertThat(e.getMessage()).contains("cancellation reason 0: the item returned with this exception was removed");
        assertThat(e.getSuppressed()).singleElement().isInstanceOf(IntegrityException.class);
    }

    @Test
    void partialUpdateRefusedByCoffersCondition_exceptionSaysWhyAndWhatToDo_withoutTheStoredItem() {
        DynamoDbEnhancedClient enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(ddb).extensions(coffer).build();
        DynamoDbTable<ActionChangeTest.NoteV1> v1 = enhanced.table(tableName + "-notes",
                TableSchema.fromBean(ActionChangeTest.NoteV1.class));
        v1.createTable();
        ActionChangeTest.NoteV1 old = new ActionChangeTest.NoteV1();
        old.setId("n1");
        old.setSecret("s3cret");
        old.setNote("written by release 1");
        v1.putItem(old);
        CofferExtension release2 = CofferExtension.create(Keys.staticProvider());
        DynamoDbTable<ActionChangeTest.NoteV2> v2 = DynamoDbEnhancedClient.builder()
                .dynamoDbClient(client(release2.executionInterceptor())).extensions(release2).build()
                .table(tableName + "-notes", TableSchema.fromBean(ActionChangeTest.NoteV2.class));
        ActionChangeTest.NoteV2 edit = new ActionChangeTest.NoteV2();
        edit.setId("n1");
        edit.setNote("edited");

        ConditionalCheckFailedException e = catchThrowableOfType(ConditionalCheckFailedException.class,
                () -> v2.updateItem(r -> r.item(edit).ignoreNulls(true)));
        edit.setId("missing");
        ConditionalCheckFailedException missing = catchThrowableOfType(ConditionalCheckFailedException.class,
                () -> v2.updateItem(r -> r.item(edit).ignoreNulls(true)));

        assertThat(e.getMessage()).contains("table '" + tableName + "-notes'").contains("[note]")
                .contains("does not list [note]").contains("Write the item whole once")
                .contains("Changing an attribute's action").doesNotContain("written by release 1");
        assertThat(e.hasItem()).as("the application did not ask for the stored item").isFalse();
        assertThat(missing.getMessage()).contains("there is no item with this key");
        assertThat(v2.getItem(Key.builder().partitionValue("n1").build()).getNote()).isEqualTo("written by release 1");
    }

    @Test
    void partialUpdateRefusedByTheApplicationsOwnCondition_noCofferExplanation() {
        Session lastSeen = new Session();
        lastSeen.setUserId("alice");
        lastSeen.setSessionId("s1");
        lastSeen.setLastSeen(5L);

        ConditionalCheckFailedException e = catchThrowableOfType(ConditionalCheckFailedException.class,
                () -> sessions.updateItem(r -> r.item(lastSeen).ignoreNulls(true).conditionExpression(NOT_EXISTS)));

        assertThat(e.getMessage()).doesNotContain("Coffer");
        assertThat(e.hasItem()).isFalse();
    }

    @Test
    void asyncClient_conditionalPutFails_itemIsDecrypted() {
        DynamoDbAsyncTable<Session> async = DynamoDbEnhancedAsyncClient.builder()
                .dynamoDbClient(asyncClient(coffer.executionInterceptor())).extensions(coffer).build()
                .table(tableName, TableSchema.fromBean(Session.class));
        Session again = Session.sample("alice", "s1");

        CompletionException e = catchThrowableOfType(CompletionException.class, () -> async.putItem(r -> r.item(again)
                .conditionExpression(NOT_EXISTS)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).join());

        assertThat(e.getCause()).isInstanceOf(ConditionalCheckFailedException.class);
        assertThat(sessions.tableSchema().mapToItem(((ConditionalCheckFailedException) e.getCause()).item()))
                .isEqualTo(stored);
    }

    @Test
    void tableTheExtensionDoesNotProtect_itemIsLeftAsStored() {
        CofferExtension otherTablesOnly = CofferExtension.builder()
                .table("some-other-table", t -> t.materialsProvider(Keys.staticProvider())).build();
        DynamoDbClient client = client(otherTablesOnly.executionInterceptor());
        Map<String, AttributeValue> plain = Map.of("userId", AttributeValue.fromS("carol"),
                "sessionId", AttributeValue.fromS("s3"), "note", AttributeValue.fromS("plaintext table"));
        client.putItem(r -> r.tableName(tableName).item(plain));

        ConditionalCheckFailedException e = catchThrowableOfType(ConditionalCheckFailedException.class,
                () -> client.putItem(r -> r.tableName(tableName).item(plain).conditionExpression("attribute_not_exists(userId)")
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));

        assertThat(e.item()).isEqualTo(plain);
    }
}
