package dev.coffer.spark;

import dev.coffer.ConfigurationException;
import dev.coffer.kms.KmsProvider;
import dev.coffer.materials.CachingProvider;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.spark.internal.KmsCallCounter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * AWS KMS keys named by ARN, turned on each executor into a {@link KmsProvider} (pinned to those
 * keys) behind a {@link CachingProvider}. The executor's credentials come from the SDK's default
 * chain (the EMR instance profile, the Glue job role); no credential travels with the job.
 *
 * <p><b>KMS calls.</b> With caching (the default), each executor JVM calls KMS {@code Decrypt} once
 * per distinct data key it meets (items written with a caching provider share a data key per table
 * and per {@code maxAge}/{@code maxItemsPerKey}), and {@code GenerateDataKey} once per table per
 * {@code maxAge} or per {@code maxItemsPerKey} items encrypted. Items written without caching each
 * have their own data key: one {@code Decrypt} per item, whatever this setting. docs/spark.md has the
 * budget.
 *
 * <pre>{@code
 * KmsKeys keys = KmsKeys.builder()
 *         .region(Region.US_EAST_1)
 *         .decryptionKeys("arn:aws:kms:us-east-1:111122223333:key/1234abcd-...")
 *         .build();
 * }</pre>
 *
 * <p>Thread-safety: immutable; the builder is not thread-safe.
 */
public final class KmsKeys implements KeySource {
    private static final long serialVersionUID = 1L;

    private final String region;
    private final List<String> decryptionKeys;
    private final String encryptionKey;
    private final String endpoint;
    private final boolean cache;
    private final long maxAgeMillis;
    private final long maxItemsPerKey;

