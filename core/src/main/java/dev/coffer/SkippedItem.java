package dev.coffer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An item that a read chose to skip instead of failing: it did not verify ({@link IntegrityException})
 * or its keys could not be obtained ({@link MaterialsException}). Given to a
 * {@link SkippedItemListener} by {@link ItemEncryptor#decryptAll(java.util.Collection, SkippedItemListener)}
 * and by the Enhanced Client extension's opt-in skipping of query, scan and batch reads.
 *
 * <p>It carries no plaintext: the table, the index the item was read from (if any), the item's
 * primary key as stored (key attributes are never encrypted; an attribute the stored item lacks is
 * absent here) and the reason. The key values come from an unverified item, so treat them as a
 * pointer for an investigation, not as a fact: whoever changed the item may have changed its key too.
 *
 * <pre>{@code
 * List<Map<String, AttributeValue>> plain = encryptor.decryptAll(stored,
 *         skipped -> securityLog.warn("skipped item {} of table {}: {}",
 *                 skipped.primaryKey(), skipped.tableName(), skipped.reason().getMessage()));
 * }</pre>
 *
 * <p>Thread-safety: immutable.
 */
public final class SkippedItem {
    private final String tableName;
    private final String indexName;
    private final Map<String, AttributeValue> primaryKey;
    private final CofferException reason;

    private SkippedItem(String tableName, String indexName, Map<String, AttributeValue> primaryKey,
            CofferException reason) {
        this.tableName = tableName;
        this.indexName = indexName;
        this.primaryKey = primaryKey;
        this.reason = reason;
    }

    /**
     * A skipped item of {@code tableName}, read from {@code indexName} ({@code null} for the table
     * itself), with the key attributes {@code primaryKey} (copied) and the failure {@code reason}.
     */
    public static SkippedItem of(String tableName, String indexName, Map<String, AttributeValue> primaryKey,
            CofferException reason) {
        Objects.requireNonNull(tableName, "tableName");
        Objects.requireNonNull(primaryKey, "primaryKey");
        Objects.requireNonNull(reason, "reason");
        return new SkippedItem(tableName, indexName,
                Collections.unmodifiableMap(new LinkedHashMap<>(primaryKey)), reason);
    }

    /**
     * A skipped item of {@code config}'s table whose primary key is taken from the stored
     * {@code item} (only the key attributes are kept), read from {@code indexName} ({@code null} for
     * the table itself).
     */
    public static SkippedItem fromItem(TableConfig config, String indexName, Map<String, AttributeValue> item,
            CofferException reason) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(item, "item");
        return of(config.tableName(), indexName, primaryKeyOf(config, item), reason);
    }

    private static Map<String, AttributeValue> primaryKeyOf(TableConfig config, Map<String, AttributeValue> item) {
        Map<String, AttributeValue> key = new LinkedHashMap<>(4);
        AttributeValue pk = item.get(config.partitionKeyName());
        if (pk != null) {
            key.put(config.partitionKeyName(), pk);
        }
        config.sortKeyName().ifPresent(sk -> {
            AttributeValue v = item.get(sk);
            if (v != null) {
                key.put(sk, v);
            }
        });
        return key;
    }

    /** The DynamoDB table the item was read from. */
    public String tableName() {
        return tableName;
    }

    /** The secondary index the item was read from, if it was not read from the table itself. */
    public Optional<String> indexName() {
        return Optional.ofNullable(indexName);
    }

    /** The item's key attributes as stored, unverified (unmodifiable; may lack one the item lacks). */
    public Map<String, AttributeValue> primaryKey() {
        return primaryKey;
    }

    /**
     * Why the item was skipped: an {@link IntegrityException} (it failed verification) or a
     * {@link MaterialsException} (its keys could not be supplied: a key the provider does not
     * hold, or a provider failure such as KMS being unreachable). The message is safe to log.
     */
    public CofferException reason() {
        return reason;
    }

    /** Table, index, key and reason; no attribute other than the key. */
    @Override
    public String toString() {
        return "SkippedItem{table=" + tableName + (indexName == null ? "" : ", index=" + indexName)
                + ", key=" + primaryKey + ", reason=" + reason.getClass().getSimpleName() + ": " + reason.getMessage() + "}";
    }
}
