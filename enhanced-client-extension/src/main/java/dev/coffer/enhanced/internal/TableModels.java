package dev.coffer.enhanced.internal;

import dev.coffer.ConfigurationException;
import dev.coffer.CryptoAction;
import dev.coffer.ItemEncryptor;
import dev.coffer.TableConfig;
import dev.coffer.enhanced.CofferExtension;
import dev.coffer.enhanced.LogicalTableName;
import dev.coffer.enhanced.TableOptions;
import dev.coffer.beacon.BeaconConfig;
import dev.coffer.beacon.BeaconKeySource;
import dev.coffer.beacon.CompoundBeacon;
import dev.coffer.beacon.StandardBeacon;
import dev.coffer.materials.MaterialsProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverter;
import software.amazon.awssdk.enhanced.dynamodb.AttributeValueType;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.IndexMetadata;
import software.amazon.awssdk.enhanced.dynamodb.TableMetadata;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.document.EnhancedDocument;
import software.amazon.awssdk.enhanced.dynamodb.mapper.UpdateBehavior;
import software.amazon.awssdk.enhanced.dynamodb.model.SearchSchemaElement;
import software.amazon.awssdk.enhanced.dynamodb.model.VectorIndexMetadata;

/**
 * Derives and validates a {@link TableModel} from a table's schema and options. Runs once per table
 * and schema (the extension caches the result), so every configuration error surfaces on the first
 * operation, or on {@code CofferExtension.tableConfig(...)}, before anything is sent. Not API.
 */
public final class TableModels {
    /** Written by {@code VersionedRecordExtension}'s {@code @DynamoDbVersionAttribute}. */
    static final String VERSION_KEY = "VersionedRecordExtension:VersionAttribute";
    /** Written by {@code AtomicCounterExtension}'s {@code @DynamoDbAtomicCounter}: a map keyed by attribute. */
    static final String COUNTERS_KEY = "AtomicCounter:Counters";
    /** Prefix of {@code @DynamoDbUpdateBehavior} metadata, followed by the attribute name. */
    static final String UPDATE_BEHAVIOR_PREFIX = "UpdateBehavior:";

    private TableModels() {
    }

