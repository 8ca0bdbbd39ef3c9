package dev.coffer.testing;

import dev.coffer.testfixtures.TestDynamo;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Core's view of the shared test engine ({@link TestDynamo}: dynalite, one per test JVM): tables keyed
 * "pk" (and "sk"), and a write-then-read helper.
 */
public final class TestTables {
    private TestTables() {
    }

    public static DynamoDbClient client() {
        return TestDynamo.client();
    }

    /**
     * Creates a fresh table named after {@code name} with partition key "pk" and, if
     * {@code sortKeyType} is not null, sort key "sk"; returns its name (unique in the JVM).
     */
    public static String table(String name, ScalarAttributeType partitionKeyType, ScalarAttributeType sortKeyType) {
        return sortKeyType == null ? TestDynamo.createTable(name, "pk", partitionKeyType)
                : TestDynamo.createTable(name, "pk", partitionKeyType, "sk", sortKeyType);
    }

    /** PutItem, then a consistent GetItem of the same key ("pk" and, if present, "sk"). */
    public static Map<String, AttributeValue> putThenGet(String table, Map<String, AttributeValue> item) {
        client().putItem(r -> r.tableName(table).item(item));
        Map<String, AttributeValue> key = item.containsKey("sk")
                ? Map.of("pk", item.get("pk"), "sk", item.get("sk"))
                : Map.of("pk", item.get("pk"));
        return client().getItem(r -> r.tableName(table).key(key).consistentRead(true)).item();
    }
}
