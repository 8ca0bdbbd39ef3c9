package dev.coffer.enhanced;

import static dev.coffer.enhanced.SessionStore.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.IntegrityException;
import dev.coffer.ItemEncryptor;
import dev.coffer.enhanced.SessionStore.Client;
import dev.coffer.enhanced.testing.Keys;
import dev.coffer.enhanced.testing.RawItems;
import dev.coffer.enhanced.testing.Session;
import dev.coffer.enhanced.testing.TransactionsOnDynalite;
import dev.coffer.enhanced.testing.TransactionsOnDynalite.CapturedWrite;
import dev.coffer.testfixtures.TestDynamo;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * TransactWriteItems and TransactGetItems through the real SDK clients, sync and async, on the test
 * engine, which has no transactions ({@link TransactionsOnDynalite}): the marshalled write request
 * is captured before it is sent and must carry only ciphertext for protected attributes, plus the
 * header and signature; the read path runs on items that came out of the engine. The same
 * operations run end to end on LocalStack where Docker exists ({@link LocalStackTest}).
 */
class TransactionsTest {
    private static final TableSchema<Session> SCHEMA = TableSchema.fromBean(Session.class);

    private static TransactionsOnDynalite tx;
    private static DynamoDbClient ddb;
    private static DynamoDbAsyncClient asyncDdb;

    private final CofferExtension coffer = CofferExtension.create(Keys.staticProvider());
    private String tableName;

    @BeforeAll
    static void clients() {
        tx = new TransactionsOnDynalite();
        ddb = TestDynamo.clientBuilder().overrideConfiguration(o -> o.addExecutionInterceptor(tx)).build();
        asyncDdb = TestDynamo.asyncClientBuilder().overrideConfiguration(o -> o.addExecutionInterceptor(tx)).build();
    }

    @AfterAll
    static void close() {
        ddb.close();
        asyncDdb.close();
        tx.close();
    }

    @BeforeEach
    void freshTable() {
        tx.reset();
        tableName = TestDynamo.uniqueName("transacted");
    }

    /** A store on {@link #tableName} through the SDK client carrying {@link #tx}; creates the table. */
    private SessionStore store(Client client) {
        SessionStore store = SessionStore.of(client, ddb, asyncDdb, coffer, tableName);
        store.createTable();
        return store;
    }

    private Map<String, AttributeValue> raw(String userId, String sessionId) {
        return TestDynamo.client().getItem(r -> r.tableName(tableName).key(Map.of("userId", AttributeValue.fromS(userId),
                "sessionId", AttributeValue.fromS(sessionId)))).item();
    }

    /** What a reader with the table's configuration gets from {@code item}: verified, decrypted, mapped. */
    private Session consumerRead(Map<String, AttributeValue> item) {
        return SCHEMA.mapToItem(ItemEncryptor.create(coffer.tableConfig(tableName, SCHEMA)).decrypt(item));
    }

    /**
     * The item an Update would write: its key plus each SET value. The Enhanced Client names the
     * placeholders {@code #AMZN_MAPPED_x} and {@code :AMZN_MAPPED_x}.
     */
    private static Map<String, AttributeValue> itemOf(Update update) {
        Map<String, AttributeValue> item = new HashMap<>(update.key());
        update.expressionAttributeNames().forEach((placeholder, name) -> {
            AttributeValue v = update.expressionAttributeValues().get(":" + placeholder.substring(1));
            if (v != null) {
                item.put(name, v);
            }
        });
        return item;
    }

    private static String base64(AttributeValue binary) {
        return Base64.getEncoder().encodeToString(binary.b().asByteArrayUnsafe());
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void transactWriteItems_marshalledRequest_carriesOnlyCiphertextHeaderAndSignature(Client client) {
        SessionStore store = store(client);
        store.put(Session.sample("dave", "s0"));
        store.put(Session.sample("carol", "s3"));
        Session put = Session.sample("alice", "s1");
        Session updated = Session.sample("bob", "s2");
        updated.setStatus("REVOKED");

        assertThatThrownBy(() -> store.transactWrite(put, updated, key("carol", "s3"), key("dave", "s0")))
                .satisfies(e -> assertThat(Stream.iterate(e, Objects::nonNull, Throwable::getCause))
                        .anyMatch(TransactionsOnDynalite.Stopped.class::isInstance));

        assertThat(tx.writes()).hasSize(1);
        CapturedWrite write = tx.writes().get(0);
        List<TransactWriteItem> items = write.request().transactItems();
        assertThat(items).hasSize(4);
        Map<String, AttributeValue> putItem = items.get(0).put().item();
        Map<String, AttributeValue> updateItem = itemOf(items.get(1).update());
        RawItems.assertProtected(putItem, put);
        RawItems.assertProtected(updateItem, updated);
        assertThat(consumerRead(putItem)).isEqualTo(put);
        assertThat(consumerRead(updateItem)).isEqualTo(updated);
        assertThat(items.get(2).delete().key()).containsOnlyKeys("userId", "sessionId");
        assertThat(items.get(3).conditionCheck().key()).containsOnlyKeys("userId", "sessionId");
        // The bytes on the wire: no secret, and the same header and signature (base64 in the JSON).
        RawItems.assertNoSecret(write.body(), put);
        RawItems.assertNoSecret(write.body(), updated);
        assertThat(write.bodyText()).contains(base64(putItem.get(ItemEncryptor.HEADER_ATTRIBUTE)),
                base64(putItem.get(ItemEncryptor.SIGNATURE_ATTRIBUTE)), base64(putItem.get("token")),
                base64(updateItem.get(ItemEncryptor.SIGNATURE_ATTRIBUTE)), base64(updateItem.get("clientIp")));
        assertThat(raw("alice", "s1")).as("nothing was sent").isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void transactGetItems_itemsFromTheEngine_areVerifiedAndDecrypted(Client client) {
        SessionStore store = store(client);
        Session alice = Session.sample("alice", "s1");
        Session bob = Session.sample("bob", "s2");
        store.put(alice);
        store.put(bob);

        List<Session> read = store.transactGet(List.of(key("bob", "s2"), key("nobody", "s9"), key("alice", "s1")));

        assertThat(read).containsExactly(bob, null, alice);
        assertThat(tx.transactGetsServed()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(Client.class)
    void transactGetItems_itemTamperedInTheEngine_throwsIntegrityException(Client client) {
        SessionStore store = store(client);
        store.put(Session.sample("alice", "s1"));
        store.put(Session.sample("bob", "s2"));
        Map<String, AttributeValue> tampered = new HashMap<>(raw("bob", "s2"));
        tampered.put("status", AttributeValue.fromS("ADMIN"));
        TestDynamo.client().putItem(r -> r.tableName(tableName).item(tampered));

        assertThatThrownBy(() -> store.transactGet(List.of(key("alice", "s1"), key("bob", "s2"))))
                .isInstanceOf(IntegrityException.class).hasMessageContaining("table '" + tableName + "'");
        assertThat(tx.transactGetsServed()).isEqualTo(1);
    }
}