    /**
     * @param schema the table schema, or {@code null} if the caller cannot supply one (then only the
     *     metadata is used and every updateItem counts as partial)
     */
    public static TableModel derive(String tableName, TableMetadata metadata, TableSchema<?> schema,
            TableOptions options, MaterialsProvider defaultProvider, BeaconKeySource defaultBeaconKey) {
        String t = "table '" + tableName + "': ";
        String partitionKey;
        String sortKey;
        try {
            partitionKey = metadata.primaryPartitionKey();
            sortKey = metadata.primarySortKey().orElse(null);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(t + "the table schema declares no partition key; Coffer signs the item "
                    + "under its primary key, so mark the partition key (@DynamoDbPartitionKey)", e);
        }
        boolean attributesKnown = schema != null && !EnhancedDocument.class.equals(schema.itemType().rawClass());
        Set<String> attributes = schema == null ? Collections.emptySet() : new LinkedHashSet<>(schema.attributeNames());
        for (String name : attributes) {
            if (ItemEncryptor.HEADER_ATTRIBUTE.equals(name) || ItemEncryptor.SIGNATURE_ATTRIBUTE.equals(name)
                    || CofferExtension.UNSIGNED_ATTRIBUTE.equals(name)) {
                throw new ConfigurationException(t + "attribute '" + name + "' is reserved for Coffer's header, "
                        + "signature and list of unsigned attributes; rename it (@DynamoDbAttribute)");
            }
            if (name.startsWith(StandardBeacon.ATTRIBUTE_PREFIX)) {
                throw new ConfigurationException(t + "attribute '" + name + "': names starting with '"
                        + StandardBeacon.ATTRIBUTE_PREFIX + "' are reserved for beacons; rename it (@DynamoDbAttribute)");
            }
        }
        if (schema != null) {
            Nested.check(t, schema);
        }

        Map<String, CryptoAction> tagged = taggedActions(t, metadata);
        Map<String, String> roles = plaintextRoles(t, metadata, schema, attributesKnown, attributes, options);
        roles.remove(partitionKey);
        if (sortKey != null) {
            roles.remove(sortKey);
        }
        MaterialsProvider provider = options.settings().materialsProvider().orElse(defaultProvider);
        if (provider == null) {
            throw new ConfigurationException(t + "no materials provider: set one for this table with "
                    + "CofferExtension.builder().table(\"" + tableName + "\", t -> t.materialsProvider(...)) or a default "
                    + "with materialsProvider(...)");
        }
        Map<String, CryptoAction> actions = actions(t, tagged, roles, counters(metadata));
        // Every schema attribute gets an explicit action, so an unannotated one is encrypted and signed
        // even if it is also accepted unsigned on read (core writes an allowed-unsigned name without an
        // explicit action unsigned). The allowed-unsigned settings then only relax reads, and a signed
        // attribute under the allowed prefix is refused by TableConfig.
        for (String name : attributes) {
            if (!name.equals(partitionKey) && !name.equals(sortKey)) {
                actions.putIfAbsent(name, CryptoAction.ENCRYPT_AND_SIGN);
            }
        }
        // Tagged primary-key actions go to the core configuration as they are: TableConfig refuses an
        // encrypted or unsigned primary key with its own message.
        TableConfig config = TableConfig.builder()
                .settings(options.settings())
                .tableName(tableName)
                .partitionKey(partitionKey)
                .sortKey(sortKey)
                .actions(actions)
                .defaultAction(CryptoAction.ENCRYPT_AND_SIGN)
                .logicalTableName(logicalTableName(metadata, schema, options).orElse(null))
                .materialsProvider(provider)
                .beacons(beacons(t, metadata, schema, options, defaultBeaconKey))
                .build();

        // The do-nothing attributes this schema writes: every item written whole lists them, signed, in
        // coffer_unsigned, so a partial update can be made conditional on the stored item not signing
        // what it changes (the header itself is opaque to DynamoDB).
        Set<String> unsigned = new TreeSet<>();
        Set<String> candidates = new LinkedHashSet<>(attributes);
        candidates.addAll(actions.keySet());
        candidates.addAll(options.settings().allowedUnsignedAttributes());
        for (String name : candidates) {
            if (!name.equals(partitionKey) && !name.equals(sortKey) && config.actionFor(name) == CryptoAction.DO_NOTHING) {
                unsigned.add(name);
            }
        }
        if (!unsigned.isEmpty()) {
            config = config.toBuilder().action(CofferExtension.UNSIGNED_ATTRIBUTE, CryptoAction.SIGN_ONLY).build();
        }

        Set<String> signed = new HashSet<>();
        Set<String> writeIfNotExists = new HashSet<>();
        for (String name : attributes) {
            if (name.equals(partitionKey) || name.equals(sortKey) || !config.actionFor(name).isSigned()) {
                continue;
            }
            signed.add(name);
            Optional<UpdateBehavior> behavior = metadata.customMetadataObject(UPDATE_BEHAVIOR_PREFIX + name,
                    UpdateBehavior.class);
            if (behavior.isPresent() && behavior.get() == UpdateBehavior.WRITE_IF_NOT_EXISTS) {
                writeIfNotExists.add(name);
            }
        }
        return new TableModel(config, signed, attributesKnown, writeIfNotExists, unsigned,
                counters(metadata), options.skippedItemListener().orElse(null));
    }

    /** The actions the schema's annotations or tags ask for; two different ones on an attribute are an error. */
    private static Map<String, CryptoAction> taggedActions(String t, TableMetadata metadata) {
        Map<String, CryptoAction> tagged = new TreeMap<>();
        for (Tags.Tagged x : Tags.actions(metadata)) {
            CryptoAction previous = tagged.put(x.attribute(), x.action());
            if (previous != null && previous != x.action()) {
                throw new ConfigurationException(t + "attribute '" + x.attribute() + "' is marked both " + tag(previous)
                        + " and " + tag(x.action()) + "; keep one");
            }
        }
        return tagged;
    }

