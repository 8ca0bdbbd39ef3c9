package dev.coffer.testing;

import com.amazonaws.services.dynamodbv2.local.embedded.DynamoDBEmbedded;
import com.amazonaws.services.dynamodbv2.local.shared.access.AmazonDynamoDBLocal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * One embedded, in-memory DynamoDB Local per test JVM, shared by every test class (so none may shut
 * it down; it ends with the JVM).
 */
public final class DynamoDbLocal {
    private static AmazonDynamoDBLocal local;
    private static DynamoDbClient client;
    private static final Set<String> TABLES = new HashSet<>();

    private DynamoDbLocal() {
    }

    public static synchronized DynamoDbClient client() {
        if (client == null) {
            local = DynamoDBEmbedded.create();
            client = local.dynamoDbClient();
        }
        return client;
    }

    /**
     * Creates table {@code name} (at least 3 characters) with partition key "pk" and, if
     * {@code sortKeyType} is not null, sort key "sk", once per JVM.
     */
    public static synchronized String table(String name, ScalarAttributeType partitionKeyType,
            ScalarAttributeType sortKeyType) {
        if (TABLES.add(name)) {
            List<KeySchemaElement> keys = new ArrayList<>();
            List<AttributeDefinition> defs = new ArrayList<>();
            keys.add(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build());
            defs.add(AttributeDefinition.builder().attributeName("pk").attributeType(partitionKeyType).build());
            if (sortKeyType != null) {
                keys.add(KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build());
                defs.add(AttributeDefinition.builder().attributeName("sk").attributeType(sortKeyType).build());
            }
            client().createTable(r -> r.tableName(name).keySchema(keys).attributeDefinitions(defs)
                    .billingMode(BillingMode.PAY_PER_REQUEST));
        }
        return name;
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