    private KmsKeys(Builder b) {
        this.region = b.region;
        this.decryptionKeys = Collections.unmodifiableList(new ArrayList<>(b.decryptionKeys));
        this.encryptionKey = b.encryptionKey;
        this.endpoint = b.endpoint;
        this.cache = b.cache;
        this.maxAgeMillis = b.maxAge.toMillis();
        this.maxItemsPerKey = b.maxItemsPerKey;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The Region of the KMS client. */
    public Region region() {
        return Region.of(region);
    }

    /** The key ARNs items may be decrypted with. */
    public List<String> decryptionKeys() {
        return decryptionKeys;
    }

    /** The key ARN new items are encrypted with, if this source encrypts. */
    public Optional<String> encryptionKey() {
        return Optional.ofNullable(encryptionKey);
    }

    /** The KMS endpoint, if not the Region's public one (a VPC endpoint, a test server). */
    public Optional<URI> endpoint() {
        return Optional.ofNullable(endpoint).map(URI::create);
    }

    @Override
    public MaterialsProvider createProvider() {
        var client = KmsClient.builder().region(Region.of(region))
                .overrideConfiguration(o -> o.addExecutionInterceptor(KmsCallCounter.interceptor()));
        if (endpoint != null) {
            client.endpointOverride(URI.create(endpoint));
        }
        KmsProvider.Builder kms = KmsProvider.builder().kmsClient(client.build()).decryptionKeys(decryptionKeys);
        if (encryptionKey != null) {
            kms.encryptionKey(encryptionKey);
        }
        KmsProvider provider = kms.build();
        if (!cache) {
            return provider;
        }
        return CachingProvider.builder().provider(provider)
                .maxAge(Duration.ofMillis(maxAgeMillis))
                .maxItemsPerKey(maxItemsPerKey)
                .build();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof KmsKeys)) {
            return false;
        }
        KmsKeys k = (KmsKeys) o;
        return region.equals(k.region) && decryptionKeys.equals(k.decryptionKeys)
                && Objects.equals(encryptionKey, k.encryptionKey) && Objects.equals(endpoint, k.endpoint)
                && cache == k.cache && maxAgeMillis == k.maxAgeMillis && maxItemsPerKey == k.maxItemsPerKey;
    }

    @Override
    public int hashCode() {
        return Objects.hash(region, decryptionKeys, encryptionKey, endpoint, cache, maxAgeMillis, maxItemsPerKey);
    }

    @Override
    public String toString() {
        return "KmsKeys{region=" + region + ", decryptionKeys=" + decryptionKeys
                + (encryptionKey == null ? "" : ", encryptionKey=" + encryptionKey)
                + (endpoint == null ? "" : ", endpoint=" + endpoint)
                + (cache ? ", cache maxAge=" + Duration.ofMillis(maxAgeMillis) + " maxItemsPerKey=" + maxItemsPerKey
                        : ", no cache")
                + "}";
    }

    /** Builds {@link KmsKeys}. Not thread-safe. */
    public static final class Builder {
        private String region;
        private final List<String> decryptionKeys = new ArrayList<>();
        private String encryptionKey;
        private String endpoint;
        private boolean cache = true;
        private Duration maxAge = Duration.ofMinutes(CachingProvider.DEFAULT_MAX_AGE_MINUTES);
        private long maxItemsPerKey = CachingProvider.DEFAULT_MAX_ITEMS_PER_KEY;

        private Builder() {
        }

        /** The Region whose KMS is called. Required. */
        public Builder region(Region region) {
            if (region == null) {
                throw new ConfigurationException("KmsKeys: region must not be null");
            }
            this.region = region.id();
            return this;
        }

        /** The key ARNs items may be decrypted with (replaces earlier ones). */
        public Builder decryptionKeys(Collection<String> keyArns) {
            if (keyArns == null || keyArns.contains(null)) {
                throw new ConfigurationException("KmsKeys: decryptionKeys must not be or contain null");
            }
            decryptionKeys.clear();
            decryptionKeys.addAll(keyArns);
            return this;
        }

        /** The key ARNs items may be decrypted with (replaces earlier ones). */
        public Builder decryptionKeys(String... keyArns) {
            return decryptionKeys(keyArns == null ? null : Arrays.asList(keyArns));
        }

        /** The key ARN new items are encrypted with; needed to encrypt, not to decrypt. */
        public Builder encryptionKey(String keyArn) {
            if (keyArn == null || keyArn.isEmpty()) {
                throw new ConfigurationException("KmsKeys: encryptionKey must be a key ARN");
            }
            this.encryptionKey = keyArn;
            return this;
        }

        /** A KMS endpoint other than the Region's (a VPC endpoint, or a loopback KMS in tests). */
        public Builder endpoint(URI endpoint) {
            if (endpoint == null) {
                throw new ConfigurationException("KmsKeys: endpoint must not be null");
            }
            this.endpoint = endpoint.toString();
            return this;
        }

        /**
         * Whether each executor caches data keys ({@code true} by default). Without the cache every
         * item costs one KMS call.
         */
        public Builder cache(boolean cache) {
            this.cache = cache;
            return this;
        }

        /** How long an executor uses a data key ({@link CachingProvider.Builder#maxAge}). */
        public Builder maxAge(Duration maxAge) {
            if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
                throw new ConfigurationException("KmsKeys: maxAge must be positive, was " + maxAge);
            }
            this.maxAge = maxAge;
            return this;
        }

        /** How many items one data key encrypts ({@link CachingProvider.Builder#maxItemsPerKey}). */
        public Builder maxItemsPerKey(long maxItemsPerKey) {
            if (maxItemsPerKey < 1) {
                throw new ConfigurationException("KmsKeys: maxItemsPerKey must be at least 1, was " + maxItemsPerKey);
            }
            this.maxItemsPerKey = maxItemsPerKey;
            return this;
        }

        /** The source; fails with a {@link ConfigurationException} if a required setting is missing. */
        public KmsKeys build() {
            if (region == null) {
                throw new ConfigurationException("KmsKeys: set region(...) to the Region of the KMS keys");
            }
            if (decryptionKeys.isEmpty() && encryptionKey == null) {
                throw new ConfigurationException("KmsKeys: set decryptionKeys(...) (to decrypt) or encryptionKey(...)"
                        + " (to encrypt) to key ARNs");
            }
            return new KmsKeys(this);
        }
    }
}
