package dev.coffer.enhanced;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.IntegrityException;
import dev.coffer.beacon.BeaconKeySource;
import dev.coffer.beacon.BeaconQuery;
import dev.coffer.enhanced.beacons.Order;
import dev.coffer.enhanced.beacons.PlainUser;
import dev.coffer.enhanced.beacons.Tagged;
import dev.coffer.enhanced.beacons.User;
import dev.coffer.enhanced.testing.Keys;
import dev.coffer.enhanced.testing.LocalDynamo;
import dev.coffer.enhanced.testing.RawItems;
import dev.coffer.materials.SecretBytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.EnhancedGlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** Searching encrypted attributes through beacons, against the test DynamoDB engine (dynalite). */
class BeaconSearchTest {
    @RegisterExtension
    static final LocalDynamo DYNAMO = new LocalDynamo();

    /** Fixed, so that which labels share a 1-bit beacon is the same in every run. */
    private static final BeaconKeySource BEACON_KEY = BeaconKeySource.local(SecretBytes.copyOf(
            "fixed beacon key for the tests!!".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));

    private static CofferExtension coffer() {
        return CofferExtension.builder().materialsProvider(Keys.staticProvider()).beaconKeySource(BEACON_KEY).build();
    }

    private static DynamoDbTable<User> users(CofferExtension coffer, String name) {
        return DYNAMO.enhanced(coffer).table(name, TableSchema.fromBean(User.class));
    }

    private static void createWithIndex(DynamoDbTable<?> table, String index) {
        table.createTable(r -> r.globalSecondaryIndices(EnhancedGlobalSecondaryIndex.builder().indexName(index)
                .projection(p -> p.projectionType(ProjectionType.ALL)).build()));
    }

    private static User user(String id, String email, String name) {
        User u = new User();
        u.setId(id);
        u.setEmail(email);
        u.setName(name);
        return u;
    }

    private static List<String> ids(List<?> beans) {
        List<String> out = new ArrayList<>();
        for (Object b : beans) {
            out.add(b instanceof User u ? u.getId() : b instanceof Tagged t ? t.getId() : ((Order) b).getId());
        }
        return out;
    }

    @Test
    void query_standardBeaconIndex_returnsExactlyTheMatchingBeans() {
        CofferExtension coffer = coffer();
        DynamoDbTable<User> users = users(coffer, LocalDynamo.uniqueName("users"));
        createWithIndex(users, "email-index");
        users.putItem(user("u1", "Alice@Example.com", "Alice"));
        users.putItem(user("u2", "bob@example.com", "Bob"));
        users.putItem(user("u3", "alice@example.COM", "Alice again"));

        List<User> found = coffer.query(users, "email-index", BeaconQuery.equalTo("email", "ALICE@example.com"));

        assertThat(ids(found)).containsExactlyInAnyOrder("u1", "u3");
        assertThat(found).extracting(User::getName).containsExactlyInAnyOrder("Alice", "Alice again");
        Map<String, AttributeValue> raw = DYNAMO.client().getItem(r -> r.tableName(users.tableName())
                .key(Map.of("id", AttributeValue.fromS("u1")))).item();
        assertThat(raw.get("coffer_b_email").s()).matches("[0-9a-f]{4}");
        assertThat(RawItems.contains(RawItems.allBytes(raw), "Alice@Example.com")).isFalse();
    }

    @Test
    void updateItem_beaconPropertySetToNull_removesTheStoredBeacon_andTheItemStillReads() {
        CofferExtension coffer = coffer();
        DynamoDbTable<User> users = users(coffer, LocalDynamo.uniqueName("users"));
        createWithIndex(users, "email-index");
        users.putItem(user("u1", "alice@example.com", "Alice"));

        users.updateItem(user("u1", null, "Alice, no email"));

        Map<String, AttributeValue> raw = DYNAMO.client().getItem(r -> r.tableName(users.tableName())
                .key(Map.of("id", AttributeValue.fromS("u1"))).consistentRead(true)).item();
        assertThat(raw).doesNotContainKeys("coffer_b_email", "email");
        User read = users.getItem(user("u1", null, null));
        assertThat(read.getName()).isEqualTo("Alice, no email");
        assertThat(read.getEmail()).isNull();
        assertThat(coffer.query(users, "email-index", BeaconQuery.equalTo("email", "alice@example.com"))).isEmpty();
    }

