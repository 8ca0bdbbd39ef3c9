package dev.coffer.enhanced;

import dev.coffer.ConfigurationException;
import dev.coffer.CryptoAction;
import dev.coffer.TableConfig;
import dev.coffer.enhanced.internal.TableKey;
import dev.coffer.enhanced.internal.TableModel;
import dev.coffer.enhanced.internal.TableModels;
import dev.coffer.enhanced.internal.Tags;
import dev.coffer.materials.MaterialsProvider;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClientExtension;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbExtensionContext;
import software.amazon.awssdk.enhanced.dynamodb.TableMetadata;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.extensions.ReadModification;
import software.amazon.awssdk.enhanced.dynamodb.extensions.WriteModification;
import software.amazon.awssdk.enhanced.dynamodb.internal.operations.OperationName;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTag;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableTag;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Client-side encryption and signing for the DynamoDB Enhanced Client, sync and async: every item
 * written through the client is encrypted and signed by Coffer's {@link dev.coffer.ItemEncryptor},
 * and every item read is verified and decrypted before it is mapped to your bean.
 *
 * <p>Each table's configuration comes from its {@link TableSchema}, derived and validated the
 * first time the table is used (or when you call {@link #tableConfig}):
 * <ul>
 *   <li>every attribute is encrypted and signed, unless marked {@link SignOnly} or
 *       {@link DoNothing} (static schemas: {@link AttributeTags});</li>
 *   <li>the partition and sort keys, every secondary-index key, the {@link TimeToLive} attribute
 *       and the {@code @DynamoDbVersionAttribute} stay plaintext and signed; asking to encrypt one
 *       is a {@link ConfigurationException}; atomic counters are do-nothing;</li>
 *   <li>nested beans and documents are one attribute (encrypted whole); Coffer annotations inside
 *       them are rejected;</li>
 *   <li>items are bound to the {@link LogicalTableName} if one is set, else to the table name.</li>
 * </ul>
 *
 * <p>Operations: putItem, getItem, deleteItem (the returned item is decrypted), query, scan,
 * batchGetItem, batchWriteItem, transactGetItems, transactWriteItems and a full updateItem work as
 * usual. A partial updateItem ({@code IgnoreNullsMode.MAPS_ONLY} with null fields, or
 * {@code IgnoreNullsMode.SCALAR_ONLY} with a non-empty map value, which the SDK flattens into
 * per-key updates) may change only do-nothing attributes; touching a signed one
 * throws {@link dev.coffer.InvalidItemException} before anything is sent. Reads that leave out
 * {@code coffer_head}, {@code coffer_sig} or a signed attribute (a projection, a KEYS_ONLY index)
 * fail with an {@link dev.coffer.IntegrityException} that says what to project.
 *
 * <p>Chain it last among the extensions, so it signs what the others wrote (versions, timestamps);
 * reads then run it first:
 * <pre>{@code
 * CofferExtension coffer = CofferExtension.builder()
 *         .materialsProvider(provider)                         // default for every table
 *         .table("sessions", t -> t.timeToLiveAttribute("expiresAt"))
 *         .build();
 * DynamoDbEnhancedClient client = DynamoDbEnhancedClient.builder()
 *         .dynamoDbClient(ddb)
 *         .extensions(VersionedRecordExtension.builder().build(), coffer)
 *         .build();
 * DynamoDbTable<Session> sessions = client.table("sessions", TableSchema.fromBean(Session.class));
 * coffer.tableConfig("sessions", sessions.tableSchema());   // optional: fail fast at start-up
 * }</pre>
 * A table that has neither its own provider nor the default one is refused (fail closed); use a
 * separate enhanced client without this extension for plaintext tables.
 *
 * <p>Thread-safety: immutable after {@link Builder#build()} and safe to share across threads and
 * clients. The per-table configuration is derived once per table name and schema and cached in a
 * concurrent map (no lock is held while the materials provider runs); the builder is not
 * thread-safe.
 */
public final class CofferExtension implements DynamoDbEnhancedClientExtension {
    private final MaterialsProvider defaultProvider;
    private final Map<String, TableOptions> tables;
    private static final int MAX_SCHEMA_OBJECTS = 256;

    private final ConcurrentHashMap<TableKey, TableModel> models = new ConcurrentHashMap<>();
    /** The same models by schema object identity and table name: the per-item lookup. */
    private final ConcurrentHashMap<TableSchema<?>, Map<String, TableModel>> bySchema = new ConcurrentHashMap<>();

    private CofferExtension(Builder b) {
        this.defaultProvider = b.materialsProvider;
        this.tables = Collections.unmodifiableMap(new LinkedHashMap<>(b.tables));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** An extension that protects every table with {@code provider} and the schemas' annotations. */
    public static CofferExtension create(MaterialsProvider provider) {
        return builder().materialsProvider(provider).build();
    }

    public Builder toBuilder() {
        Builder b = builder().materialsProvider(defaultProvider);
        tables.forEach(b::table);
        return b;
    }

    /**
     * The configuration this extension applies to {@code tableName} with {@code schema}, derived
     * and validated now (and cached). Call it at start-up to surface configuration errors before
     * the first request, or to show which attributes are encrypted.
     *
     * @throws ConfigurationException if the schema, its annotations and the table options cannot work
     */
    public TableConfig tableConfig(String tableName, TableSchema<?> schema) {
        Objects.requireNonNull(tableName, "tableName");
        Objects.requireNonNull(schema, "schema");
        return model(tableName, schema.tableMetadata(), schema).config();
    }

    @Override
    public WriteModification beforeWrite(DynamoDbExtensionContext.BeforeWrite context) {
        Map<String, AttributeValue> item = context.items();
        if (item == null || item.isEmpty()) {
            return WriteModification.builder().build();
        }
        TableModel model = model(context);
        if (context.operationName() == OperationName.UPDATE_ITEM) {
            return model.update(item);
        }
        // PutItem, and the puts inside batchWriteItem and transactWriteItems; any other write is
        // treated the same way, so nothing is ever written unprotected.
        return WriteModification.builder().transformedItem(model.encrypt(item)).build();
    }

    @Override
    public ReadModification afterRead(DynamoDbExtensionContext.AfterRead context) {
        Map<String, AttributeValue> item = context.items();
        if (item == null || item.isEmpty()) {
            return ReadModification.builder().build();
        }
        Map<String, AttributeValue> plain = model(context).read(item, context.operationContext().indexName());
        return ReadModification.builder().transformedItem(plain).build();
    }

    private TableModel model(DynamoDbExtensionContext.Context context) {
        TableSchema<?> schema;
        try {
            schema = context.tableSchema();
        } catch (UnsupportedOperationException e) {
            schema = null; // a context from elsewhere: fall back to the metadata alone
        }
        return model(context.operationContext().tableName(), context.tableMetadata(), schema);
    }

    private TableModel model(String tableName, TableMetadata metadata, TableSchema<?> schema) {
        // Per item, the table's schema object is the one it was created with: look it up by identity
        // (TableSchema does not override equals) before hashing the schema's metadata structurally.
        if (schema != null) {
            Map<String, TableModel> perTable = bySchema.get(schema);
            TableModel known = perTable == null ? null : perTable.get(tableName);
            if (known != null) {
                return known;
            }
        }
        TableKey key = TableKey.of(tableName, metadata, schema);
        TableModel model = models.get(key);
        if (model == null) {
            // Derivation is pure computation over the schema (the provider is not called), so holding
            // the map's bin lock for it is short; a failure is not cached and repeats on the next call.
            model = models.computeIfAbsent(key, k -> TableModels.derive(tableName, metadata, schema,
                    tables.getOrDefault(tableName, TableOptions.defaults()), defaultProvider));
        }
        // Bounded, so an application that builds a new schema object per request does not grow it.
        if (schema != null && bySchema.size() < MAX_SCHEMA_OBJECTS) {
            bySchema.computeIfAbsent(schema, s -> new ConcurrentHashMap<>()).putIfAbsent(tableName, model);
        }
        return model;
    }

    @Override
    public String toString() {
        return "CofferExtension{defaultProvider=" + defaultProvider + ", tables=" + tables + "}";
    }

    /**
     * Attribute tags for static table schemas, the counterparts of the annotations.
     *
     * <pre>{@code
     * StaticTableSchema.builder(Session.class)
     *     .addAttribute(String.class, a -> a.name("status").getter(Session::getStatus).setter(Session::setStatus)
     *                                       .tags(CofferExtension.AttributeTags.signOnly()))
     * }</pre>
     *
     * <p>Thread-safety: the tags are immutable and may be shared.
     */
    public static final class AttributeTags {
        private AttributeTags() {
        }

        /** Same as {@link Encrypt}: encrypted and signed (the default, stated explicitly). */
        public static StaticAttributeTag encrypt() {
            return Tags.action(CryptoAction.ENCRYPT_AND_SIGN);
        }

        /** Same as {@link SignOnly}: plaintext and signed. */
        public static StaticAttributeTag signOnly() {
            return Tags.action(CryptoAction.SIGN_ONLY);
        }

        /** Same as {@link DoNothing}: plaintext and unsigned. */
        public static StaticAttributeTag doNothing() {
            return Tags.action(CryptoAction.DO_NOTHING);
        }

        /** Same as {@link TimeToLive}: the table's TTL attribute, a plaintext, signed number. */
        public static StaticAttributeTag timeToLive() {
            return Tags.timeToLive();
        }
    }

    /**
     * Table tags for static table schemas.
     *
     * <pre>{@code
     * StaticTableSchema.builder(Session.class)
     *     .tags(CofferExtension.TableTags.logicalTableName("sessions"))
     * }</pre>
     *
     * <p>Thread-safety: the tags are immutable and may be shared.
     */
    public static final class TableTags {
        private TableTags() {
        }

        /** Same as {@link LogicalTableName} on a bean class. */
        public static StaticTableTag logicalTableName(String name) {
            return Tags.logicalTableName(name);
        }
    }

    /** Builds a {@link CofferExtension}. Not thread-safe. */
    public static final class Builder {
        private MaterialsProvider materialsProvider;
        private final Map<String, TableOptions> tables = new LinkedHashMap<>();

        private Builder() {
        }

        /** The provider for every table without its own; optional if every table used has one. */
        public Builder materialsProvider(MaterialsProvider materialsProvider) {
            this.materialsProvider = materialsProvider;
            return this;
        }

        /** Options for the DynamoDB table {@code tableName}; replaces earlier options for it. */
        public Builder table(String tableName, TableOptions options) {
            if (tableName == null || tableName.isEmpty()) {
                throw new ConfigurationException("table(name, options) needs a table name");
            }
            tables.put(tableName, Objects.requireNonNull(options, "options"));
            return this;
        }

        /** Options for the DynamoDB table {@code tableName}, built in place. */
        public Builder table(String tableName, Consumer<TableOptions.Builder> options) {
            TableOptions.Builder b = TableOptions.builder();
            options.accept(b);
            return table(tableName, b.build());
        }

        public CofferExtension build() {
            if (materialsProvider == null) {
                if (tables.isEmpty()) {
                    throw new ConfigurationException("Coffer extension: set materialsProvider(...) (the default for "
                            + "every table) or table(name, options) with a provider for each table; see "
                            + "docs/providers.md to choose one");
                }
                tables.forEach((name, options) -> {
                    if (options.materialsProvider().isEmpty()) {
                        throw new ConfigurationException("table '" + name + "': no materials provider; set "
                                + "materialsProvider(...) in its options or a default on the extension builder");
                    }
                });
            }
            return new CofferExtension(this);
        }
    }
}
