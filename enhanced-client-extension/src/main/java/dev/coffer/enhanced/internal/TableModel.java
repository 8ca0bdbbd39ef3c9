package dev.coffer.enhanced.internal;

import dev.coffer.IntegrityException;
import dev.coffer.InvalidItemException;
import dev.coffer.ItemEncryptor;
import dev.coffer.TableConfig;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.TableMetadata;
import software.amazon.awssdk.enhanced.dynamodb.extensions.WriteModification;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Everything the extension needs for one table and schema, derived and validated once by
 * {@link TableModels}: the core configuration and encryptor, and what decides whether an
 * {@code updateItem} is a full or a partial write. Immutable and thread-safe. Not API.
 */
public final class TableModel {
    /** How the enhanced client names a nested attribute path in a SCALAR_ONLY partial update. */
    static final String NESTED_UPDATE_SEPARATOR = "_NESTED_ATTR_UPDATE_";
    private static final String HEADER_REF = "#coffer_header_exists";

    private final TableConfig config;
    private final ItemEncryptor encryptor;
    private final boolean allowPlaintextReads;
    private final Set<String> signedSchemaAttributes;
    private final boolean attributesKnown;
    private final Set<String> writeIfNotExists;
    private final List<String> projectionNeeds;
    private final String t;

    TableModel(TableConfig config, boolean allowPlaintextReads, Set<String> signedSchemaAttributes,
            boolean attributesKnown, Set<String> writeIfNotExists) {
        this.config = config;
        this.encryptor = ItemEncryptor.create(config);
        this.allowPlaintextReads = allowPlaintextReads;
        this.signedSchemaAttributes = Collections.unmodifiableSet(new TreeSet<>(signedSchemaAttributes));
        this.attributesKnown = attributesKnown;
        this.writeIfNotExists = Collections.unmodifiableSet(new TreeSet<>(writeIfNotExists));
        TreeSet<String> needs = new TreeSet<>(signedSchemaAttributes);
        needs.add(config.partitionKeyName());
        config.sortKeyName().ifPresent(needs::add);
        this.projectionNeeds = List.copyOf(needs);
        this.t = "table '" + config.tableName() + "': ";
    }

    public TableConfig config() {
        return config;
    }

    /** PutItem, and the puts of batchWriteItem and transactWriteItems: encrypt and sign the whole item. */
    public Map<String, AttributeValue> encrypt(Map<String, AttributeValue> item) {
        return encryptor.encrypt(item);
    }

    /**
     * UpdateItem. The enhanced client turns the returned map into {@code SET} actions (non-null
     * values) and {@code REMOVE} actions (NULL values); attributes missing from the map are left as
     * stored. A write that covers every signed attribute of the schema is encrypted and signed like a
     * put (NULLs stay, so the stale values are removed); anything else is partial and may touch only
     * do-nothing attributes, since Coffer cannot sign an item it does not see whole.
     */
    public WriteModification update(Map<String, AttributeValue> item) {
        Set<String> missing = new TreeSet<>();
        boolean nestedPaths = false;
        for (String name : item.keySet()) {
            if (name.contains(NESTED_UPDATE_SEPARATOR)) {
                nestedPaths = true;
            }
        }
        for (String name : signedSchemaAttributes) {
            if (!item.containsKey(name)) {
                missing.add(name);
            }
        }
        if (attributesKnown && !nestedPaths && missing.isEmpty()) {
            return fullUpdate(item);
        }
        Set<String> signedTouched = new TreeSet<>();
        for (String name : item.keySet()) {
            String top = topLevel(name);
            if (!isPrimaryKey(top) && config.actionFor(top).isSigned()) {
                signedTouched.add(top);
            }
        }
        if (!signedTouched.isEmpty()) {
            throw new InvalidItemException(t + "updateItem would change signed attribute(s) " + signedTouched
                    + " without the rest of the item (" + partialReason(nestedPaths, missing) + "), so Coffer cannot "
                    + "sign the result; nothing was sent. Write the whole item (putItem, or updateItem with "
                    + "IgnoreNullsMode.DEFAULT and every attribute set), or mark attributes that must change on their own "
                    + "@DoNothing (unsigned)");
        }
        if (allowPlaintextReads) {
            return WriteModification.builder().build();
        }
        // Only do-nothing attributes change, so the stored signature stays valid. The condition stops a
        // partial update from creating an item without a header, which every later read would reject.
        return WriteModification.builder()
                .additionalConditionalExpression(Expression.builder()
                        .expression("attribute_exists(" + HEADER_REF + ")")
                        .expressionNames(Collections.singletonMap(HEADER_REF, ItemEncryptor.HEADER_ATTRIBUTE))
                        .build())
                .build();
    }

