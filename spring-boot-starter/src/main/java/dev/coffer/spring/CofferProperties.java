package dev.coffer.spring;

import dev.coffer.migration.LegacyPhase;
import dev.coffer.migration.PlaintextPhase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Coffer's Spring Boot properties ({@code coffer.*}): which materials provider protects the tables,
 * its caching, and per-table options. Every property is listed, with its default, in
 * docs/spring-boot.md; IDEs complete them from the generated configuration metadata.
 *
 * <pre>{@code
 * coffer.kms.key-arn=arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab
 * coffer.tables.orders.unsigned-attributes=etl_batch,etl_loaded_at
 * }</pre>
 *
 * <p>Thread-safety: a mutable JavaBean that Spring binds once at start-up; not for concurrent
 * mutation.
 */
@ConfigurationProperties(prefix = "coffer")
public class CofferProperties {
    /** Which materials provider the starter builds. */
    public enum ProviderType {
        /** Pick from what is configured: most-recent if {@code coffer.most-recent.table} is set, else keyring if {@code coffer.keyring.file} is set, else KMS. */
        AUTO,
        /** Direct AWS KMS ({@code KmsProvider}), cached by a {@code CachingProvider} unless {@code coffer.cache.enabled=false}. */
        KMS,
        /** Versions of a material kept in a DynamoDB meta-store table, each protected by KMS ({@code MostRecentProvider}). */
        MOST_RECENT,
        /** A local keyring file written by {@code coffer keygen} ({@code WrappedProvider}); for development and tests. */
        KEYRING
    }

    /** What a query, scan or batch read does with an item that fails verification. */
    public enum ReadFailure {
        /** The whole read fails with Coffer's exception (the default: fail closed). */
        FAIL,
        /**
         * The item is left out and reported to the application's {@code SkippedItemListener} bean
         * (by default: a warning in the log, table and reason only). Single-item reads still fail.
         */
        SKIP
    }

    /** Whether Coffer's auto-configuration is active. */
    private boolean enabled = true;

    /** The materials provider to build; AUTO picks from the properties that are set. */
    private ProviderType provider = ProviderType.AUTO;

    private final Kms kms = new Kms();
    private final Keyring keyring = new Keyring();
    private final Cache cache = new Cache();
    private final MostRecent mostRecent = new MostRecent();
    private final Health health = new Health();

    /** Per-table options, by DynamoDB table name (as DynamoDbTemplate resolves it, prefix included). */
    private Map<String, Table> tables = new LinkedHashMap<>();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public ProviderType getProvider() {
        return provider;
    }

    public void setProvider(ProviderType provider) {
        this.provider = provider;
    }

    public Kms getKms() {
        return kms;
    }

    public Keyring getKeyring() {
        return keyring;
    }

    public Cache getCache() {
        return cache;
    }

    public MostRecent getMostRecent() {
        return mostRecent;
    }

    public Health getHealth() {
        return health;
    }

    public Map<String, Table> getTables() {
        return tables;
    }

    public void setTables(Map<String, Table> tables) {
        this.tables = tables;
    }

    /** The provider type AUTO stands for, given what is set. */
    public ProviderType resolvedProvider() {
        if (provider != ProviderType.AUTO) {
            return provider;
        }
        if (mostRecent.getTable() != null) {
            return ProviderType.MOST_RECENT;
        }
        if (keyring.getFile() != null) {
            return ProviderType.KEYRING;
        }
        return ProviderType.KMS;
    }

    /** AWS KMS: the key new items use and which keys reads trust. */
    public static class Kms {
        /**
         * The KMS key new items are encrypted under (for the most-recent provider: the key that
         * protects the meta-store's versions). A key ARN is recommended; an alias ARN needs
         * decryption-key-arns.
         */
        private String keyArn;

        /**
         * Pinning: further key ARNs whose items may be read (e.g. the previous key after a change of
         * key). The key-arn, if a key ARN, is trusted without being listed. Not with discovery.
         */
        private List<String> decryptionKeyArns = new ArrayList<>();

        private final Discovery discovery = new Discovery();

