package dev.coffer.spark;

import dev.coffer.ConfigurationException;
import dev.coffer.CryptoAction;
import dev.coffer.TableConfig;
import dev.coffer.materials.DecryptionMaterials;
import dev.coffer.materials.EncryptionContext;
import dev.coffer.materials.EncryptionMaterials;
import dev.coffer.materials.MaterialsDescription;
import dev.coffer.materials.MaterialsProvider;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link TableConfig} in a form a Spark job can ship to its executors: the table name, key
 * attributes and attribute actions, plus a {@link KeySource} (where keys come from) instead of a
 * materials provider. Each executor turns it into one {@link TableConfig} and
 * {@link dev.coffer.ItemEncryptor}, shared by its tasks. The settings mean exactly what
 * {@link TableConfig.Builder}'s do, and {@link Builder#build()} checks them the same way.
 *
 * <pre>{@code
 * TableSpec orders = TableSpec.builder()
 *         .tableName("orders")
 *         .partitionKey("customer_id")
 *         .sortKey("order_id")
 *         .action("status", CryptoAction.SIGN_ONLY)
 *         .keys(KmsKeys.builder().region(Region.US_EAST_1).decryptionKeys(keyArn).build())
 *         .build();
 * }</pre>
 *
 * <p>Thread-safety: immutable; the builder is not thread-safe.
 */