    private WriteModification fullUpdate(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> present = new HashMap<>(item.size() * 2);
        Map<String, AttributeValue> removed = new HashMap<>();
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            if (Boolean.TRUE.equals(e.getValue().nul())) {
                removed.put(e.getKey(), e.getValue());
            } else {
                present.put(e.getKey(), e.getValue());
                if (writeIfNotExists.contains(e.getKey())) {
                    throw new InvalidItemException(t + "attribute '" + e.getKey() + "' is signed but has "
                            + "@DynamoDbUpdateBehavior(WRITE_IF_NOT_EXISTS): updateItem would keep the stored value while "
                            + "Coffer signs the new one, and the item would no longer verify; nothing was sent. Use "
                            + "putItem, remove the update behavior, or mark the attribute @DoNothing");
                }
            }
        }
        Map<String, AttributeValue> out = new HashMap<>(encryptor.encrypt(present));
        out.putAll(removed);
        return WriteModification.builder().transformedItem(Collections.unmodifiableMap(out)).build();
    }

    /**
     * Verifies and decrypts one item read from the table (or from index {@code indexName}). Returns
     * {@code null} to pass the item through unchanged (a plaintext item during a migration).
     */
    public Map<String, AttributeValue> read(Map<String, AttributeValue> item, String indexName) {
        if (!item.containsKey(ItemEncryptor.HEADER_ATTRIBUTE)) {
            if (item.containsKey(ItemEncryptor.SIGNATURE_ATTRIBUTE)) {
                throw new IntegrityException(t + "item has the signature attribute '" + ItemEncryptor.SIGNATURE_ATTRIBUTE
                        + "' but no header '" + ItemEncryptor.HEADER_ATTRIBUTE + "': the header was removed, or "
                        + from(indexName) + " left it out. " + projectionHint());
            }
            if (allowPlaintextReads) {
                return null;
            }
            throw new IntegrityException(t + "item has no Coffer header '" + ItemEncryptor.HEADER_ATTRIBUTE + "'. Either "
                    + "it was written before encryption was enabled (allowPlaintextReads(true) in the table options "
                    + "accepts such items during a migration; see docs/enhanced-client.md, \"Migrating a plaintext "
                    + "table\"), or " + from(indexName) + " left the reserved attributes out. " + projectionHint());
        }
        if (!item.containsKey(ItemEncryptor.SIGNATURE_ATTRIBUTE)) {
            throw new IntegrityException(t + "item has the header '" + ItemEncryptor.HEADER_ATTRIBUTE + "' but no signature '"
                    + ItemEncryptor.SIGNATURE_ATTRIBUTE + "': the signature was removed, or " + from(indexName)
                    + " left it out. " + projectionHint());
        }
        try {
            return encryptor.decrypt(item);
        } catch (IntegrityException e) {
            if (indexName == null || TableMetadata.primaryIndexName().equals(indexName)) {
                throw e;
            }
            throw new IntegrityException(e.getMessage() + ". The item was read from index '" + indexName + "': "
                    + projectionHint(), e);
        }
    }

    private String from(String indexName) {
        return indexName == null || TableMetadata.primaryIndexName().equals(indexName)
                ? "the read's projection (attributesToProject)"
                : "index '" + indexName + "' (its projection) or the read's projection";
    }

    private String projectionHint() {
        return "Reads through Coffer need " + ItemEncryptor.HEADER_ATTRIBUTE + ", " + ItemEncryptor.SIGNATURE_ATTRIBUTE
                + " and every signed attribute the item has (for this schema: " + projectionNeeds + "): project them "
                + "all, and give secondary indexes ProjectionType ALL (or INCLUDE those attributes)";
    }

    private static String partialReason(boolean nestedPaths, Set<String> missing) {
        if (nestedPaths) {
            return "a nested-attribute update, IgnoreNullsMode.SCALAR_ONLY";
        }
        if (!missing.isEmpty()) {
            return "a partial update: signed attribute(s) " + missing + " are not in it, e.g. IgnoreNullsMode.MAPS_ONLY "
                    + "with null fields";
        }
        return "a partial update: this schema does not list every attribute";
    }

    private boolean isPrimaryKey(String name) {
        return name.equals(config.partitionKeyName()) || name.equals(config.sortKeyName().orElse(null));
    }

    private static String topLevel(String name) {
        int i = name.indexOf(NESTED_UPDATE_SEPARATOR);
        return i < 0 ? name : name.substring(0, i);
    }

    @Override
    public String toString() {
        return "TableModel{" + config + (allowPlaintextReads ? ", allowPlaintextReads" : "") + "}";
    }
}