        /** Grant tokens sent with every KMS request. */
        private List<String> grantTokens = new ArrayList<>();

        /** The KMS client's region; default: Spring Cloud AWS's region (spring.cloud.aws.region.static or the default chain). */
        private String region;

        /** An endpoint override for the KMS client (VPC endpoint, or a local KMS in tests). */
        private java.net.URI endpoint;

        public String getKeyArn() {
            return keyArn;
        }

        public void setKeyArn(String keyArn) {
            this.keyArn = keyArn;
        }

        public List<String> getDecryptionKeyArns() {
            return decryptionKeyArns;
        }

        public void setDecryptionKeyArns(List<String> decryptionKeyArns) {
            this.decryptionKeyArns = decryptionKeyArns;
        }

        public Discovery getDiscovery() {
            return discovery;
        }

        public List<String> getGrantTokens() {
            return grantTokens;
        }

        public void setGrantTokens(List<String> grantTokens) {
            this.grantTokens = grantTokens;
        }

        public String getRegion() {
            return region;
        }

        public void setRegion(String region) {
            this.region = region;
        }

        public java.net.URI getEndpoint() {
            return endpoint;
        }

        public void setEndpoint(java.net.URI endpoint) {
            this.endpoint = endpoint;
        }
    }

    /** Discovery mode: trust any key of these accounts instead of a fixed key list (opt-in, weaker than pinning). */
    public static class Discovery {
        /** The AWS partition of the trusted accounts. */
        private String partition = "aws";

        /** 12-digit AWS account ids whose keys reads trust; setting any turns discovery on. */
        private List<String> accounts = new ArrayList<>();

        public String getPartition() {
            return partition;
        }

        public void setPartition(String partition) {
            this.partition = partition;
        }

        public List<String> getAccounts() {
            return accounts;
        }

        public void setAccounts(List<String> accounts) {
            this.accounts = accounts;
        }
    }

    /** A local keyring file ({@code coffer keygen}); its keys protect items without KMS. */
    public static class Keyring {
        /** Path of the keyring file (JSON, format coffer-keyring-1, from coffer keygen; keep it mode 600). */
        private Path file;

        /**
         * Whether a keyring file other users may read or change is used anyway (with a warning logged);
         * by default start-up fails, as whoever reads it can decrypt and forge every item.
         */
        private boolean allowInsecureFile;

        public Path getFile() {
            return file;
        }

        public void setFile(Path file) {
            this.file = file;
        }

        public boolean isAllowInsecureFile() {
            return allowInsecureFile;
        }

        public void setAllowInsecureFile(boolean allowInsecureFile) {
            this.allowInsecureFile = allowInsecureFile;
        }
    }

    /** The CachingProvider around the KMS provider: how long and how much one data key is reused. */
    public static class Cache {
        /** Whether KMS materials are cached (one GenerateDataKey per table per max-age instead of one per item). */
        private boolean enabled = true;

        /** How long a data key is used after KMS returned it; also how long a revocation in KMS takes to reach this process. */
        private Duration maxAge = Duration.ofMinutes(5);

        /** How many items one data key encrypts at most. */
        private long maxItemsPerKey = 10_000;

        /** How many cache entries are kept (one per table for writes, one per distinct data key read). */
        private int maxEntries = 1_000;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getMaxAge() {
            return maxAge;
        }

        public void setMaxAge(Duration maxAge) {
            this.maxAge = maxAge;
        }

        public long getMaxItemsPerKey() {
            return maxItemsPerKey;
        }

        public void setMaxItemsPerKey(long maxItemsPerKey) {
            this.maxItemsPerKey = maxItemsPerKey;
        }

        public int getMaxEntries() {
            return maxEntries;
        }

        public void setMaxEntries(int maxEntries) {
            this.maxEntries = maxEntries;
        }
    }

    /** The most-recent provider: material versions in a DynamoDB meta-store table, protected by coffer.kms.key-arn. */
    public static class MostRecent {
        /** The meta-store table (create it with MetaStore.createTable or the CLI); setting it selects this provider. */
        private String table;

        /** The material's name in the meta-store (e.g. the application's name). Required with a meta-store table. */
        private String materialName;

