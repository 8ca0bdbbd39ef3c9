package dev.coffer.materials.spi;

import dev.coffer.AlgorithmSuite;
import dev.coffer.ConfigurationException;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a materials provider knows about the item it protects: the (logical) table name and the
 * item's primary key. Providers may bind keys to it (the KMS provider puts it into the KMS
 * encryption context) or use it to pick materials.
 *
 * <p>A context is <em>item-scoped</em> when it carries the key values (what the encryptor passes)
 * and <em>table-scoped</em> when it carries only the table and key names ({@link #tableScope()}),
 * which is what a caching provider passes on so that one data key can serve many items of a table
 * but never another table.
 *
 * <p>The context also says which {@link AlgorithmSuite} the item is written with (on encrypt: the
 * table's; on decrypt: the one its header names), so a provider knows whether to supply an ECDSA
 * key pair or public key. A caching provider keys its cache by the table-scoped context, suite
 * included, so materials of one suite never serve the other.
 *
 * <pre>{@code
 * EncryptionContext ctx = EncryptionContext.builder()
 *         .tableName("sessions")
 *         .partitionKey("user_id", AttributeValue.fromS("u-1"))
 *         .sortKey("session_id", AttributeValue.fromS("s-9"))
 *         .build();
 * }</pre>
 *
 * <p>Thread-safety: immutable.
 */
public final class EncryptionContext {
    private final String tableName;
    private final String partitionKeyName;
    private final AttributeValue partitionKeyValue;
    private final String sortKeyName;
    private final AttributeValue sortKeyValue;
    private final AlgorithmSuite algorithmSuite;

    private EncryptionContext(Builder b) {
        this.tableName = b.tableName;
        this.partitionKeyName = b.partitionKeyName;
        this.partitionKeyValue = b.partitionKeyValue;
        this.sortKeyName = b.sortKeyName;
        this.sortKeyValue = b.sortKeyValue;
        this.algorithmSuite = b.algorithmSuite;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder().tableName(tableName).partitionKey(partitionKeyName, partitionKeyValue)
                .algorithmSuite(algorithmSuite);
        if (sortKeyName != null) {
            b.sortKey(sortKeyName, sortKeyValue);
        }
        return b;
    }

    /** The logical table name the item is bound to (the physical name unless one was configured). */
    public String tableName() {
        return tableName;
    }

    public String partitionKeyName() {
        return partitionKeyName;
    }

    /** The partition key value; empty in a table-scoped context. */
    public Optional<AttributeValue> partitionKeyValue() {
        return Optional.ofNullable(partitionKeyValue);
    }

    public Optional<String> sortKeyName() {
        return Optional.ofNullable(sortKeyName);
    }

    /** The sort key value; empty in a table-scoped context or a table without a sort key. */
    public Optional<AttributeValue> sortKeyValue() {
        return Optional.ofNullable(sortKeyValue);
    }

    /** The algorithm suite of the item: the table's on encrypt, the header's on decrypt. */
    public AlgorithmSuite algorithmSuite() {
        return algorithmSuite;
    }

    /** Whether this context carries the item's key values. */
    public boolean isItemScoped() {
        return partitionKeyValue != null;
    }

    /** This context without key values: the same table and key names. */
    public EncryptionContext tableScope() {
        if (!isItemScoped()) {
            return this;
        }
        Builder b = new Builder().tableName(tableName).partitionKey(partitionKeyName, null).algorithmSuite(algorithmSuite);
        if (sortKeyName != null) {
            b.sortKey(sortKeyName, null);
        }
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof EncryptionContext)) {
            return false;
        }
        EncryptionContext c = (EncryptionContext) o;
        return tableName.equals(c.tableName) && partitionKeyName.equals(c.partitionKeyName)
                && Objects.equals(partitionKeyValue, c.partitionKeyValue) && Objects.equals(sortKeyName, c.sortKeyName)
                && Objects.equals(sortKeyValue, c.sortKeyValue) && algorithmSuite == c.algorithmSuite;
    }

    @Override
    public int hashCode() {
        return Objects.hash(tableName, partitionKeyName, partitionKeyValue, sortKeyName, sortKeyValue, algorithmSuite);
    }

    /** Names only: key values can be sensitive and are left out. */
    @Override
    public String toString() {
        return "EncryptionContext{table=" + tableName + ", partitionKey=" + partitionKeyName
                + (sortKeyName == null ? "" : ", sortKey=" + sortKeyName)
                + (isItemScoped() ? "" : ", table-scoped")
                + (algorithmSuite == AlgorithmSuite.AES_GCM_HMAC_SHA256 ? "" : ", suite=" + algorithmSuite) + "}";
    }

    /** Builds an {@link EncryptionContext}. Not thread-safe. */
    public static final class Builder {
        private String tableName;
        private String partitionKeyName;
        private AttributeValue partitionKeyValue;
        private String sortKeyName;
        private AttributeValue sortKeyValue;
        private AlgorithmSuite algorithmSuite = AlgorithmSuite.AES_GCM_HMAC_SHA256;

        private Builder() {
        }

        /** The item's algorithm suite; {@link AlgorithmSuite#AES_GCM_HMAC_SHA256} by default. */
        public Builder algorithmSuite(AlgorithmSuite algorithmSuite) {
            this.algorithmSuite = algorithmSuite;
            return this;
        }

        public Builder tableName(String tableName) {
            this.tableName = tableName;
            return this;
        }

        /** The partition key name and value ({@code value} null for a table-scoped context). */
        public Builder partitionKey(String name, AttributeValue value) {
            this.partitionKeyName = name;
            this.partitionKeyValue = value;
            return this;
        }

        /** The sort key name and value ({@code value} null for a table-scoped context). */
        public Builder sortKey(String name, AttributeValue value) {
            this.sortKeyName = name;
            this.sortKeyValue = value;
            return this;
        }

        public EncryptionContext build() {
            if (tableName == null || tableName.isEmpty()) {
                throw new ConfigurationException("encryption context: set tableName(...)");
            }
            if (partitionKeyName == null || partitionKeyName.isEmpty()) {
                throw new ConfigurationException("encryption context of table '" + tableName + "': set partitionKey(...)");
            }
            if (algorithmSuite == null) {
                throw new ConfigurationException("encryption context of table '" + tableName
                        + "': algorithmSuite must not be null");
            }
            if (sortKeyName != null && (partitionKeyValue == null) != (sortKeyValue == null)) {
                throw new ConfigurationException("encryption context of table '" + tableName
                        + "': a context has either both key values or none");
            }
            if (sortKeyName == null && sortKeyValue != null) {
                throw new ConfigurationException("encryption context of table '" + tableName
                        + "': sort key value without a sort key name");
            }
            return new EncryptionContext(this);
        }
    }
}
