package dev.coffer.materials;

import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a materials provider knows about the item it protects: the (logical) table name and the
 * item's primary key. Providers may bind keys to it (the KMS provider puts it into the KMS
 * encryption context) or use it to pick materials.
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

    private EncryptionContext(Builder b) {
        this.tableName = b.tableName;
        this.partitionKeyName = b.partitionKeyName;
        this.partitionKeyValue = b.partitionKeyValue;
        this.sortKeyName = b.sortKeyName;
        this.sortKeyValue = b.sortKeyValue;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder().tableName(tableName).partitionKey(partitionKeyName, partitionKeyValue);
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

    public AttributeValue partitionKeyValue() {
        return partitionKeyValue;
    }

    public Optional<String> sortKeyName() {
        return Optional.ofNullable(sortKeyName);
    }

    public Optional<AttributeValue> sortKeyValue() {
        return Optional.ofNullable(sortKeyValue);
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
                && partitionKeyValue.equals(c.partitionKeyValue) && Objects.equals(sortKeyName, c.sortKeyName)
                && Objects.equals(sortKeyValue, c.sortKeyValue);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tableName, partitionKeyName, partitionKeyValue, sortKeyName, sortKeyValue);
    }

    /** Names only: key values can be sensitive and are left out. */
    @Override
    public String toString() {
        return "EncryptionContext{table=" + tableName + ", partitionKey=" + partitionKeyName
                + (sortKeyName == null ? "" : ", sortKey=" + sortKeyName) + "}";
    }

    /** Builds an {@link EncryptionContext}. Not thread-safe. */
    public static final class Builder {
        private String tableName;
        private String partitionKeyName;
        private AttributeValue partitionKeyValue;
        private String sortKeyName;
        private AttributeValue sortKeyValue;

        private Builder() {
        }

        public Builder tableName(String tableName) {
            this.tableName = tableName;
            return this;
        }

        public Builder partitionKey(String name, AttributeValue value) {
            this.partitionKeyName = name;
            this.partitionKeyValue = value;
            return this;
        }

        public Builder sortKey(String name, AttributeValue value) {
            this.sortKeyName = name;
            this.sortKeyValue = value;
            return this;
        }

        public EncryptionContext build() {
            Objects.requireNonNull(tableName, "tableName");
            Objects.requireNonNull(partitionKeyName, "partitionKeyName");
            Objects.requireNonNull(partitionKeyValue, "partitionKeyValue");
            if ((sortKeyName == null) != (sortKeyValue == null)) {
                throw new IllegalArgumentException("sort key name and value go together");
            }
            return new EncryptionContext(this);
        }
    }
}