        /** How long a version is used before the newest one is re-read (one meta-store query and one KMS Decrypt). */
        private Duration ttl = Duration.ofMinutes(5);

        /** How long past its TTL a version stays in use while refreshes fail (reported by the health indicator). */
        private Duration gracePeriod = Duration.ofMinutes(10);

        public String getTable() {
            return table;
        }

        public void setTable(String table) {
            this.table = table;
        }

        public String getMaterialName() {
            return materialName;
        }

        public void setMaterialName(String materialName) {
            this.materialName = materialName;
        }

        public Duration getTtl() {
            return ttl;
        }

        public void setTtl(Duration ttl) {
            this.ttl = ttl;
        }

        public Duration getGracePeriod() {
            return gracePeriod;
        }

        public void setGracePeriod(Duration gracePeriod) {
            this.gracePeriod = gracePeriod;
        }
    }

    /** The Actuator health indicator ("coffer"). */
    public static class Health {
        /** Consecutive failed KMS requests (of any operation) after which the indicator reports DOWN. */
        private int kmsFailureThreshold = 3;

        public int getKmsFailureThreshold() {
            return kmsFailureThreshold;
        }

        public void setKmsFailureThreshold(int kmsFailureThreshold) {
            this.kmsFailureThreshold = kmsFailureThreshold;
        }
    }

    /** Options of one table, for what its TableSchema does not say. */
    public static class Table {
        /** The name items are cryptographically bound to instead of the table name (so the table can be renamed or restored under another name). */
        private String logicalName;

        /** Attributes other writers add unsigned, which reads must accept (the schema's @DoNothing attributes are accepted anyway). */
        private List<String> unsignedAttributes = new ArrayList<>();

        /** A name prefix of unsigned attributes reads accept. */
        private String unsignedPrefix;

        /** The table's DynamoDB time-to-live attribute, kept plaintext and signed (same as @TimeToLive). */
        private String timeToLiveAttribute;

        /** What query, scan and batch reads do with an item that fails verification. */
        private ReadFailure readFailure = ReadFailure.FAIL;

        /**
         * The migration phase of a table written without encryption (docs/migration.md): readers
         * move to write-plaintext-read-both first, then writers to write-encrypted-read-both, then
         * encrypted-only (the default). Plaintext items are read unverified while a phase reads them.
         */
        private PlaintextPhase plaintextPhase = PlaintextPhase.ENCRYPTED_ONLY;

        /**
         * The migration phase of a table written by the legacy DynamoDB Encryption Client: needs a
         * LegacyReader bean (coffer-legacy); unset means Coffer's default for a table with a reader.
         */
        private LegacyPhase legacyPhase;

        public String getLogicalName() {
            return logicalName;
        }

        public void setLogicalName(String logicalName) {
            this.logicalName = logicalName;
        }

        public List<String> getUnsignedAttributes() {
            return unsignedAttributes;
        }

        public void setUnsignedAttributes(List<String> unsignedAttributes) {
            this.unsignedAttributes = unsignedAttributes;
        }

        public String getUnsignedPrefix() {
            return unsignedPrefix;
        }

        public void setUnsignedPrefix(String unsignedPrefix) {
            this.unsignedPrefix = unsignedPrefix;
        }

        public String getTimeToLiveAttribute() {
            return timeToLiveAttribute;
        }

        public void setTimeToLiveAttribute(String timeToLiveAttribute) {
            this.timeToLiveAttribute = timeToLiveAttribute;
        }

        public PlaintextPhase getPlaintextPhase() {
            return plaintextPhase;
        }

        public void setPlaintextPhase(PlaintextPhase plaintextPhase) {
            this.plaintextPhase = plaintextPhase;
        }

        public LegacyPhase getLegacyPhase() {
            return legacyPhase;
        }

        public void setLegacyPhase(LegacyPhase legacyPhase) {
            this.legacyPhase = legacyPhase;
        }

        public ReadFailure getReadFailure() {
            return readFailure;
        }

        public void setReadFailure(ReadFailure readFailure) {
            this.readFailure = readFailure;
        }
    }
}