public final class TableSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Validation only: never asked for materials. */
    private static final MaterialsProvider UNUSED = new MaterialsProvider() {
        @Override
        public EncryptionMaterials encryptionMaterials(EncryptionContext context) {
            throw new UnsupportedOperationException("TableSpec validation provider: never used for items");
        }

        @Override
        public DecryptionMaterials decryptionMaterials(EncryptionContext context, MaterialsDescription description) {
            throw new UnsupportedOperationException("TableSpec validation provider: never used for items");
        }
    };

    private final String tableName;
    private final String logicalTableName;
    private final String partitionKey;
    private final String sortKey;
    private final LinkedHashMap<String, CryptoAction> actions;
    private final CryptoAction defaultAction;
    private final ArrayList<String> allowedUnsigned;
    private final String allowedUnsignedPrefix;
    private final KeySource keys;

    private TableSpec(Builder b) {
        this.tableName = b.tableName;
        this.logicalTableName = b.logicalTableName;
        this.partitionKey = b.partitionKey;
        this.sortKey = b.sortKey;
        this.actions = new LinkedHashMap<>(b.actions);
        this.defaultAction = b.defaultAction;
        this.allowedUnsigned = new ArrayList<>(b.allowedUnsigned);
        this.allowedUnsignedPrefix = b.allowedUnsignedPrefix;
        this.keys = b.keys;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this spec's settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.tableName = tableName;
        b.logicalTableName = logicalTableName;
        b.partitionKey = partitionKey;
        b.sortKey = sortKey;
        b.actions.putAll(actions);
        b.defaultAction = defaultAction;
        b.allowedUnsigned.addAll(allowedUnsigned);
        b.allowedUnsignedPrefix = allowedUnsignedPrefix;
        b.keys = keys;
        return b;
    }

    /** The DynamoDB table name. */
    public String tableName() {
        return tableName;
    }

    /** The partition key attribute. */
    public String partitionKey() {
        return partitionKey;
    }

    /** The sort key attribute, if the table has one. */
    public Optional<String> sortKey() {
        return Optional.ofNullable(sortKey);
    }

    /** The explicit attribute actions (unmodifiable). */
    public Map<String, CryptoAction> actions() {
        return Collections.unmodifiableMap(actions);
    }

    /** Where keys come from. */
    public KeySource keys() {
        return keys;
    }

    /** The table configuration with {@code provider}; the executors call this with their provider. */
    public TableConfig toTableConfig(MaterialsProvider provider) {
        TableConfig.Builder b = TableConfig.builder().tableName(tableName).partitionKey(partitionKey)
                .actions(actions).defaultAction(defaultAction).allowedUnsignedAttributes(allowedUnsigned)
                .materialsProvider(provider);
        if (logicalTableName != null) {
            b.logicalTableName(logicalTableName);
        }
        if (sortKey != null) {
            b.sortKey(sortKey);
        }
        if (allowedUnsignedPrefix != null) {
            b.allowedUnsignedPrefix(allowedUnsignedPrefix);
        }
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof TableSpec)) {
            return false;
        }
        TableSpec t = (TableSpec) o;
        return tableName.equals(t.tableName) && Objects.equals(logicalTableName, t.logicalTableName)
                && partitionKey.equals(t.partitionKey) && Objects.equals(sortKey, t.sortKey)
                && actions.equals(t.actions) && defaultAction == t.defaultAction
                && allowedUnsigned.equals(t.allowedUnsigned)
                && Objects.equals(allowedUnsignedPrefix, t.allowedUnsignedPrefix) && keys.equals(t.keys);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tableName, logicalTableName, partitionKey, sortKey, actions, defaultAction, allowedUnsigned,
                allowedUnsignedPrefix, keys);
    }

    @Override
    public String toString() {
        return "TableSpec{table=" + tableName + ", partitionKey=" + partitionKey
                + (sortKey == null ? "" : ", sortKey=" + sortKey) + ", actions=" + actions + ", default="
                + defaultAction + ", keys=" + keys + "}";
    }

    /** Builds a {@link TableSpec}; each setting as in {@link TableConfig.Builder}. Not thread-safe. */
    public static final class Builder {
        private String tableName;
        private String logicalTableName;
        private String partitionKey;
        private String sortKey;
        private final LinkedHashMap<String, CryptoAction> actions = new LinkedHashMap<>();
        private CryptoAction defaultAction = CryptoAction.ENCRYPT_AND_SIGN;
        private final List<String> allowedUnsigned = new ArrayList<>();
        private String allowedUnsignedPrefix;
        private KeySource keys;

        private Builder() {
        }

        /** The DynamoDB table name. Required. */
        public Builder tableName(String tableName) {
            this.tableName = tableName;
            return this;
        }

        /** The name items are bound to, if not the table name ({@link TableConfig.Builder#logicalTableName}). */
        public Builder logicalTableName(String logicalTableName) {
            this.logicalTableName = logicalTableName;
            return this;
        }

        /** The partition key attribute. Required. */
        public Builder partitionKey(String name) {
            this.partitionKey = name;
            return this;
        }

        /** The sort key attribute, if the table has one. */
        public Builder sortKey(String name) {
            this.sortKey = name;
            return this;
        }

        /** The action of one attribute. */
        public Builder action(String name, CryptoAction action) {
            if (name == null || action == null) {
                throw new ConfigurationException("table '" + tableName + "': action(name, action) needs both, got "
                        + name + " and " + action);
            }
            actions.put(name, action);
            return this;
        }

        /** The actions of several attributes (replaces the earlier ones). */
        public Builder actions(Map<String, CryptoAction> actions) {
            if (actions == null) {
                throw new ConfigurationException("table '" + tableName + "': actions must not be null");
            }
            this.actions.clear();
            actions.forEach(this::action);
            return this;
        }

        /** The action of attributes without one; {@code ENCRYPT_AND_SIGN} by default. */
        public Builder defaultAction(CryptoAction action) {
            if (action == null) {
                throw new ConfigurationException("table '" + tableName + "': defaultAction must not be null");
            }
            this.defaultAction = action;
            return this;
        }

        /** Attributes a read accepts unsigned (replaces the earlier ones). */
        public Builder allowedUnsignedAttributes(Collection<String> names) {
            if (names == null || names.contains(null)) {
                throw new ConfigurationException("table '" + tableName
                        + "': allowedUnsignedAttributes must not be or contain null");
            }
            allowedUnsigned.clear();
            allowedUnsigned.addAll(names);
            return this;
        }

        /** Accept unsigned attributes starting with {@code prefix} on read. */
        public Builder allowedUnsignedPrefix(String prefix) {
            this.allowedUnsignedPrefix = prefix;
            return this;
        }

        /** Where the executors get keys. Required. */
        public Builder keys(KeySource keys) {
            this.keys = keys;
            return this;
        }

        /** The spec, checked as {@link TableConfig.Builder#build()} checks a configuration. */
        public TableSpec build() {
            TableSpec spec = new TableSpec(this);
            spec.toTableConfig(UNUSED);
            if (keys == null) {
                throw new ConfigurationException("table '" + tableName + "': set keys(...) to a KeySource"
                        + " (KmsKeys, MostRecentKeys, KeyringFile); see docs/spark.md");
            }
            return spec;
        }
    }
}
