package dev.coffer.enhanced.internal;

import dev.coffer.ConfigurationException;
import dev.coffer.beacon.BeaconCondition;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.internal.client.DefaultDynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.internal.client.DefaultDynamoDbTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * Runs beacon searches for the extension's query helpers: one request (Query on an index whose
 * key is the beacon, or Scan with a filter) through the table's own DynamoDB client, page after page;
 * each item verified and decrypted exactly as the extension's {@code afterRead} does, kept only if
 * its plaintext matches (no false positives), then mapped by the table's schema.
 *
 * <p>Why not through {@code DynamoDbIndex}: the enhanced client accepts only indexes its schema
 * declares, and a beacon is not a bean property (compound beacons declared on a class cannot add
 * index metadata at all). The request goes through the same client, so its execution interceptors
 * (Coffer's read filter included) still apply; other extensions' {@code afterRead} does not run on
 * these items. Stateless and thread-safe. Not API.
 */
public final class BeaconSearch {
    private static final String PK_NAME = "#coffer_beacon_pk";
    private static final String PK_VALUE = ":coffer_beacon_pk";
    private static final String SK_NAME = "#coffer_beacon_sk";
    private static final String SK_VALUE = ":coffer_beacon_sk";

    private BeaconSearch() {
    }

    /** The request's key condition, names and values: the partition beacon's equality, and the sort beacon's condition. */
    private record KeyCondition(String expression, Map<String, String> names, Map<String, AttributeValue> values) {
        static KeyCondition of(String table, String index, BeaconCondition partition, BeaconCondition sort) {
            if (partition.beginsWith()) {
                throw new ConfigurationException("table '" + table + "': index '" + index + "': a partition key can "
                        + "only be matched whole, but the query on '" + partition.attributeName() + "' is a "
                        + "begins_with; give every part, or make the beacon the index's sort key");
            }
            Map<String, String> names = new HashMap<>();
            Map<String, AttributeValue> values = new HashMap<>();
            names.put(PK_NAME, partition.attributeName());
            values.put(PK_VALUE, AttributeValue.fromS(partition.value()));
            String e = PK_NAME + " = " + PK_VALUE;
            if (sort != null) {
                names.put(SK_NAME, sort.attributeName());
                values.put(SK_VALUE, AttributeValue.fromS(sort.value()));
                e += sort.beginsWith() ? " AND begins_with(" + SK_NAME + ", " + SK_VALUE + ")"
                        : " AND " + SK_NAME + " = " + SK_VALUE;
            }
            return new KeyCondition(e, names, values);
        }
    }

    public static <T> List<T> query(DynamoDbTable<T> table, TableModel model, String index, BeaconCondition partition,
            BeaconCondition sort) {
        DynamoDbClient ddb = client(table);
        KeyCondition k = KeyCondition.of(table.tableName(), index, partition, sort);
        List<T> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse r = ddb.query(QueryRequest.builder().tableName(table.tableName()).indexName(index)
                    .keyConditionExpression(k.expression()).expressionAttributeNames(k.names())
                    .expressionAttributeValues(k.values()).exclusiveStartKey(from).build());
            keep(r.items(), table.tableSchema(), model, index, partition, sort, out);
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return Collections.unmodifiableList(out);
    }

    public static <T> CompletableFuture<List<T>> query(DynamoDbAsyncTable<T> table, TableModel model, String index,
            BeaconCondition partition, BeaconCondition sort) {
        DynamoDbAsyncClient ddb = client(table);
        KeyCondition k = KeyCondition.of(table.tableName(), index, partition, sort);
        List<T> out = Collections.synchronizedList(new ArrayList<>());
        return page(ddb, table, model, index, k, partition, sort, null, out)
                .thenApply(done -> Collections.unmodifiableList(new ArrayList<>(out)));
    }

    private static <T> CompletableFuture<Void> page(DynamoDbAsyncClient ddb, DynamoDbAsyncTable<T> table,
            TableModel model, String index, KeyCondition k, BeaconCondition partition, BeaconCondition sort,
            Map<String, AttributeValue> start, List<T> out) {
        return ddb.query(QueryRequest.builder().tableName(table.tableName()).indexName(index)
                        .keyConditionExpression(k.expression()).expressionAttributeNames(k.names())
                        .expressionAttributeValues(k.values()).exclusiveStartKey(start).build())
                .thenCompose(r -> {
                    keep(r.items(), table.tableSchema(), model, index, partition, sort, out);
                    if (r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty()) {
                        return page(ddb, table, model, index, k, partition, sort, r.lastEvaluatedKey(), out);
                    }
                    return CompletableFuture.completedFuture(null);
                });
    }

    public static <T> List<T> scan(DynamoDbTable<T> table, TableModel model, BeaconCondition condition) {
        DynamoDbClient ddb = client(table);
        List<T> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            var r = ddb.scan(ScanRequest.builder().tableName(table.tableName()).filterExpression(condition.expression())
                    .expressionAttributeNames(condition.expressionNames())
                    .expressionAttributeValues(condition.expressionValues()).exclusiveStartKey(from).build());
            keep(r.items(), table.tableSchema(), model, null, condition, null, out);
            start = r.hasLastEvaluatedKey() && !r.lastEvaluatedKey().isEmpty() ? r.lastEvaluatedKey() : null;
        } while (start != null);
        return Collections.unmodifiableList(out);
    }

    /** Verifies and decrypts every item of a page (fail closed), and keeps the true matches. */
    private static <T> void keep(List<Map<String, AttributeValue>> items, TableSchema<T> schema, TableModel model,
            String index, BeaconCondition a, BeaconCondition b, List<T> out) {
        for (Map<String, AttributeValue> item : items) {
            // Never null: a plaintext or legacy item (during a migration) comes back decrypted too, and
            // holds no beacon, so the matchers below recompute and compare its values.
            Map<String, AttributeValue> plain = model.read(item, index);
            if (a.matches(plain) && (b == null || b.matches(plain))) {
                out.add(schema.mapToItem(plain));
            }
        }
    }

    private static DynamoDbClient client(DynamoDbTable<?> table) {
        if (table instanceof DefaultDynamoDbTable<?> d) {
            return d.dynamoDbClient();
        }
        throw new ConfigurationException("table '" + table.tableName() + "': beacon searches need a table made by "
                + "DynamoDbEnhancedClient.table(...), not a " + table.getClass().getName() + "; use "
                + "ItemEncryptor.beaconCondition with the low-level client instead");
    }

    private static DynamoDbAsyncClient client(DynamoDbAsyncTable<?> table) {
        if (table instanceof DefaultDynamoDbAsyncTable<?> d) {
            return d.dynamoDbClient();
        }
        throw new ConfigurationException("table '" + table.tableName() + "': beacon searches need a table made by "
                + "DynamoDbEnhancedAsyncClient.table(...), not a " + table.getClass().getName());
    }
}