    @Test
    void query_oneBitBeacon_filtersTheFalsePositivesTheIndexReturns() {
        CofferExtension coffer = coffer();
        DynamoDbTable<Tagged> tagged = DYNAMO.enhanced(coffer).table(LocalDynamo.uniqueName("tagged"),
                TableSchema.fromBean(Tagged.class));
        createWithIndex(tagged, "label-index");
        for (int i = 0; i < 24; i++) {
            tagged.putItem(new Tagged("t" + i, "label-" + (i % 6)));
        }
        String beacon = coffer.beaconCondition(tagged.tableName(), tagged.tableSchema(),
                BeaconQuery.equalTo("label", "label-0")).value();
        int sharing = DYNAMO.client().query(r -> r.tableName(tagged.tableName()).indexName("label-index")
                .keyConditionExpression("#b = :b").expressionAttributeNames(Map.of("#b", "coffer_b_label"))
                .expressionAttributeValues(Map.of(":b", AttributeValue.fromS(beacon)))).count();

        List<Tagged> found = coffer.query(tagged, "label-index", BeaconQuery.equalTo("label", "label-0"));

        assertThat(sharing).as("items the index returns for label-0's beacon").isGreaterThan(4);
        assertThat(ids(found)).containsExactlyInAnyOrder("t0", "t6", "t12", "t18");
    }