    /** Attributes DynamoDB itself must read, each with the reason it must, for the error message. */
    private static Map<String, String> plaintextRoles(String t, TableMetadata metadata, TableSchema<?> schema,
            boolean attributesKnown, Set<String> attributes, TableOptions options) {
        Map<String, String> roles = new LinkedHashMap<>();
        for (IndexMetadata index : metadata.indices()) {
            if (TableMetadata.primaryIndexName().equals(index.name())) {
                continue;
            }
            for (String key : metadata.indexKeys(index.name())) {
                if (key.startsWith(StandardBeacon.ATTRIBUTE_PREFIX)) {
                    continue; // a beacon (@Beacon(index = ...)): signed plaintext already, and no schema attribute
                }
                roles.putIfAbsent(key, "a key of index '" + index.name() + "' (DynamoDB must read it to index the item)");
            }
        }
        for (VectorIndexMetadata vector : metadata.vectorIndices()) {
            roles.putIfAbsent(vector.vectorAttributeName(), "the vector of vector index '" + vector.indexName() + "'");
            for (SearchSchemaElement element : vector.searchSchemaElements()) {
                roles.putIfAbsent(element.attributeName(), "a key of vector index '" + vector.indexName() + "'");
            }
        }
        String ttl = timeToLive(t, metadata, schema, attributesKnown, attributes, options);
        if (ttl != null) {
            roles.putIfAbsent(ttl, "the time-to-live attribute (DynamoDB expires items only on a plaintext number)");
        }
        metadata.customMetadataObject(VERSION_KEY, String.class).ifPresent(v -> roles.putIfAbsent(v,
                "the version attribute (VersionedRecordExtension compares it in a condition expression, which "
                        + "DynamoDB evaluates on the stored value)"));
        return roles;
    }

    /** The explicit actions for the core configuration: tags, then plaintext roles, then counters. */
    private static Map<String, CryptoAction> actions(String t, Map<String, CryptoAction> tagged,
            Map<String, String> roles, Set<String> counters) {
        Map<String, CryptoAction> actions = new LinkedHashMap<>(tagged);
        for (Map.Entry<String, String> role : roles.entrySet()) {
            String name = role.getKey();
            CryptoAction asked = tagged.get(name);
            if (asked == CryptoAction.ENCRYPT_AND_SIGN) {
                throw new ConfigurationException(t + "attribute '" + name + "' is " + role.getValue()
                        + ", so it cannot be encrypted; Coffer keeps it plaintext and signs it. Remove @Encrypt "
                        + "(AttributeTags.encrypt()) from '" + name + "'");
            }
            actions.put(name, asked == CryptoAction.DO_NOTHING ? CryptoAction.DO_NOTHING : CryptoAction.SIGN_ONLY);
        }
        for (String counter : counters) {
            CryptoAction asked = tagged.get(counter);
            if (asked != null && asked.isSigned()) {
                throw new ConfigurationException(t + "attribute '" + counter + "' is an atomic counter: DynamoDB changes "
                        + "it on the server (ADD), which no client-side signature can follow, so it is stored unsigned. "
                        + "Remove " + tag(asked) + " from '" + counter + "'");
            }
            actions.put(counter, CryptoAction.DO_NOTHING);
        }
        return actions;
    }

