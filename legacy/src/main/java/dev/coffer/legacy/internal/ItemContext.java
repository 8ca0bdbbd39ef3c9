package dev.coffer.legacy.internal;

import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a key source may use to find an item's keys: the table name the item was signed under, the
 * key attribute names, the stored item (as read, before verification) and its material description.
 *
 * <p>Thread-safety: immutable if the maps are.
 */
public record ItemContext(String tableName, String partitionKeyName, Optional<String> sortKeyName,
        Map<String, AttributeValue> item, Map<String, String> description) {

    /** {@code table 'T': legacy item: } — the prefix of every message about this item. */
    public String where() {
        return "table '" + tableName + "': legacy item: ";
    }

    /** The table only: the item holds values (sign-only plaintext) that must not reach a log. */
    @Override
    public String toString() {
        return "ItemContext{table=" + tableName + "}";
    }
}