    private static DynamoDbTable<Order> orders(CofferExtension coffer) {
        String name = LocalDynamo.uniqueName("orders");
        DYNAMO.client().createTable(r -> r.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .attributeDefinitions(attr("id"), attr("coffer_b_customer"), attr("coffer_b_customer_day"))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("customer-day-index")
                        .keySchema(KeySchemaElement.builder().attributeName("coffer_b_customer").keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName("coffer_b_customer_day").keyType(KeyType.RANGE)
                                        .build())
                        .projection(p -> p.projectionType(ProjectionType.ALL)).build()));
        DynamoDbTable<Order> orders = DYNAMO.enhanced(coffer).table(name, TableSchema.fromBean(Order.class));
        String[][] rows = {
            {"o1", "c-1", "2026-11-02"}, {"o2", "c-1", "2026-11-30"}, {"o3", "c-1", "2026-12-01"},
            {"o4", "c-2", "2026-11-15"}, {"o5", "c-1", "2026-10-31"}, {"o6", "c-3", "2026-11-02"},
        };
        for (String[] r : rows) {
            orders.putItem(new Order(r[0], r[1], r[2], "item of " + r[0]));
        }
        return orders;
    }

    private static AttributeDefinition attr(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    @Test
    void query_compoundBeaconSortKeyBeginsWith_returnsOneCustomersOrdersOfOneMonth() {
        CofferExtension coffer = coffer();
        DynamoDbTable<Order> orders = orders(coffer);

        List<Order> november = coffer.query(orders, "customer-day-index", BeaconQuery.equalTo("customer", "c-1"),
                BeaconQuery.compound("customer_day").part("c-1").beginsWith("2026-11").build());
        List<Order> oneDay = coffer.query(orders, "customer-day-index", BeaconQuery.equalTo("customer", "c-1"),
                BeaconQuery.compound("customer_day").part("c-1").part("2026-11-02").build());

        assertThat(ids(november)).containsExactlyInAnyOrder("o1", "o2");
        assertThat(ids(oneDay)).containsExactly("o1");
        assertThat(november).extracting(Order::getItem).containsExactlyInAnyOrder("item of o1", "item of o2");
    }

    @Test
    void scan_compoundBeaconBeginsWith_returnsExactlyTheMatchingBeans() {
        CofferExtension coffer = coffer();
        DynamoDbTable<Order> orders = orders(coffer);

        List<Order> found = coffer.scan(orders, BeaconQuery.compound("customer_day").part("c-1").build());

        assertThat(ids(found)).containsExactlyInAnyOrder("o1", "o2", "o3", "o5");
    }

    @Test
    void query_storedBeaconReplacedWithAnotherItems_throwsIntegrityException() {
        CofferExtension coffer = coffer();
        DynamoDbTable<User> users = users(coffer, LocalDynamo.uniqueName("users"));
        createWithIndex(users, "email-index");
        users.putItem(user("u1", "alice@example.com", "Alice"));
        users.putItem(user("u2", "mallory@example.com", "Mallory"));
        DynamoDbClient ddb = DYNAMO.client();
        String alices = ddb.getItem(r -> r.tableName(users.tableName()).key(Map.of("id", AttributeValue.fromS("u1"))))
                .item().get("coffer_b_email").s();
        // Mallory's item made to show up in searches for Alice.
        ddb.updateItem(r -> r.tableName(users.tableName()).key(Map.of("id", AttributeValue.fromS("u2")))
                .updateExpression("SET coffer_b_email = :b").expressionAttributeValues(Map.of(":b",
                        AttributeValue.fromS(alices))));

        assertThatThrownBy(() -> coffer.query(users, "email-index", BeaconQuery.equalTo("email", "alice@example.com")))
                .isInstanceOf(IntegrityException.class).hasMessageContaining("email-index");
        assertThatThrownBy(() -> users.getItem(Key.builder().partitionValue("u2").build()))
                .isInstanceOf(IntegrityException.class);
    }

    @Test
    void query_keysOnlyIndex_throwsIntegrityExceptionSayingWhatToProject() {
        CofferExtension coffer = coffer();
        DynamoDbTable<User> users = users(coffer, LocalDynamo.uniqueName("users"));
        users.createTable(r -> r.globalSecondaryIndices(EnhancedGlobalSecondaryIndex.builder().indexName("email-index")
                .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY)).build()));
        users.putItem(user("u1", "alice@example.com", "Alice"));

        assertThatThrownBy(() -> coffer.query(users, "email-index", BeaconQuery.equalTo("email", "alice@example.com")))
                .isInstanceOf(IntegrityException.class).hasMessageContaining("email-index")
                .hasMessageContaining("coffer_head");
    }

    @Test
    void query_asyncClient_returnsExactlyTheMatchingBeans() {
        CofferExtension coffer = coffer();
        String name = LocalDynamo.uniqueName("users");
        createWithIndex(users(coffer, name), "email-index");
        DynamoDbAsyncTable<User> users = DYNAMO.enhancedAsync(coffer).table(name, TableSchema.fromBean(User.class));
        users.putItem(user("u1", "alice@example.com", "Alice")).join();
        users.putItem(user("u2", "bob@example.com", "Bob")).join();

        List<User> found = coffer.query(users, "email-index", BeaconQuery.equalTo("email", "Alice@example.com")).join();

        assertThat(ids(found)).containsExactly("u1");
        assertThatThrownBy(() -> coffer.query(users, "email-index", BeaconQuery.equalTo("phone", "1")).join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(dev.coffer.ConfigurationException.class);
    }

    /**
     * Items written before the beacon was configured have none, so the index cannot find them; after
     * re-beaconing (read, verify and decrypt, write back through the extension) it does. The
     * re-encryption tool will do this for whole tables; here it is done by hand.
     */
    @Test
    void query_itemsWrittenBeforeTheBeacon_foundAfterRebeaconing() {
        CofferExtension coffer = coffer();
        String name = LocalDynamo.uniqueName("users");
        DynamoDbTable<User> users = users(coffer, name);
        createWithIndex(users, "email-index");
        DynamoDbTable<PlainUser> before = DYNAMO.enhanced(coffer).table(name, TableSchema.fromBean(PlainUser.class));
        for (int i = 0; i < 5; i++) {
            PlainUser p = new PlainUser();
            p.setId("old" + i);
            p.setEmail("user" + i + "@example.com");
            p.setName("old user " + i);
            before.putItem(p);
        }
        assertThat(coffer.query(users, "email-index", BeaconQuery.equalTo("email", "user3@example.com"))).isEmpty();

        for (User u : users.scan().items()) {                   // verified and decrypted with today's schema
            users.putItem(r -> r.item(u).conditionExpression(software.amazon.awssdk.enhanced.dynamodb.Expression
                    .builder().expression("attribute_exists(id)").build()));   // written back with its beacon
        }

        assertThat(ids(coffer.query(users, "email-index", BeaconQuery.equalTo("email", "USER3@example.com"))))
                .containsExactly("old3");
    }
}