    private static String timeToLive(String t, TableMetadata metadata, TableSchema<?> schema, boolean attributesKnown,
            Set<String> attributes, TableOptions options) {
        Set<String> tagged = new TreeSet<>(Tags.timeToLiveAttributes(metadata));
        if (tagged.size() > 1) {
            throw new ConfigurationException(t + "attributes " + tagged + " are all marked @TimeToLive; a DynamoDB table "
                    + "has one time-to-live attribute, keep the mark on that one");
        }
        Optional<String> option = options.timeToLiveAttribute();
        if (option.isPresent() && !tagged.isEmpty() && !tagged.contains(option.get())) {
            throw new ConfigurationException(t + "the table options name '" + option.get() + "' as the time-to-live "
                    + "attribute but the schema marks '" + tagged.iterator().next() + "' @TimeToLive; name the same "
                    + "attribute in both, or use one of them");
        }
        if (option.isEmpty()) {
            return tagged.isEmpty() ? null : tagged.iterator().next();
        }
        String name = option.get();
        if (attributesKnown) {
            if (!attributes.contains(name)) {
                throw new ConfigurationException(t + "the time-to-live attribute '" + name + "' is not an attribute of the "
                        + "table schema " + new TreeSet<>(attributes));
            }
            AttributeConverter<?> converter = schema.converterForAttribute(name);
            if (converter != null && converter.attributeValueType() != AttributeValueType.N) {
                throw new ConfigurationException(t + "the time-to-live attribute '" + name + "' is stored as "
                        + converter.attributeValueType() + "; DynamoDB expires items only on a number of epoch seconds: "
                        + "use a long or Long property");
            }
        }
        return name;
    }

    /**
     * The table's beacons: {@code @Beacon} and beacon attribute tags, compound beacons from table tags
     * and {@code @CompoundBeacon}, then the table options'; null if there are none. TableConfig checks
     * them against the actions.
     */
    private static BeaconConfig beacons(String t, TableMetadata metadata, TableSchema<?> schema, TableOptions options,
            BeaconKeySource defaultBeaconKey) {
        List<StandardBeacon> standard = new ArrayList<>();
        Tags.beacons(metadata).stream().sorted(Comparator.comparing(Tags.BeaconTagged::attribute))
                .forEach(b -> standard.add(b.beacon()));
        standard.addAll(options.standardBeacons());
        List<CompoundBeacon> compound = new ArrayList<>();
        Tags.compoundBeacons(metadata).stream().sorted(Comparator.comparing(CompoundBeacon::name)).forEach(compound::add);
        if (schema != null) {
            for (dev.coffer.enhanced.CompoundBeacon a
                    : schema.itemType().rawClass().getAnnotationsByType(dev.coffer.enhanced.CompoundBeacon.class)) {
                compound.add(compound(t, a));
            }
        }
        compound.addAll(options.compoundBeacons());
        if (standard.isEmpty() && compound.isEmpty()) {
            return null;
        }
        BeaconKeySource key = options.beaconKeySource().orElse(defaultBeaconKey);
        if (key == null) {
            throw new ConfigurationException(t + "the table has beacons but no beacon key: set one for every table with "
                    + "CofferExtension.builder().beaconKeySource(...), or for this table with "
                    + "table(name, t -> t.beaconKeySource(...)) (docs/searchable-encryption.md, \"Beacon keys\")");
        }
        try {
            return BeaconConfig.builder().keySource(key).standardBeacons(standard).compoundBeacons(compound).build();
        } catch (ConfigurationException e) {
            throw new ConfigurationException(t + e.getMessage(), e);
        }
    }

    private static CompoundBeacon compound(String t, dev.coffer.enhanced.CompoundBeacon a) {
        CompoundBeacon.Builder b = CompoundBeacon.builder().name(a.name()).split(a.split());
        for (dev.coffer.enhanced.CompoundBeacon.Part p : a.parts()) {
            if (p.beacon().isEmpty() == p.attribute().isEmpty()) {
                throw new ConfigurationException(t + "@CompoundBeacon '" + a.name() + "': part '" + p.prefix() + "' must "
                        + "name exactly one of beacon (an encrypted part) and attribute (a signed part)");
            }
            if (p.beacon().isEmpty()) {
                b.addSignedPart(p.prefix(), p.attribute());
            } else {
                b.addEncryptedPart(p.prefix(), p.beacon());
            }
        }
        try {
            return b.build();
        } catch (ConfigurationException e) {
            throw new ConfigurationException(t + e.getMessage(), e);
        }
    }

