package dev.coffer.mostrecent;

import dev.coffer.CofferException;
import dev.coffer.ConfigurationException;
import dev.coffer.CryptoAction;
import dev.coffer.ItemEncryptor;
import dev.coffer.MaterialsException;
import dev.coffer.TableConfig;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.materials.SecretBytes;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * A DynamoDB table of versioned key materials for the {@link MostRecentProvider}.
 *
 * <p>Items are keyed by material name (partition key {@value #NAME}, a string) and version (sort
 * key {@value #VERSION}, a number). Each version holds a freshly generated 32-byte data key and
 * 32-byte signing key, and is itself a Coffer item: both keys are encrypted and signed under
 * {@link Builder#materialsProvider} (direct KMS in production, a wrapped provider for local use),
 * so the meta-store never holds a key in the clear and a tampered version fails to load.
 *
 * <p>Creating a version is a conditional put ({@code attribute_not_exists}): hosts racing to create
 * the same version converge on one winner, whose keys all of them then use. Reads are strongly
 * consistent.
 *
 * <pre>{@code
 * MetaStore.createTable(ddb, "coffer-keys");        // once: on-demand billing, waits until ACTIVE
 * MetaStore store = MetaStore.builder()
 *         .dynamoDb(ddb)
 *         .tableName("coffer-keys")
 *         .materialsProvider(kmsProvider)          // protects the versions
 *         .build();
 * long v = store.rotate("sessions");               // creates the next version
 * }</pre>
 *
 * <p>Thread-safety: immutable after {@code build()}; safe to share. It holds no cache: caching is
 * the {@link MostRecentProvider}'s job.
 */
public final class MetaStore {
    /** Partition key: the material name. */
    public static final String NAME = "material_name";
    /** Sort key: the version number, from 1. */
    public static final String VERSION = "version";
    static final String DATA_KEY = "data_key";
    static final String SIGNING_KEY = "signing_key";
    static final String CREATED_AT = "created_at";

    private final DynamoDbClient ddb;
    private final String tableName;
    private final ItemEncryptor encryptor;
    private final Clock clock;
    private final LongAdder reads = new LongAdder();
    private final LongAdder writes = new LongAdder();
    private final LongAdder versionDecrypts = new LongAdder();

    private MetaStore(Builder b) {
        this.ddb = b.ddb;
        this.tableName = b.tableName;
        this.clock = b.clock;
        this.encryptor = ItemEncryptor.create(TableConfig.builder()
                .tableName(b.tableName)
                .logicalTableName(b.logicalTableName)
                .partitionKey(NAME)
                .sortKey(VERSION)
                .action(DATA_KEY, CryptoAction.ENCRYPT_AND_SIGN)
                .action(SIGNING_KEY, CryptoAction.ENCRYPT_AND_SIGN)
                .action(CREATED_AT, CryptoAction.SIGN_ONLY)
                .materialsProvider(b.provider)
                .build());
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Creates the meta-store table (on-demand billing) if it does not exist and waits until it is
     * active. If a table of that name exists with another key schema, throws
     * {@link ConfigurationException}.
     */
    public static void createTable(DynamoDbClient ddb, String tableName) {
        try {
            ddb.createTable(r -> r.tableName(tableName)
                    .keySchema(KeySchemaElement.builder().attributeName(NAME).keyType(KeyType.HASH).build(),
                            KeySchemaElement.builder().attributeName(VERSION).keyType(KeyType.RANGE).build())
                    .attributeDefinitions(
                            AttributeDefinition.builder().attributeName(NAME).attributeType(ScalarAttributeType.S).build(),
                            AttributeDefinition.builder().attributeName(VERSION).attributeType(ScalarAttributeType.N).build())
                    .billingMode(BillingMode.PAY_PER_REQUEST));
        } catch (ResourceInUseException exists) {
            // Created already (by us earlier or by another host): check it is a meta-store below.
        }
        TableDescription t = ddb.waiter().waitUntilTableExists(r -> r.tableName(tableName)).matched().response()
                .orElseThrow(() -> new ConfigurationException("meta-store '" + tableName + "': table did not become available"))
                .table();
        List<KeySchemaElement> keys = t.keySchema();
        boolean ok = keys.size() == 2 && keys.stream().anyMatch(k -> k.attributeName().equals(NAME) && k.keyType() == KeyType.HASH)
                && keys.stream().anyMatch(k -> k.attributeName().equals(VERSION) && k.keyType() == KeyType.RANGE);
        if (!ok) {
            throw new ConfigurationException("meta-store '" + tableName + "': the table exists with key schema " + keys
                    + "; a meta-store needs partition key '" + NAME + "' (S) and sort key '" + VERSION
                    + "' (N). Choose another table name");
        }
        if (t.tableStatus() != TableStatus.ACTIVE) {
            throw new ConfigurationException("meta-store '" + tableName + "': table status is " + t.tableStatus());
        }
    }

    /** The meta-store's own table configuration (its provider protects versions and endorses key pairs). */
    TableConfig config() {
        return encryptor.config();
    }

    public String tableName() {
        return tableName;
    }

    /** The newest version of {@code materialName}, or empty if it has none yet. One strongly consistent read. */
    Optional<Version> newest(String materialName) {
        QueryResponse r = queryNewest(materialName, false);
        if (!r.hasItems() || r.items().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(open(materialName, r.items().get(0)));
    }

    /**
     * The newest version number of {@code materialName}, or 0 if it has none: one strongly consistent
     * read of the version attribute only, with no decryption (so no call to the protecting provider).
     * The number is not verified; it only chooses which version to create next, and a created
     * version is verified like any other when it is loaded.
     */
    long newestNumber(String materialName) {
        QueryResponse r = queryNewest(materialName, true);
        if (!r.hasItems() || r.items().isEmpty()) {
            return 0;
        }
        AttributeValue v = r.items().get(0).get(VERSION);
        try {
            return Long.parseLong(v.n());
        } catch (RuntimeException e) {
            throw new MaterialsException("meta-store '" + tableName + "': material '" + materialName
                    + "' has a version that is not a whole number");
        }
    }

    private QueryResponse queryNewest(String materialName, boolean versionOnly) {
        QueryResponse r = call(materialName, "query the newest version", () -> ddb.query(q -> {
            q.tableName(tableName)
                    .keyConditionExpression("#n = :n")
                    .expressionAttributeValues(Map.of(":n", AttributeValue.fromS(materialName)))
                    .scanIndexForward(false)
                    .limit(1)
                    .consistentRead(true);
            if (versionOnly) {
                q.expressionAttributeNames(Map.of("#n", NAME, "#v", VERSION)).projectionExpression("#v");
            } else {
                q.expressionAttributeNames(Map.of("#n", NAME));
            }
        }));
        reads.increment();
        return r;
    }

    /** Version {@code number} of {@code materialName}; {@link MaterialsException} if it does not exist. */
    Version version(String materialName, long number) {
        return find(materialName, number).orElseThrow(() -> missing(materialName, number));
    }

    /** Version {@code number} of {@code materialName}, or empty if the meta-store has no such version. */
    Optional<Version> find(String materialName, long number) {
        Map<String, AttributeValue> key = key(materialName, number);
        Map<String, AttributeValue> item = call(materialName, "read version " + number,
                () -> ddb.getItem(g -> g.tableName(tableName).key(key).consistentRead(true))).item();
        reads.increment();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(open(materialName, item));
    }

    MaterialsException missing(String materialName, long number) {
        return new MaterialsException("meta-store '" + tableName + "': material '" + materialName + "' has no version "
                + number + "; it was deleted, or the item was written with another meta-store table");
    }

    /**
     * Creates version {@code number} of {@code materialName} with fresh keys, unless it exists; in
     * both cases returns the version that is stored (the race winner's).
     */
    Version create(String materialName, long number) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(NAME, AttributeValue.fromS(materialName));
        item.put(VERSION, AttributeValue.fromN(Long.toString(number)));
        SecretBytes dataKey = SecretBytes.random(32);
        SecretBytes signingKey = SecretBytes.random(32);
        byte[] dk = dataKey.toByteArray();
        byte[] sk = signingKey.toByteArray();
        item.put(DATA_KEY, AttributeValue.fromB(SdkBytes.fromByteArray(dk)));
        item.put(SIGNING_KEY, AttributeValue.fromB(SdkBytes.fromByteArray(sk)));
        java.util.Arrays.fill(dk, (byte) 0);
        java.util.Arrays.fill(sk, (byte) 0);
        item.put(CREATED_AT, AttributeValue.fromN(Long.toString(clock.instant().getEpochSecond())));
        Map<String, AttributeValue> encrypted = encryptor.encrypt(item);
        try {
            call(materialName, "create version " + number, () -> ddb.putItem(p -> p.tableName(tableName).item(encrypted)
                    .conditionExpression("attribute_not_exists(#n)")
                    .expressionAttributeNames(Map.of("#n", NAME))));
            writes.increment();
            return new Version(materialName, number, dataKey, signingKey);
        } catch (ConditionalCheckFailedException lost) {
            writes.increment();
            // Another host created this version first: use theirs, so everyone converges on one.
            return version(materialName, number);
        }
    }

    /**
     * Creates the next version of {@code materialName} (version 1 if it has none) and returns its
     * number. If another host rotates at the same moment, both get the same new version.
     */
    public long rotate(String materialName) {
        return create(materialName, newestNumber(materialName) + 1).number;
    }

    /** The newest version number of {@code materialName}, if any (read without decrypting). */
    public Optional<Long> newestVersion(String materialName) {
        long n = newestNumber(materialName);
        return n == 0 ? Optional.empty() : Optional.of(n);
    }

    /** Meta-store reads (queries and gets) made through this instance. */
    public long reads() {
        return reads.sum();
    }

    /** Meta-store writes (conditional puts) made through this instance. */
    public long writes() {
        return writes.sum();
    }

    /** Versions decrypted through this instance; each one costs the protecting provider one unwrap (one KMS call for direct KMS). */
    public long versionDecrypts() {
        return versionDecrypts.sum();
    }

    private Version open(String materialName, Map<String, AttributeValue> stored) {
        Map<String, AttributeValue> plain;
        try {
            plain = encryptor.decrypt(stored);
        } catch (CofferException e) {
            throw new MaterialsException("meta-store '" + tableName + "': a version of material '" + materialName
                    + "' could not be verified and decrypted: " + e.getMessage(), e);
        } finally {
            versionDecrypts.increment();
        }
        AttributeValue v = plain.get(VERSION);
        AttributeValue dk = plain.get(DATA_KEY);
        AttributeValue sk = plain.get(SIGNING_KEY);
        if (v == null || v.n() == null || dk == null || dk.b() == null || sk == null || sk.b() == null) {
            throw new MaterialsException("meta-store '" + tableName + "': a version of material '" + materialName
                    + "' lacks its keys; it was not written by Coffer's meta-store");
        }
        byte[] dkb = dk.b().asByteArray();
        byte[] skb = sk.b().asByteArray();
        try {
            return new Version(materialName, Long.parseLong(v.n()), SecretBytes.copyOf(dkb), SecretBytes.copyOf(skb));
        } catch (NumberFormatException e) {
            throw new MaterialsException("meta-store '" + tableName + "': material '" + materialName
                    + "' has a version that is not a whole number");
        } finally {
            java.util.Arrays.fill(dkb, (byte) 0);
            java.util.Arrays.fill(skb, (byte) 0);
        }
    }

    private static Map<String, AttributeValue> key(String materialName, long number) {
        return Map.of(NAME, AttributeValue.fromS(materialName), VERSION, AttributeValue.fromN(Long.toString(number)));
    }

    private <R> R call(String materialName, String what, java.util.function.Supplier<R> request) {
        try {
            return request.get();
        } catch (ConditionalCheckFailedException e) {
            throw e;
        } catch (SdkException e) {
            throw new MaterialsException("meta-store '" + tableName + "': could not " + what + " of material '"
                    + materialName + "': " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "MetaStore{table=" + tableName + "}";
    }

    /** Builds a {@link MetaStore}. Not thread-safe. */
    public static final class Builder {
        private DynamoDbClient ddb;
        private String tableName;
        private String logicalTableName;
        private MaterialsProvider provider;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The client for the meta-store table. Required. */
        public Builder dynamoDb(DynamoDbClient ddb) {
            this.ddb = ddb;
            return this;
        }

        /** The meta-store table (see {@link MetaStore#createTable}). Required. */
        public Builder tableName(String tableName) {
            this.tableName = tableName;
            return this;
        }

        /**
         * The name the version items are cryptographically bound to; by default the table name. Set
         * it if the meta-store table may be restored or renamed (a restored table gets another name),
         * and keep it the same for every copy: versions written under one name do not verify under another.
         */
        public Builder logicalTableName(String logicalTableName) {
            this.logicalTableName = logicalTableName;
            return this;
        }

        /** The provider that encrypts and signs every version (direct KMS, or wrapped for local use). Required. */
        public Builder materialsProvider(MaterialsProvider provider) {
            this.provider = provider;
            return this;
        }

        /**
         * The clock whose time is written as each new version's {@code created_at} attribute (for
         * operators; it does not drive expiry, which is the provider's own clock); the system UTC
         * clock by default, a fixed clock in tests.
         */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        public MetaStore build() {
            if (ddb == null) {
                throw new ConfigurationException("meta-store: set dynamoDb(...) to the client for the meta-store table");
            }
            if (tableName == null || tableName.isEmpty()) {
                throw new ConfigurationException("meta-store: set tableName(...); create the table with MetaStore.createTable");
            }
            if (provider == null) {
                throw new ConfigurationException("meta-store '" + tableName + "': set materialsProvider(...) to the provider "
                        + "that protects the versions (a direct KMS provider in production)");
            }
            if (clock == null) {
                throw new ConfigurationException("meta-store '" + tableName + "': clock must not be null");
            }
            return new MetaStore(this);
        }
    }

    static Duration positive(Duration d, String what, String owner) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new ConfigurationException(owner + ": " + what + " must be a positive duration, was " + d);
        }
        return d;
    }
}
