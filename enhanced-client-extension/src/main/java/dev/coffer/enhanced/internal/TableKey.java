package dev.coffer.enhanced.internal;

import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableMetadata;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;

/**
 * Cache key of a derived {@link TableModel}: the table and the parts of the schema the derivation
 * reads. Structural rather than identity-based, so an application that builds equal schemas more
 * than once does not grow the cache. Not API.
 */
public record TableKey(String tableName, TableMetadata metadata, EnhancedType<?> itemType, List<String> attributes) {
    public static TableKey of(String tableName, TableMetadata metadata, TableSchema<?> schema) {
        return schema == null
                ? new TableKey(tableName, metadata, null, List.of())
                : new TableKey(tableName, metadata, schema.itemType(), schema.attributeNames());
    }
}
