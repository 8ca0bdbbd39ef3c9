package dev.coffer.enhanced.internal;

import dev.coffer.IntegrityException;
import dev.coffer.InvalidItemException;
import dev.coffer.ItemEncryptor;
import dev.coffer.SkippedItemListener;
import dev.coffer.TableConfig;
import dev.coffer.enhanced.CofferExtension;
import dev.coffer.migration.ItemKind;
import dev.coffer.migration.MigrationPhaseException;
import dev.coffer.migration.PlaintextPhase;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    /** Placeholders of a partial update's condition; {@link ReturnedItems} recognizes the condition by them. */
    static final String HEADER_REF = "#coffer_header_exists";
    static final String UNSIGNED_REF = "#coffer_unsigned";
    static final String UNSIGNED_VALUE = ":coffer_unsigned_";

    private final TableConfig config;
    private final ItemEncryptor encryptor;
    private final PlaintextPhase plaintextPhase;
    private final Set<String> signedSchemaAttributes;
    private final boolean attributesKnown;
    private final Set<String> writeIfNotExists;
    private final List<String> projectionNeeds;
    private final Set<String> unsignedAttributes;
    private final AttributeValue unsignedList;
    private final Set<String> counters;
    private final SkippedItemListener skippedItemListener;
    /**
     * The attributes Coffer (or the legacy format) owns on a stored item: header, signature, unsigned
     * list, legacy attributes, beacons. An item written whole must not keep a stored one its new
     * version does not have: it would be an unsigned attribute the next read refuses.
     */
    private final Set<String> ownedAttributes;
    private final String t;

    /**
     * @param unsignedAttributes the do-nothing attributes this schema writes, listed in
     *     {@link CofferExtension#UNSIGNED_ATTRIBUTE} of every item written whole (empty: no list)
     * @param counters atomic counters, which {@code AtomicCounterExtension} changes on every update
     * @param skippedItemListener who is told about items that query, scan and batch reads skip, or null
     */
    TableModel(TableConfig config, Set<String> signedSchemaAttributes,
            boolean attributesKnown, Set<String> writeIfNotExists, Set<String> unsignedAttributes, Set<String> counters,
            SkippedItemListener skippedItemListener) {
        this.config = config;
        this.encryptor = ItemEncryptor.create(config);
        this.plaintextPhase = config.plaintextPhase();
        this.signedSchemaAttributes = Collections.unmodifiableSet(new TreeSet<>(signedSchemaAttributes));
        this.attributesKnown = attributesKnown;
        this.writeIfNotExists = Collections.unmodifiableSet(new TreeSet<>(writeIfNotExists));
        this.unsignedAttributes = Collections.unmodifiableSet(new TreeSet<>(unsignedAttributes));
        this.unsignedList = unsignedAttributes.isEmpty() ? null : AttributeValue.fromSs(List.copyOf(this.unsignedAttributes));
        this.counters = Collections.unmodifiableSet(new TreeSet<>(counters));
        TreeSet<String> needs = new TreeSet<>(signedSchemaAttributes);
        needs.add(config.partitionKeyName());
        config.sortKeyName().ifPresent(needs::add);
        if (unsignedList != null) {
            needs.add(CofferExtension.UNSIGNED_ATTRIBUTE);
        }
        // Beacons are signed too; an item without one fails only if it was written with it, but a
        // projection that leaves them out is worth naming.
        config.beacons().ifPresent(b -> needs.addAll(b.storedAttributes()));
        this.projectionNeeds = List.copyOf(needs);
        this.skippedItemListener = skippedItemListener;
        Set<String> owned = new TreeSet<>(List.of(ItemEncryptor.HEADER_ATTRIBUTE, ItemEncryptor.SIGNATURE_ATTRIBUTE,
                CofferExtension.UNSIGNED_ATTRIBUTE));
        config.legacyReader().ifPresent(r -> owned.addAll(r.reservedAttributes()));
        config.beacons().ifPresent(b -> owned.addAll(b.storedAttributes()));
        this.ownedAttributes = Collections.unmodifiableSet(owned);
        this.t = "table '" + config.tableName() + "': ";
    }

    public TableConfig config() {
        return config;
    }

    /** The condition on a stored beacon for {@code query} (see {@link ItemEncryptor#beaconCondition}). */
    public dev.coffer.beacon.BeaconCondition beaconCondition(dev.coffer.beacon.BeaconQuery query) {
        return encryptor.beaconCondition(query);
    }

    /** Who is told about items that query, scan and batch reads skip; empty if such reads fail closed. */
    public Optional<SkippedItemListener> skippedItemListener() {
        return Optional.ofNullable(skippedItemListener);
    }

    /**
     * PutItem, and the puts of batchWriteItem and transactWriteItems: encrypt and sign the whole item,
     * with the list of the schema's do-nothing attributes.
     */
    public Map<String, AttributeValue> encrypt(Map<String, AttributeValue> item) {
        if (plaintextPhase.writesPlaintext()) {
            return encryptor.encrypt(item); // checked and returned as given: phase WRITE_PLAINTEXT_READ_BOTH
        }
        return encryptor.encrypt(withUnsignedList(item));
    }

    private Map<String, AttributeValue> withUnsignedList(Map<String, AttributeValue> item) {
        if (unsignedList == null) {
            return item;
        }
        Map<String, AttributeValue> out = new HashMap<>(item);
        out.put(CofferExtension.UNSIGNED_ATTRIBUTE, unsignedList);
        return out;
    }

    /**
     * UpdateItem. The enhanced client turns the returned map into {@code SET} actions (non-null
     * values) and {@code REMOVE} actions (NULL values); attributes missing from the map are left as
     * stored. A write that covers every signed attribute of the schema is encrypted and signed like a
     * put (NULLs stay, so the stale values are removed); anything else is partial and may touch only
     * do-nothing attributes, since Coffer cannot sign an item it does not see whole.
     *
     * <p>A partial update is also conditional on the stored item not signing what it changes: the
     * current schema says do-nothing, but the stored item may have been written while an attribute
     * was signed, and changing it in place would leave the item unreadable. The header is opaque to
     * DynamoDB, so the condition reads the signed list {@link CofferExtension#UNSIGNED_ATTRIBUTE}
     * that every item written whole carries: it names exactly the attributes that item leaves
     * unsigned. An item without the list (written before it existed, or by another writer) refuses
     * partial updates until it is written whole again.
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
        Set<String> touched = new TreeSet<>();
        for (String name : item.keySet()) {
            String top = topLevel(name);
            if (isPrimaryKey(top)) {
                continue;
            }
            touched.add(top);
            if (config.actionFor(top).isSigned()) {
                signedTouched.add(top);
            }
        }
        if (plaintextPhase.writesPlaintext() && (!signedTouched.isEmpty() || !unsignedAttributes.containsAll(touched))) {
            // Writing plaintext: the update may change any attribute of a plaintext item, never a Coffer item.
            return WriteModification.builder().additionalConditionalExpression(Expression.builder()
                    .expression("attribute_not_exists(" + HEADER_REF + ")")
                    .expressionNames(Map.of(HEADER_REF, ItemEncryptor.HEADER_ATTRIBUTE)).build()).build();
        }
        if (!signedTouched.isEmpty()) {
            throw new InvalidItemException(t + "updateItem would change signed attribute(s) " + signedTouched
                    + " without the rest of the item (" + partialReason(nestedPaths, missing) + "), so Coffer cannot "
                    + "sign the result; nothing was sent. Write the whole item (putItem, or updateItem with "
                    + "IgnoreNullsMode.DEFAULT and every attribute set), or mark attributes that must change on their own "
                    + "@DoNothing (unsigned)");
        }
        Set<String> unlisted = new TreeSet<>(touched);
        unlisted.removeAll(unsignedAttributes);
        if (!unlisted.isEmpty()) {
            throw new InvalidItemException(t + "updateItem would change unsigned attribute(s) " + unlisted + " that are "
                    + "not attributes of the table schema, so no stored item records that it leaves them unsigned, and "
                    + "changing one that an item signs would make it unreadable; nothing was sent. Declare them in the "
                    + "schema (@DoNothing) and write the items whole, or change them with putItem");
        }
        // AtomicCounterExtension adds its counters to every update: they must be unsigned in the stored item too.
        touched.addAll(counters);
        return WriteModification.builder().additionalConditionalExpression(partialCondition(touched)).build();
    }

    /**
     * The condition of a partial update: the stored item has a header (so the update cannot create an
     * item every read would reject) and lists every attribute the update changes as unsigned (so the
     * stored signature stays valid). While plaintext reads are allowed, an item without a header may
     * be updated (or created) as it is, since such items are not verified anyway.
     */
    private Expression partialCondition(Set<String> touched) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        names.put(HEADER_REF, ItemEncryptor.HEADER_ATTRIBUTE);
        StringBuilder signedItem = new StringBuilder("attribute_exists(" + HEADER_REF + ")");
        int i = 0;
        for (String name : touched) {
            String value = UNSIGNED_VALUE + i++;
            names.put(UNSIGNED_REF, CofferExtension.UNSIGNED_ATTRIBUTE);
            values.put(value, AttributeValue.fromS(name));
            signedItem.append(" AND contains(" + UNSIGNED_REF + ", " + value + ")");
        }
        String expression = plaintextPhase.reads(ItemKind.PLAINTEXT)
                ? "(attribute_not_exists(" + HEADER_REF + ") OR (" + signedItem + "))"
                : signedItem.toString();
        return Expression.builder().expression(expression).expressionNames(names)
                .expressionValues(values.isEmpty() ? null : values).build();
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
        // A plaintext write (plaintext phases) leaves out header, signature and beacons; an encrypted one
        // may leave out a beacon (its property set to null) or the unsigned list: either way, no stored
        // Coffer or legacy attribute the new version lacks may stay behind.
        Map<String, AttributeValue> out = new HashMap<>(encryptor.encrypt(
                plaintextPhase.writesPlaintext() ? present : withUnsignedList(present)));
        for (String owned : ownedAttributes) {
            out.putIfAbsent(owned, AttributeValue.fromNul(true));
        }
        out.putAll(removed);
        return WriteModification.builder().transformedItem(Collections.unmodifiableMap(out)).build();
    }

    /**
     * Verifies and decrypts one item read from the table (or from index {@code indexName}); a legacy
     * or plaintext item is read as the table's migration phases allow (docs/migration.md).
     */
    public Map<String, AttributeValue> read(Map<String, AttributeValue> item, String indexName) {
        return read(item, indexName, true);
    }

    /**
     * Verifies (and decrypts) one item as {@link #read} does, for the read filter: the same
     * exceptions, without the note on where this table skips items. The result is discarded.
     */
    void verify(Map<String, AttributeValue> item, String indexName) {
        read(item, indexName, false);
    }

    private Map<String, AttributeValue> read(Map<String, AttributeValue> item, String indexName, boolean noteSkipping) {
        if (!item.containsKey(ItemEncryptor.HEADER_ATTRIBUTE)) {
            if (item.containsKey(ItemEncryptor.SIGNATURE_ATTRIBUTE)) {
                throw new IntegrityException(t + "item has the signature attribute '" + ItemEncryptor.SIGNATURE_ATTRIBUTE
                        + "' but no header '" + ItemEncryptor.HEADER_ATTRIBUTE + "': the header was removed, or "
                        + from(indexName) + " left it out. " + projectionHint());
            }
            try {
                // A legacy or plaintext item: read as the table's migration phases allow.
                return encryptor.decrypt(item);
            } catch (MigrationPhaseException e) {
                if (e.itemKind() != ItemKind.PLAINTEXT) {
                    throw e;
                }
                throw new MigrationPhaseException(e.tableName(), e.itemKind(), e.phase(), t + "item has no Coffer header '"
                        + ItemEncryptor.HEADER_ATTRIBUTE + "' and the table's plaintext phase is " + e.phase().name()
                        + ". Either it was written before encryption was enabled (plaintextPhase(WRITE_ENCRYPTED_READ_BOTH) "
                        + "in the table options reads such items while 'coffer reencrypt' rewrites them; see "
                        + "docs/migration.md), or " + from(indexName) + " left the reserved attributes out. "
                        + projectionHint(), e);
            }
        }
        if (!item.containsKey(ItemEncryptor.SIGNATURE_ATTRIBUTE)) {
            throw new IntegrityException(t + "item has the header '" + ItemEncryptor.HEADER_ATTRIBUTE + "' but no signature '"
                    + ItemEncryptor.SIGNATURE_ATTRIBUTE + "': the signature was removed, or " + from(indexName)
                    + " left it out. " + projectionHint());
        }
        try {
            Map<String, AttributeValue> plain = encryptor.decrypt(item);
            if (!plain.containsKey(CofferExtension.UNSIGNED_ATTRIBUTE)) {
                return plain;
            }
            // Coffer's own bookkeeping, verified with the rest: not part of the application's item.
            Map<String, AttributeValue> out = new HashMap<>(plain);
            out.remove(CofferExtension.UNSIGNED_ATTRIBUTE);
            return Collections.unmodifiableMap(out);
        } catch (IntegrityException e) {
            String more = fromIndex(item, indexName) + (noteSkipping ? skipHint() : "");
            if (more.isEmpty()) {
                throw e;
            }
            throw new IntegrityException(e.getMessage() + more, e);
        }
    }

    /**
     * Where an item read from a secondary index came from, and whether the index's projection may be
     * why it failed: only if it lacks something every read needs. An item that has all of it (a
     * tampered item on a ProjectionType ALL index) failed for another reason, so no projection advice.
     */
    private String fromIndex(Map<String, AttributeValue> item, String indexName) {
        if (indexName == null || TableMetadata.primaryIndexName().equals(indexName)) {
            return "";
        }
        List<String> missing = new ArrayList<>();
        for (String name : projectionNeeds) {
            if (!item.containsKey(name)) {
                missing.add(name);
            }
        }
        if (missing.isEmpty()) {
            return ". The item was read from index '" + indexName + "'";
        }
        return ". The item was read from index '" + indexName + "' and lacks " + missing + "; if the index does not "
                + "project them: " + projectionHint();
    }

    private String skipHint() {
        return skippedItemListener == null ? "" : " (this table skips such items only in query, scan and batchGetItem, "
                + "with CofferExtension.executionInterceptor() registered on the DynamoDB client and the schema given to "
                + "tableConfig(...); other reads throw)";
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
        return "TableModel{" + config + "}";
    }
}
