package dev.coffer.enhanced;

import dev.coffer.ConfigurationException;
import dev.coffer.CryptoAction;
import dev.coffer.TableConfig;
import dev.coffer.beacon.BeaconCondition;
import dev.coffer.beacon.BeaconKeySource;
import dev.coffer.beacon.BeaconQuery;
import dev.coffer.beacon.BeaconTransform;
import dev.coffer.enhanced.internal.BeaconSearch;
import dev.coffer.enhanced.internal.ReturnedItems;
import dev.coffer.enhanced.internal.Interceptors;
import dev.coffer.enhanced.internal.ReadFilter;
import dev.coffer.enhanced.internal.TableKey;
import dev.coffer.enhanced.internal.TableModel;
import dev.coffer.enhanced.internal.TableModels;
import dev.coffer.enhanced.internal.Tags;
import dev.coffer.materials.MaterialsProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbAsyncTable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClientExtension;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbExtensionContext;
import software.amazon.awssdk.enhanced.dynamodb.TableMetadata;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.extensions.ReadModification;
import software.amazon.awssdk.enhanced.dynamodb.extensions.WriteModification;
import software.amazon.awssdk.enhanced.dynamodb.internal.operations.OperationName;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTag;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableTag;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
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
 * throws {@link dev.coffer.InvalidItemException} before anything is sent. A partial update is also
 * conditional on the stored item listing what it changes in {@link #UNSIGNED_ATTRIBUTE}, so an item
 * written while one of those attributes was still signed is never changed in place (DynamoDB answers
 * {@code ConditionalCheckFailedException}; write such an item whole once). Reads that leave out
 * {@code coffer_head}, {@code coffer_sig}, {@code coffer_unsigned} or a signed attribute (a
 * projection, a KEYS_ONLY index) fail with an {@link dev.coffer.IntegrityException} that says what
 * to project.
 *
 * <p>Failing closed: by default one item that fails verification fails the whole read, a query or
 * scan included. A table can opt in to skipping such items in query, scan and batchGetItem
 * ({@link TableOptions.Builder#skipUnverifiedItems}); that needs {@link #executionInterceptor()} on the
 * DynamoDB client and the table's schema given to {@link #tableConfig} at start-up:
 * <pre>{@code
 * CofferExtension coffer = CofferExtension.builder()
 *         .materialsProvider(provider)
 *         .table("orders", t -> t.skipUnverifiedItems(skipped -> securityLog.warn("skipped {}", skipped)))
 *         .build();
 * DynamoDbClient ddb = DynamoDbClient.builder()
 *         .overrideConfiguration(o -> o.addExecutionInterceptor(coffer.executionInterceptor()))
 *         .build();
 * DynamoDbEnhancedClient client = DynamoDbEnhancedClient.builder().dynamoDbClient(ddb).extensions(coffer).build();
 * DynamoDbTable<Order> orders = client.table("orders", TableSchema.fromBean(Order.class));
 * coffer.tableConfig("orders", orders.tableSchema());
 * }</pre>
 *
 * <p>Searchable encryption: an encrypted property marked {@link Beacon} (compound beacons:
 * {@link CompoundBeacon}) gets a beacon, a signed plaintext attribute an index can be built on, and
 * {@link #query(DynamoDbTable, String, BeaconQuery)} finds items by the property's plaintext value
 * (sync and async; false positives removed). Tables with beacons need a beacon key
 * ({@link Builder#beaconKeySource}); see docs/searchable-encryption.md, and what beacons reveal
 * before adding one:
 * <pre>{@code
 * CofferExtension coffer = CofferExtension.builder().materialsProvider(provider)
 *         .beaconKeySource(BeaconKeySource.local(secret)).build();
 * List<User> found = coffer.query(users, "email-index", BeaconQuery.equalTo("email", "alice@example.com"));
 * }</pre>
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
    /**
     * A signed string set the extension writes into every item it writes whole, naming the schema's
     * do-nothing attributes: the attributes that item leaves unsigned. A partial {@code updateItem}
     * is conditional on it listing every attribute the update changes, because DynamoDB cannot read
     * Coffer's header, and changing in place an attribute the stored item signs (one that was signed
     * when the item was written and is do-nothing in today's schema) would make the item unreadable.
     * Reads verify it with the other signed attributes and leave it out of the item they return;
     * projections must include it. Absent from items of schemas without do-nothing attributes.
     */
    public static final String UNSIGNED_ATTRIBUTE = "coffer_unsigned";

    private final MaterialsProvider defaultProvider;
    private final BeaconKeySource defaultBeaconKey;
    private final Map<String, TableOptions> tables;
    private static final int MAX_SCHEMA_OBJECTS = 256;

    private final ConcurrentHashMap<TableKey, TableModel> models = new ConcurrentHashMap<>();
    /** The same models by schema object identity and table name: the per-item lookup. */
    private final ConcurrentHashMap<TableSchema<?>, Map<String, TableModel>> bySchema = new ConcurrentHashMap<>();
    /** The models given to {@link #tableConfig}, by table name: what the read filter verifies with. */
    private final ConcurrentHashMap<String, List<TableModel>> registered = new ConcurrentHashMap<>();
    /** Both interceptors behind {@link #executionInterceptor()}: items in exceptions, and skipping. */
    private final ExecutionInterceptor interceptor;

    private CofferExtension(Builder b) {
        this.defaultProvider = b.materialsProvider;
        this.defaultBeaconKey = b.beaconKeySource;
        this.tables = Collections.unmodifiableMap(new LinkedHashMap<>(b.tables));
        this.interceptor = new Interceptors(
                new ReturnedItems(this::modelsFor, name -> defaultProvider != null || tables.containsKey(name)),
                new ReadFilter(table -> tables.getOrDefault(table, TableOptions.defaults()).skippedItemListener(),
                        table -> registered.getOrDefault(table, List.of())));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** An extension that protects every table with {@code provider} and the schemas' annotations. */
    public static CofferExtension create(MaterialsProvider provider) {
        return builder().materialsProvider(provider).build();
    }

    public Builder toBuilder() {
        Builder b = builder().materialsProvider(defaultProvider).beaconKeySource(defaultBeaconKey);
        tables.forEach(b::table);
        return b;
    }

    /**
     * The configuration this extension applies to {@code tableName} with {@code schema}, derived
     * and validated now (and cached). Call it at start-up to surface configuration errors before
     * the first request, or to show which attributes are encrypted. A table that skips unverified
     * items needs it: {@link #executionInterceptor()} verifies that table's items with the schemas given
     * here (an item is kept only if it verifies under each of them).
     *
     * @throws ConfigurationException if the schema, its annotations and the table options cannot work
     */
    public TableConfig tableConfig(String tableName, TableSchema<?> schema) {
        Objects.requireNonNull(tableName, "tableName");
        Objects.requireNonNull(schema, "schema");
        TableModel model = model(tableName, schema.tableMetadata(), schema);
        List<TableModel> forTable = registered.computeIfAbsent(tableName, k -> new CopyOnWriteArrayList<>());
        if (!forTable.contains(model)) {
            forTable.add(model);
        }
        return model.config();
    }

    /**
     * The {@link ExecutionInterceptor} to register on the {@code DynamoDbClient} (or
     * {@code DynamoDbAsyncClient}) this extension's enhanced client uses, so that no unverified item
     * reaches the application through an exception:
     * <pre>{@code
     * CofferExtension coffer = CofferExtension.create(provider);
     * DynamoDbClient ddb = DynamoDbClient.builder()
     *         .overrideConfiguration(o -> o.addExecutionInterceptor(coffer.executionInterceptor()))
     *         .build();
     * DynamoDbEnhancedClient client = DynamoDbEnhancedClient.builder().dynamoDbClient(ddb).extensions(coffer).build();
     * }</pre>
     *
     * <p>With {@code ReturnValuesOnConditionCheckFailure.ALL_OLD}, DynamoDB returns the stored item
     * inside the {@code ConditionalCheckFailedException} of a failed conditional put, update or
     * delete, and inside the cancellation reasons of a {@code TransactionCanceledException}; the
     * Enhanced Client hands these to the application without calling any extension, so without this
     * interceptor they arrive as stored: ciphertext, and unverified values. With it, each such item
     * of a table this extension protects is verified and decrypted as a read would, and replaced by
     * its plaintext, or removed if it cannot be verified (it fails verification, the table has not
     * been used through this extension yet, or several schemas use it); the exception's message then
     * says why, and a verification error is attached as a suppressed exception. The exception keeps
     * its type, so conditional-write logic works unchanged. Items of tables this extension would not
     * protect are left alone. It also explains a failed partial {@code updateItem} whose Coffer
     * condition did not hold (see {@link #UNSIGNED_ATTRIBUTE}); for that it asks DynamoDB for the old
     * item (no read capacity is consumed) and removes it again unless the request asked for it.
     *
     * <p>It also makes {@link TableOptions.Builder#skipUnverifiedItems} work: for each Query, Scan and
     * BatchGetItem response of a table that skips, it verifies every item, removes those that fail
     * (adjusting {@code Count}) and tells the table's listener, before the enhanced client sees the
     * page; other tables and other operations pass through untouched, and still fail closed in this
     * extension. It applies to every such call on that client, low-level ones included. Cost: a kept
     * item is verified twice, by the interceptor and when the page is mapped (with a direct KMS
     * provider, two {@code Decrypt} calls per item; a {@code CachingProvider} avoids the second). If
     * the listener throws, nothing of that response is skipped: the read fails as it would without
     * skipping. Every read of a table that skips, through a schema not given to {@link #tableConfig},
     * fails with a {@link ConfigurationException}.
     *
     * <p>Thread-safety: one instance per extension, stateless, safe for any number of clients.
     */
    public ExecutionInterceptor executionInterceptor() {
        return interceptor;
    }

    /** The models derived so far for {@code tableName}, one per distinct schema. */
    private List<TableModel> modelsFor(String tableName) {
        List<TableModel> out = new ArrayList<>();
        models.forEach((key, model) -> {
            if (key.tableName().equals(tableName) && !out.contains(model)) {
                out.add(model);
            }
        });
        return out;
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
        TableModel model = model(context);
        if (model.skippedItemListener().isPresent() && !registeredFor(context, model)) {
            throw new ConfigurationException("table '" + context.operationContext().tableName() + "': it skips unverified "
                    + "items, but this schema was not given to the extension: call coffer.tableConfig(\""
                    + context.operationContext().tableName() + "\", table.tableSchema()) at start-up, for every schema the "
                    + "table is read with; nothing was returned");
        }
        Map<String, AttributeValue> plain = model.read(item, context.operationContext().indexName());
        return ReadModification.builder().transformedItem(plain).build();
    }

    private TableModel model(DynamoDbExtensionContext.Context context) {
        return model(context.operationContext().tableName(), context.tableMetadata(), schemaOf(context));
    }

    private static TableSchema<?> schemaOf(DynamoDbExtensionContext.Context context) {
        try {
            return context.tableSchema();
        } catch (UnsupportedOperationException e) {
            return null; // a context from elsewhere: fall back to the metadata alone
        }
    }

    /**
     * Whether the read filter verified with this read's schema: it was given to {@link #tableConfig}.
     * A context without a schema (not one the SDK's own pipeline makes) cannot be matched; any
     * registered schema of the table then counts.
     */
    private boolean registeredFor(DynamoDbExtensionContext.Context context, TableModel model) {
        List<TableModel> forTable = registered.getOrDefault(context.operationContext().tableName(), List.of());
        return schemaOf(context) == null ? !forTable.isEmpty() : forTable.contains(model);
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
                    tables.getOrDefault(tableName, TableOptions.defaults()), defaultProvider, defaultBeaconKey));
        }
        // Bounded, so an application that builds a new schema object per request does not grow it.
        if (schema != null && bySchema.size() < MAX_SCHEMA_OBJECTS) {
            bySchema.computeIfAbsent(schema, s -> new ConcurrentHashMap<>()).putIfAbsent(tableName, model);
        }
        return model;
    }

    // ---------------------------------------------------------------------------------------------
    // Searching through beacons (docs/searchable-encryption.md)
    // ---------------------------------------------------------------------------------------------

    /**
     * The items of {@code table} whose plaintext matches {@code query}, found through the global
     * secondary index {@code indexName}, whose partition key is the query's beacon. Every page is
     * read; each item is verified and decrypted as any read is (one that fails verification fails
     * the search, unless the table skips unverified items), and items that share the beacon without
     * matching (false positives) are left out, so the result is exactly the matching items.
     *
     * <pre>{@code
     * List<User> found = coffer.query(users, "email-index", BeaconQuery.equalTo("email", "alice@example.com"));
     * }</pre>
     *
     * <p>The request is sent with the table's own DynamoDB client (its interceptors apply), not
     * through {@code DynamoDbIndex}, which accepts only indexes the schema declares; other
     * extensions' {@code afterRead} does not run on these items. The index must project every
     * attribute ({@code ProjectionType.ALL}), since Coffer verifies the whole item.
     *
     * @throws ConfigurationException if the table has no such beacon
     */
    public <T> List<T> query(DynamoDbTable<T> table, String indexName, BeaconQuery query) {
        return query(table, indexName, query, null);
    }

    /**
     * As {@link #query(DynamoDbTable, String, BeaconQuery)}, on an index whose partition key is the
     * beacon of {@code partition} (matched whole) and whose sort key is the beacon of {@code sort}
     * (whole, or {@code begins_with} for a compound query that gives only its first parts).
     */
    public <T> List<T> query(DynamoDbTable<T> table, String indexName, BeaconQuery partition, BeaconQuery sort) {
        TableModel model = searchModel(table.tableName(), table.tableSchema(), indexName);
        return BeaconSearch.query(table, model, indexName, model.beaconCondition(Objects.requireNonNull(partition,
                "partition")), sort == null ? null : model.beaconCondition(sort));
    }

    /** {@link #query(DynamoDbTable, String, BeaconQuery)} for the async enhanced client. */
    public <T> CompletableFuture<List<T>> query(DynamoDbAsyncTable<T> table, String indexName, BeaconQuery query) {
        return query(table, indexName, query, null);
    }

    /** {@link #query(DynamoDbTable, String, BeaconQuery, BeaconQuery)} for the async enhanced client. */
    public <T> CompletableFuture<List<T>> query(DynamoDbAsyncTable<T> table, String indexName, BeaconQuery partition,
            BeaconQuery sort) {
        try {
            TableModel model = searchModel(table.tableName(), table.tableSchema(), indexName);
            return BeaconSearch.query(table, model, indexName, model.beaconCondition(Objects.requireNonNull(partition,
                    "partition")), sort == null ? null : model.beaconCondition(sort));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * The items of {@code table} matching {@code query}, by a full scan filtered on the beacon: for
     * beacons without an index, or a {@code begins_with} on a compound beacon that is an index's
     * partition key. Reads (and pays for) the whole table; prefer an index.
     */
    public <T> List<T> scan(DynamoDbTable<T> table, BeaconQuery query) {
        TableModel model = searchModel(table.tableName(), table.tableSchema(), null);
        return BeaconSearch.scan(table, model, model.beaconCondition(Objects.requireNonNull(query, "query")));
    }

    /**
     * The condition on a stored beacon for {@code query}, for requests you build yourself (with
     * {@link BeaconCondition#matches} on each decrypted item to drop false positives).
     */
    public BeaconCondition beaconCondition(String tableName, TableSchema<?> schema, BeaconQuery query) {
        return searchModel(tableName, schema, null).beaconCondition(Objects.requireNonNull(query, "query"));
    }

    private TableModel searchModel(String tableName, TableSchema<?> schema, String indexName) {
        if (indexName != null && indexName.isEmpty()) {
            throw new ConfigurationException("table '" + tableName + "': a beacon query needs the index name");
        }
        return model(tableName, schema.tableMetadata(), schema);
    }

    @Override
    public String toString() {
        return "CofferExtension{defaultProvider=" + defaultProvider
                + (defaultBeaconKey == null ? "" : ", beaconKey=" + defaultBeaconKey) + ", tables=" + tables + "}";
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

        /** Same as {@code @Beacon(bits = bits, transform = transform)}: a standard beacon named after the attribute. */
        public static StaticAttributeTag beacon(int bits, BeaconTransform transform) {
            return Tags.beacon("", bits, transform, "");
        }

        /** Same as {@code @Beacon(bits = bits, transform = transform, index = index)}. */
        public static StaticAttributeTag beacon(int bits, BeaconTransform transform, String index) {
            return Tags.beacon("", bits, transform, index);
        }

        /** Same as {@link Beacon} with every element: a beacon named {@code name} (the attribute's if empty). */
        public static StaticAttributeTag beacon(String name, int bits, BeaconTransform transform, String index) {
            return Tags.beacon(name, bits, transform, index);
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

        /** Same as {@link CompoundBeacon} on a bean class. */
        public static StaticTableTag compoundBeacon(dev.coffer.beacon.CompoundBeacon beacon) {
            return Tags.compoundBeacon(beacon);
        }
    }

    /** Builds a {@link CofferExtension}. Not thread-safe. */
    public static final class Builder {
        private MaterialsProvider materialsProvider;
        private BeaconKeySource beaconKeySource;
        private final Map<String, TableOptions> tables = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * The beacon key of every table with beacons and without its own
         * ({@link TableOptions.Builder#beaconKeySource}). Each beacon's key is derived from it, the
         * table's logical name and the beacon's name, so tables never share beacon values.
         */
        public Builder beaconKeySource(BeaconKeySource source) {
            this.beaconKeySource = source;
            return this;
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
                    if (options.settings().materialsProvider().isEmpty()) {
                        throw new ConfigurationException("table '" + name + "': no materials provider; set "
                                + "materialsProvider(...) in its options or a default on the extension builder");
                    }
                });
            }
            return new CofferExtension(this);
        }
    }
}
