package dev.coffer.spark;

import dev.coffer.ConfigurationException;
import dev.coffer.legacy.LegacyKeys;
import dev.coffer.spark.internal.KmsCallCounter;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * The keys of a table written by the legacy DynamoDB Encryption Client, as an
 * {@link ExecutorResource}: built on each executor into {@link LegacyKeys} (coffer-legacy) and
 * shared by its tasks, so a legacy meta-store version or a KMS client is loaded once per executor.
 * Two kinds, which can be combined: the legacy direct-KMS provider ({@link Builder#directKms}: the
 * key ARNs the table was written with; one KMS {@code Decrypt} per item, as the legacy format has a
 * data key per item) and the legacy most-recent provider ({@link Builder#metaStore}: its meta-store
 * table and the KMS keys of the meta-store; one meta-store read and one KMS call per version per
 * executor). The executor's credentials come from the SDK's default chain.
 *
 * <pre>{@code
 * LegacyKeySource legacyKeys = LegacyKeySource.builder().region(Region.US_EAST_1)
 *         .directKms("arn:aws:kms:us-east-1:111122223333:key/1234abcd-...").build();
 * TableSpec orders = TableSpec.builder().tableName("orders").keys(cofferKeys)
 *         .config((table, executor) -> table.partitionKey("customer_id")
 *                 .legacyReader(LegacyItemReader.builder().keys(executor.get(legacyKeys)).build()))
 *         .build();
 * }</pre>
 *
 * <p>Local legacy keys (symmetric static or wrapped) are not offered: they would have to travel as
 * key bytes; write your own {@link ExecutorResource} that reads them from a file on the executor.
 *
 * <p>Thread-safety: immutable; the builder is not thread-safe.
 */
public final class LegacyKeySource implements ExecutorResource<LegacyKeys> {
    private static final long serialVersionUID = 1L;

    private final String region;
    private final ArrayList<String> directKms;
    private final String metaStoreTable;
    private final ArrayList<String> metaStoreKms;
    private final String kmsEndpoint;
    private final String dynamoDbEndpoint;

    private LegacyKeySource(Builder b) {
        this.region = b.region;
        this.directKms = new ArrayList<>(b.directKms);
        this.metaStoreTable = b.metaStoreTable;
        this.metaStoreKms = new ArrayList<>(b.metaStoreKms);
        this.kmsEndpoint = b.kmsEndpoint;
        this.dynamoDbEndpoint = b.dynamoDbEndpoint;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public LegacyKeys create() {
        var kms = KmsClient.builder().region(Region.of(region))
                .overrideConfiguration(o -> o.addExecutionInterceptor(KmsCallCounter.interceptor()));
        if (kmsEndpoint != null) {
            kms.endpointOverride(URI.create(kmsEndpoint));
        }
        KmsClient kmsClient = kms.build();
        List<LegacyKeys> keys = new ArrayList<>(2);
        if (!directKms.isEmpty()) {
            keys.add(LegacyKeys.directKms(kmsClient, directKms));
        }
        if (metaStoreTable != null) {
            var ddb = DynamoDbClient.builder().region(Region.of(region));
            if (dynamoDbEndpoint != null) {
                ddb.endpointOverride(URI.create(dynamoDbEndpoint));
            }
            keys.add(LegacyKeys.mostRecent(ddb.build(), metaStoreTable, LegacyKeys.directKms(kmsClient, metaStoreKms)));
        }
        return keys.size() == 1 ? keys.get(0) : LegacyKeys.combine(keys.toArray(new LegacyKeys[0]));
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LegacyKeySource)) {
            return false;
        }
        LegacyKeySource k = (LegacyKeySource) o;
        return region.equals(k.region) && directKms.equals(k.directKms) && Objects.equals(metaStoreTable, k.metaStoreTable)
                && metaStoreKms.equals(k.metaStoreKms) && Objects.equals(kmsEndpoint, k.kmsEndpoint)
                && Objects.equals(dynamoDbEndpoint, k.dynamoDbEndpoint);
    }

    @Override
    public int hashCode() {
        return Objects.hash(region, directKms, metaStoreTable, metaStoreKms, kmsEndpoint, dynamoDbEndpoint);
    }

    @Override
    public String toString() {
        return "LegacyKeySource{region=" + region + (directKms.isEmpty() ? "" : ", directKms=" + directKms)
                + (metaStoreTable == null ? "" : ", metaStore=" + metaStoreTable + " under " + metaStoreKms) + "}";
    }

    /** Builds a {@link LegacyKeySource}. Not thread-safe. */
    public static final class Builder {
        private String region;
        private final List<String> directKms = new ArrayList<>();
        private String metaStoreTable;
        private final List<String> metaStoreKms = new ArrayList<>();
        private String kmsEndpoint;
        private String dynamoDbEndpoint;

        private Builder() {
        }

        /** The Region of the KMS keys and the meta-store. Required. */
        public Builder region(Region region) {
            if (region == null) {
                throw new ConfigurationException("LegacyKeySource: region must not be null");
            }
            this.region = region.id();
            return this;
        }

        /** The key ARNs of the legacy direct-KMS provider (replaces earlier ones). */
        public Builder directKms(String... keyArns) {
            if (keyArns == null || keyArns.length == 0 || Arrays.asList(keyArns).contains(null)) {
                throw new ConfigurationException("LegacyKeySource: directKms(...) needs the key ARNs the table was"
                        + " written with");
            }
            directKms.clear();
            directKms.addAll(Arrays.asList(keyArns));
            return this;
        }

        /** The legacy most-recent provider's meta-store table and the KMS key ARNs its versions are under. */
        public Builder metaStore(String table, String... kmsKeyArns) {
            if (table == null || table.isEmpty() || kmsKeyArns == null || kmsKeyArns.length == 0
                    || Arrays.asList(kmsKeyArns).contains(null)) {
                throw new ConfigurationException("LegacyKeySource: metaStore(table, kmsKeyArns...) needs the"
                        + " meta-store table and the KMS key ARNs its versions were written under");
            }
            this.metaStoreTable = table;
            metaStoreKms.clear();
            metaStoreKms.addAll(Arrays.asList(kmsKeyArns));
            return this;
        }

        /** A KMS endpoint other than the Region's (a VPC endpoint, or a loopback KMS in tests). */
        public Builder kmsEndpoint(URI endpoint) {
            if (endpoint == null) {
                throw new ConfigurationException("LegacyKeySource: kmsEndpoint must not be null");
            }
            this.kmsEndpoint = endpoint.toString();
            return this;
        }

        /** The meta-store's DynamoDB endpoint, if not the Region's. */
        public Builder dynamoDbEndpoint(URI endpoint) {
            if (endpoint == null) {
                throw new ConfigurationException("LegacyKeySource: dynamoDbEndpoint must not be null");
            }
            this.dynamoDbEndpoint = endpoint.toString();
            return this;
        }

        /**
         * The source; a {@link ConfigurationException} if the Region or every kind of key is missing.
         * Key ARNs are checked on the executor by {@link LegacyKeys} (full ARNs only, no aliases).
         */
        public LegacyKeySource build() {
            if (region == null) {
                throw new ConfigurationException("LegacyKeySource: set region(...) to the Region of the legacy keys");
            }
            if (directKms.isEmpty() && metaStoreTable == null) {
                throw new ConfigurationException("LegacyKeySource: set directKms(...) or metaStore(...) to the legacy"
                        + " provider the table was written with");
            }
            return new LegacyKeySource(this);
        }
    }
}
