package dev.coffer.spark;

import dev.coffer.ConfigurationException;
import dev.coffer.kms.KmsProvider;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.mostrecent.MetaStore;
import dev.coffer.mostrecent.MostRecentProvider;
import dev.coffer.spark.internal.KmsCallCounter;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * A most-recent provider ({@code coffer-most-recent}) built on each executor from its meta-store
 * table, material name and the KMS key that protects the meta-store. Each executor JVM reads a
 * version from the meta-store and decrypts it with KMS once per time to live (and once per older
 * version it meets while decrypting): KMS calls per job are about one per executor per version.
 *
 * <pre>{@code
 * KeySource keys = MostRecentKeys.builder()
 *         .region(Region.US_EAST_1)
 *         .metaStoreTable("coffer-meta")
 *         .materialName("orders")
 *         .kmsKey("arn:aws:kms:us-east-1:111122223333:key/1234abcd-...")
 *         .build();
 * }</pre>
 *
 * <p>Thread-safety: immutable; the builder is not thread-safe.
 */
public final class MostRecentKeys implements KeySource {
    private static final long serialVersionUID = 1L;

    private final String region;
    private final String metaStoreTable;
    private final String materialName;
    private final String kmsKey;
    private final String dynamoDbEndpoint;
    private final String kmsEndpoint;
    private final long ttlMillis;

    private MostRecentKeys(Builder b) {
        this.region = b.region;
        this.metaStoreTable = b.metaStoreTable;
        this.materialName = b.materialName;
        this.kmsKey = b.kmsKey;
        this.dynamoDbEndpoint = b.dynamoDbEndpoint;
        this.kmsEndpoint = b.kmsEndpoint;
        this.ttlMillis = b.ttl.toMillis();
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The meta-store table. */
    public String metaStoreTable() {
        return metaStoreTable;
    }

    /** The material (key family) name in the meta-store. */
    public String materialName() {
        return materialName;
    }

    /** The DynamoDB endpoint of the meta-store, if not the Region's. */
    public Optional<URI> dynamoDbEndpoint() {
        return Optional.ofNullable(dynamoDbEndpoint).map(URI::create);
    }

    @Override
    public MaterialsProvider createProvider() {
        var ddb = DynamoDbClient.builder().region(Region.of(region));
        if (dynamoDbEndpoint != null) {
            ddb.endpointOverride(URI.create(dynamoDbEndpoint));
        }
        var kms = KmsClient.builder().region(Region.of(region))
                .overrideConfiguration(o -> o.addExecutionInterceptor(KmsCallCounter.interceptor()));
        if (kmsEndpoint != null) {
            kms.endpointOverride(URI.create(kmsEndpoint));
        }
        MetaStore store = MetaStore.builder().dynamoDb(ddb.build()).tableName(metaStoreTable)
                .materialsProvider(KmsProvider.builder().kmsClient(kms.build()).encryptionKey(kmsKey).build())
                .build();
        return MostRecentProvider.builder().metaStore(store).materialName(materialName)
                .ttl(Duration.ofMillis(ttlMillis)).build();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MostRecentKeys)) {
            return false;
        }
        MostRecentKeys k = (MostRecentKeys) o;
        return region.equals(k.region) && metaStoreTable.equals(k.metaStoreTable) && materialName.equals(k.materialName)
                && kmsKey.equals(k.kmsKey) && Objects.equals(dynamoDbEndpoint, k.dynamoDbEndpoint)
                && Objects.equals(kmsEndpoint, k.kmsEndpoint) && ttlMillis == k.ttlMillis;
    }

    @Override
    public int hashCode() {
        return Objects.hash(region, metaStoreTable, materialName, kmsKey, dynamoDbEndpoint, kmsEndpoint, ttlMillis);
    }

    @Override
    public String toString() {
        return "MostRecentKeys{region=" + region + ", metaStore=" + metaStoreTable + ", material=" + materialName
                + ", kmsKey=" + kmsKey + ", ttl=" + Duration.ofMillis(ttlMillis) + "}";
    }

    /** Builds {@link MostRecentKeys}. Not thread-safe. */
    public static final class Builder {
        private String region;
        private String metaStoreTable;
        private String materialName;
        private String kmsKey;
        private String dynamoDbEndpoint;
        private String kmsEndpoint;
        private Duration ttl = Duration.ofMinutes(5);

        private Builder() {
        }

        /** The Region of the meta-store table and the KMS key. Required. */
        public Builder region(Region region) {
            if (region == null) {
                throw new ConfigurationException("MostRecentKeys: region must not be null");
            }
            this.region = region.id();
            return this;
        }

        /** The meta-store table. Required. */
        public Builder metaStoreTable(String table) {
            this.metaStoreTable = table;
            return this;
        }

        /** The material name. Required. */
        public Builder materialName(String name) {
            this.materialName = name;
            return this;
        }

        /** The ARN of the KMS key protecting the meta-store's versions. Required. */
        public Builder kmsKey(String keyArn) {
            this.kmsKey = keyArn;
            return this;
        }

        /** The meta-store's DynamoDB endpoint, if not the Region's. */
        public Builder dynamoDbEndpoint(URI endpoint) {
            if (endpoint == null) {
                throw new ConfigurationException("MostRecentKeys: dynamoDbEndpoint must not be null");
            }
            this.dynamoDbEndpoint = endpoint.toString();
            return this;
        }

        /** The KMS endpoint, if not the Region's. */
        public Builder kmsEndpoint(URI endpoint) {
            if (endpoint == null) {
                throw new ConfigurationException("MostRecentKeys: kmsEndpoint must not be null");
            }
            this.kmsEndpoint = endpoint.toString();
            return this;
        }

        /** How long an executor uses a version before re-reading it (default 5 minutes). */
        public Builder ttl(Duration ttl) {
            if (ttl == null || ttl.isNegative() || ttl.isZero()) {
                throw new ConfigurationException("MostRecentKeys: ttl must be positive, was " + ttl);
            }
            this.ttl = ttl;
            return this;
        }

        /** The source; a {@link ConfigurationException} names a missing setting. */
        public MostRecentKeys build() {
            if (region == null) {
                throw new ConfigurationException("MostRecentKeys: set region(...)");
            }
            if (metaStoreTable == null || metaStoreTable.isEmpty()) {
                throw new ConfigurationException("MostRecentKeys: set metaStoreTable(...) to the meta-store table");
            }
            if (materialName == null || materialName.isEmpty()) {
                throw new ConfigurationException("MostRecentKeys: set materialName(...)");
            }
            if (kmsKey == null || kmsKey.isEmpty()) {
                throw new ConfigurationException("MostRecentKeys: set kmsKey(...) to the ARN of the meta-store's KMS key");
            }
            return new MostRecentKeys(this);
        }
    }
}