    private static Set<String> counters(TableMetadata metadata) {
        Object counters = metadata.customMetadata().get(COUNTERS_KEY);
        Set<String> out = new TreeSet<>();
        if (counters instanceof Map<?, ?> m) {
            m.keySet().forEach(k -> out.add(String.valueOf(k)));
        }
        return out;
    }

    private static Optional<String> logicalTableName(TableMetadata metadata, TableSchema<?> schema, TableOptions options) {
        if (options.settings().logicalTableName().isPresent()) {
            return options.settings().logicalTableName();
        }
        Optional<String> tagged = Tags.logicalTableName(metadata);
        if (tagged.isPresent()) {
            return tagged;
        }
        if (schema != null) {
            LogicalTableName annotation = schema.itemType().rawClass().getAnnotation(LogicalTableName.class);
            if (annotation != null) {
                if (annotation.value().isEmpty()) {
                    throw new ConfigurationException("@LogicalTableName on " + schema.itemType().rawClass().getName()
                            + " is empty; give a name or remove the annotation");
                }
                return Optional.of(annotation.value());
            }
        }
        return Optional.empty();
    }

    static String tag(CryptoAction action) {
        return switch (action) {
            case ENCRYPT_AND_SIGN -> "@Encrypt";
            case SIGN_ONLY -> "@SignOnly";
            case DO_NOTHING -> "@DoNothing";
        };
    }

    /**
     * Nested beans, immutables and documents are one attribute to Coffer: the whole value is
     * encrypted (or signed) as a unit. Coffer annotations inside them cannot apply, so they are
     * rejected instead of being silently ignored.
     */
    static final class Nested {
        private Nested() {
        }

        static void check(String t, TableSchema<?> schema) {
            Set<Class<?>> seen = new HashSet<>();
            seen.add(schema.itemType().rawClass());
            for (String name : schema.attributeNames()) {
                AttributeConverter<?> converter;
                try {
                    converter = schema.converterForAttribute(name);
                } catch (RuntimeException e) {
                    continue; // a schema without per-attribute converters (documents) nests nothing we can see
                }
                if (converter != null) {
                    walk(t, name, converter.type(), seen);
                }
            }
        }

        private static void walk(String t, String attribute, EnhancedType<?> type, Set<Class<?>> seen) {
            if (type == null) {
                return;
            }
            Optional<? extends TableSchema<?>> nested = type.tableSchema();
            if (nested.isPresent() && seen.add(type.rawClass())) {
                TableSchema<?> n = nested.get();
                if (Tags.hasAny(n.tableMetadata())) {
                    throw new ConfigurationException(t + "attribute '" + attribute + "' holds a nested "
                            + type.rawClass().getSimpleName() + " whose properties carry Coffer annotations "
                            + nestedTags(n.tableMetadata()) + ". A nested bean is protected as one attribute (encrypted "
                            + "whole unless '" + attribute + "' is marked otherwise), so annotations inside it cannot "
                            + "apply: remove them, put the action on '" + attribute + "', or use @DynamoDbFlatten to "
                            + "make its properties top-level attributes");
                }
                for (String name : n.attributeNames()) {
                    AttributeConverter<?> converter = n.converterForAttribute(name);
                    if (converter != null) {
                        walk(t, attribute, converter.type(), seen);
                    }
                }
            }
            List<EnhancedType<?>> parameters = type.rawClassParameters();
            if (parameters != null) {
                for (EnhancedType<?> p : parameters) {
                    walk(t, attribute, p, seen);
                }
            }
        }

        private static String nestedTags(TableMetadata metadata) {
            Set<String> out = new TreeSet<>();
            for (Tags.Tagged x : Tags.actions(metadata)) {
                out.add(tag(x.action()) + " on '" + x.attribute() + "'");
            }
            for (String ttl : Tags.timeToLiveAttributes(metadata)) {
                out.add("@TimeToLive on '" + ttl + "'");
            }
            return out.toString();
        }
    }
}
