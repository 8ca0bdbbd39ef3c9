package dev.coffer.mostrecent;

import dev.coffer.AlgorithmSuite;
import dev.coffer.ConfigurationException;
import dev.coffer.MaterialsException;
import dev.coffer.materials.spi.DecryptionMaterials;
import dev.coffer.materials.spi.EncryptionContext;
import dev.coffer.materials.spi.EncryptionMaterials;
import dev.coffer.materials.spi.MaterialsDescription;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.materials.SignatureKeyPair;
import dev.coffer.materials.cache.CacheStats;
import dev.coffer.materials.cache.SingleFlightCache;
import dev.coffer.materials.cache.Ticker;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Encrypts with the newest version of a named material kept in a {@link MetaStore}, so the key
 * service behind the meta-store (KMS) is called about once per time-to-live per process instead of
 * once per item.
 *
 * <p>How it behaves:
 * <ul>
 *   <li><b>Encrypt</b> uses the newest version, cached for {@link Builder#ttl} (default 5 minutes).
 *       The first use loads it (creating version 1 if the material has none); callers arriving
 *       during that load wait for the same load.</li>
 *   <li><b>Refresh.</b> When the time to live runs out, exactly one caller re-reads the newest
 *       version (one strongly consistent meta-store query, and one decryption by the meta-store's
 *       provider, i.e. one KMS call); every other caller keeps using the cached version meanwhile.
 *       No lock is held across a network call and there is no global lock. Re-decrypting on every
 *       refresh is deliberate: if the KMS key is disabled or access is revoked, this provider stops
 *       encrypting within one time to live plus the grace period.</li>
 *   <li><b>Refresh failures.</b> The last good version stays in use for {@link Builder#gracePeriod}
 *       (default 10 minutes) past its time to live, with at most one retry per
 *       {@link Builder#retryInterval} (default 5 seconds). After that, encrypt and decrypt fail
 *       closed with a {@link MaterialsException} naming the material and the last error. Nothing is
 *       ever written unencrypted.</li>
 *   <li><b>No usable version</b> (the first use, or after an idle period longer than the time to
 *       live plus the grace period): one caller loads, and every caller arriving meanwhile waits
 *       for that load, at most {@link Builder#refreshWait} (default 10 seconds), and then gets its
 *       version or its error. A caller that has waited that long fails with a
 *       {@link MaterialsException}; the load goes on and later callers use it. Healthy meta-store
 *       and KMS, no failures.</li>
 *   <li><b>Decrypt</b> uses whichever version the item's header names, from a bounded cache
 *       ({@link Builder#maxCachedVersions}, default 64) with the same time to live and grace rules,
 *       loading a missing version once no matter how many threads ask for it. The header is not
 *       verified yet when the version is looked up (the keys to verify it come from the version),
 *       so made-up version numbers are expected from anyone who can write to the table, and cost
 *       little: only versions the meta-store holds enter the cache, so they never push out real
 *       ones; a version above the newest one known is refused without a meta-store read, unless the
 *       newest version number has not been re-read for {@link Builder#retryInterval} (one
 *       version-number query, no unwrap, then at most one per interval); a version found missing
 *       is remembered as missing for one time to live. So a version created by another process is
 *       accepted at once, except within one retry interval after a check that did not see it yet
 *       (the read fails with a {@link MaterialsException}; retry).</li>
 *   <li><b>Rotation.</b> {@link #rotate()} creates the next version; this instance uses it at once,
 *       other processes when their cached version expires. Old items keep decrypting with their
 *       version.</li>
 * </ul>
 *
 * <p>Versions are cached in a {@link SingleFlightCache}, the cache every Coffer provider shares, on
 * a monotonic {@link Ticker} (a wall-clock change never extends a version's life).
 *
 * <p><b>Asymmetric suite.</b> For a table on {@link AlgorithmSuite#AES_GCM_HMAC_SHA256_ECDSA_P256}, a
 * version's keys are not enough: everyone who can read the version could sign with them. So the
 * writer asks the meta-store's own provider for an ECDSA key pair for the version it encrypts with,
 * with an item-scoped context naming the meta-store table, the material and the version (the
 * <em>endorsement</em>: with KMS, one {@code GenerateDataKey} whose encryption context holds the
 * public key). The endorsement's description travels in each item's header (second key entry,
 * parameters {@code e} and {@code e.*}); a reader has the meta-store's provider check it (with KMS,
 * one {@code Decrypt}, which succeeds only under the public key a writer chose) and verifies with
 * that public key, cached like a version. The private key is never stored: it lives in this
 * provider exactly as long as the cached version it was made for, and a refresh makes a new one.
 *
 * <p>One data key per version protects many items; that is safe because every item still gets its
 * own derived encryption key (docs/FORMAT.md, section 9).
 *
 * <pre>{@code
 * MostRecentProvider provider = MostRecentProvider.builder()
 *         .metaStore(store)
 *         .materialName("sessions")
 *         .ttl(Duration.ofMinutes(5))
 *         .build();
 * TableConfig config = TableConfig.builder().tableName("sessions").partitionKey("user_id")
 *         .materialsProvider(provider).build();
 * }</pre>
 *
 * <p>Thread-safety: safe for concurrent use by any number of threads.
 */
public final class MostRecentProvider implements MaterialsProvider {
    private static final String FAILURE_HINT =
            "Check that the meta-store table and its key provider (e.g. KMS) are reachable and answer promptly.";

    private final MetaStore store;
    private final String materialName;
    private final Duration ttl;
    private final Duration grace;
    private final Duration retryInterval;
    private final Duration refreshWait;
    private final int maxCachedVersions;
    private final Ticker ticker;
    /** The version new items use (one key: the material name). */
    private final SingleFlightCache<String, Version> newest;
    /** Only versions the meta-store holds (and loads in progress): unknown numbers never take a place. */
    private final SingleFlightCache<Long, Version> versions;
    /** The highest version number known to exist; a higher one is checked at most once per retry interval. */
    private final AtomicLong knownNewest = new AtomicLong();
    private final SingleFlightCache<String, Long> newestNumber;
    /** Version numbers the meta-store did not have, until when (ticker nanos) to believe it. */
    private final Map<Long, Long> missing = new ConcurrentHashMap<>();
    /** Suite 0x02, writing: the key pair endorsed for the newest version object (replaced with it). */
    private final AtomicReference<CompletableFuture<Endorsement>> endorsement = new AtomicReference<>();
    /** Suite 0x02, reading: public keys the meta-store's provider authenticated, by endorsement. */
    private final SingleFlightCache<Endorsed, ECPublicKey> verified;

    /** A key pair for one version object, and the materials that carry its endorsement. */
    private record Endorsement(Version version, EncryptionMaterials materials) {
    }

    /** What a reader looks up: the version and the endorsement's description. */
    private record Endorsed(long version, MaterialsDescription description) {
    }

    /** Header parameter: the endorsing provider's id; {@code e.<name>} are its description's parameters. */
    static final String PARAM_ENDORSEMENT = "e";

    private MostRecentProvider(Builder b) {
        this.store = b.store;
        this.materialName = b.materialName;
        this.ttl = b.ttl;
        this.grace = b.grace;
        this.retryInterval = b.retryInterval;
        this.refreshWait = b.refreshWait;
        this.maxCachedVersions = b.maxCachedVersions;
        this.ticker = b.ticker;
        this.newest = SingleFlightCache.<String, Version>builder().ticker(ticker).ttl(ttl).gracePeriod(grace)
                .retryInterval(retryInterval).refreshWait(refreshWait).maxEntries(1)
                .describe(name -> what()).failureHint(FAILURE_HINT).telemetry("MostRecentProvider", k -> materialName).build();
        // Old versions are read least: over capacity, the lowest numbers go first.
        this.versions = SingleFlightCache.<Long, Version>builder().ticker(ticker).ttl(ttl).gracePeriod(grace)
                .retryInterval(retryInterval).refreshWait(refreshWait).maxEntries(maxCachedVersions)
                .evictionOrder(Comparator.naturalOrder())
                .telemetry("MostRecentProvider", k -> materialName)
                .describe(n -> "most-recent provider: material '" + materialName + "' version " + n + " in meta-store '"
                        + store.tableName() + "'")
                .failureHint(FAILURE_HINT).build();
        // Re-read the newest version number at most once per retry interval, and only when an item names a
        // higher one; no grace, so a caller never trusts an old answer past the interval.
        this.newestNumber = SingleFlightCache.<String, Long>builder().ticker(ticker).ttl(retryInterval)
                .retryInterval(retryInterval).refreshWait(refreshWait).maxEntries(1)
                .describe(name -> what() + ", newest version number").failureHint(FAILURE_HINT)
                .telemetry("MostRecentProvider", k -> materialName).build();
        // Endorsed public keys are re-checked with the meta-store's provider once per time to live, as versions are.
        this.verified = SingleFlightCache.<Endorsed, ECPublicKey>builder().ticker(ticker).ttl(ttl)
                .refreshWait(refreshWait).maxEntries(maxCachedVersions * 16)
                .describe(e -> what() + ", public key endorsed for version " + e.version())
                .failureHint(FAILURE_HINT).build();
    }

    private String what() {
        return "most-recent provider: material '" + materialName + "' in meta-store '" + store.tableName() + "'";
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public EncryptionMaterials encryptionMaterials(EncryptionContext context) {
        Version v = newest.get(materialName, this::loadNewest);
        if (!context.algorithmSuite().isAsymmetric()) {
            return v.encryption;
        }
        return endorsed(v).materials;
    }

    /** The endorsement of {@code v}, made once per version object (single-flight; no lock across the call). */
    private Endorsement endorsed(Version v) {
        while (true) {
            CompletableFuture<Endorsement> current = endorsement.get();
            if (current != null) {
                Endorsement e;
                try {
                    e = current.join();
                } catch (CompletionException failed) {
                    endorsement.compareAndSet(current, null);
                    throw failed.getCause() instanceof RuntimeException r ? r : failed;
                }
                // A caller that got the version just before a refresh replaced it may sign with the
                // newer version's endorsement (and keys) instead: no ping-pong between two versions.
                Version cached = newest.peek(materialName).orElse(null);
                if (e.version == v || (e.version == cached && cached != v)) {
                    return e;
                }
            }
            CompletableFuture<Endorsement> mine = new CompletableFuture<>();
            if (endorsement.compareAndSet(current, mine)) {
                try {
                    Endorsement e = endorse(v);
                    mine.complete(e);
                    return e;
                } catch (RuntimeException failed) {
                    endorsement.compareAndSet(mine, null);
                    mine.completeExceptionally(failed);
                    throw failed;
                }
            }
        }
    }

    /** The meta-store provider's context for the key pair of version {@code number}: item-scoped to it. */
    private EncryptionContext endorsementContext(long number) {
        return EncryptionContext.builder().tableName(store.config().logicalTableName())
                .partitionKey(MetaStore.NAME, software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(materialName))
                .sortKey(MetaStore.VERSION, software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN(
                        Long.toString(number)))
                .algorithmSuite(AlgorithmSuite.AES_GCM_HMAC_SHA256_ECDSA_P256).build();
    }

    private Endorsement endorse(Version v) {
        EncryptionMaterials e = store.config().materialsProvider().encryptionMaterials(endorsementContext(v.number));
        SignatureKeyPair keys = e.signatureKeyPair().orElseThrow(() -> new MaterialsException(what() + ": the "
                + "meta-store's provider supplied no ECDSA key pair for version " + v.number + ", so items of the "
                + "ECDSA suite cannot be signed; protect the meta-store with KMS, or with a local provider given "
                + "signatureKeyPair(...)"));
        MaterialsDescription d = e.description();
        if (d.keyCount() != 1) {
            throw new MaterialsException(what() + ": the meta-store's provider wrote a description with "
                    + d.keyCount() + " key entries; endorsements need one");
        }
        MaterialsDescription.Builder out = v.encryption.description().toBuilder()
                .addKey(d.keyId(), d.wrappedKey())
                .parameter(PARAM_ENDORSEMENT, d.providerId());
        d.parameters().forEach((name, value) -> out.parameter(PARAM_ENDORSEMENT + "." + name, value));
        EncryptionMaterials materials = EncryptionMaterials.builder().description(out.build())
                .dataKey(v.encryption.dataKey()).signingKey(v.encryption.signingKey().orElse(null))
                .signatureKeyPair(keys).build();
        return new Endorsement(v, materials);
    }

    /** The public key of an item's endorsement, authenticated by the meta-store's provider (cached). */
    private ECPublicKey verificationKey(MaterialsDescription description, long number, EncryptionContext context) {
        String endorser = description.parameter(PARAM_ENDORSEMENT).orElse(null);
        if (description.keyCount() != 2 || endorser == null) {
            throw new MaterialsException("most-recent provider: table '" + context.tableName() + "': item is signed "
                    + "with ECDSA but its header carries no endorsement of the public key; the item was modified");
        }
        MaterialsDescription.Builder d = MaterialsDescription.builder().providerId(endorser)
                .keyId(description.keyId(1)).wrappedKey(description.wrappedKey(1));
        String prefix = PARAM_ENDORSEMENT + ".";
        description.parameters().forEach((name, value) -> {
            if (name.startsWith(prefix)) {
                d.parameter(name.substring(prefix.length()), value);
            }
        });
        MaterialsDescription endorsed;
        try {
            endorsed = d.build();
        } catch (RuntimeException e) {
            throw new MaterialsException("most-recent provider: table '" + context.tableName() + "': the item's "
                    + "endorsement is malformed; the item was modified");
        }
        return verified.get(new Endorsed(number, endorsed), () -> store.config().materialsProvider()
                .decryptionMaterials(endorsementContext(number), endorsed).verificationKey()
                .orElseThrow(() -> new MaterialsException("most-recent provider: table '" + context.tableName()
                        + "': the meta-store's provider returned no public key for the item's endorsement")));
    }

    private DecryptionMaterials withVerificationKey(Version v, MaterialsDescription description, EncryptionContext context) {
        if (!context.algorithmSuite().isAsymmetric()) {
            return v.decryption;
        }
        ECPublicKey pub = verificationKey(description, v.number, context);
        return DecryptionMaterials.builder().dataKey(v.decryption.dataKey())
                .signingKey(v.decryption.signingKey().orElse(null)).verificationKey(pub).build();
    }

    @Override
    public DecryptionMaterials decryptionMaterials(EncryptionContext context, MaterialsDescription description) {
        if (!Version.PROVIDER_ID.equals(description.providerId())) {
            throw new MaterialsException("most-recent provider: table '" + context.tableName() + "': item was protected by "
                    + "provider '" + description.providerId() + "' (key '" + description.keyId() + "'), not by a "
                    + "most-recent material; configure that provider for this table");
        }
        if (!materialName.equals(description.keyId())) {
            throw new MaterialsException("most-recent provider: table '" + context.tableName() + "': item was protected "
                    + "with material '" + description.keyId() + "', this provider serves material '" + materialName
                    + "'; configure a provider for that material");
        }
        long number = versionOf(description, context);
        if (newest.peek(materialName).map(current -> current.number == number).orElse(false)) {
            // The version new items use: its cache entry already enforces the time to live.
            Version v = newest.get(materialName, this::loadNewest);
            if (v.number == number) {
                return withVerificationKey(v, description, context);
            }
        }
        if (!versions.contains(number)) {
            checkExists(number, context);
        }
        try {
            return withVerificationKey(versions.get(number, () -> load(number)), description, context);
        } catch (VersionMissing e) {
            // A failed first load leaves no entry behind; remember the number so it is not looked up again soon.
            rememberMissing(number);
            throw e;
        }
    }

    /**
     * Refuses, without a meta-store read, a version number that is above the newest version known
     * (unless a re-check, at most one per retry interval, finds it) or that was found missing within
     * one time to live. Item headers are read before they are verified, so these numbers may be
     * made up by anyone who can write to the table.
     */
    private void checkExists(long number, EncryptionContext context) {
        if (number > knownNewest.get()) {
            long newestStored = newestNumber.get(materialName, () -> store.newestNumber(materialName));
            knownNewest.accumulateAndGet(newestStored, Math::max);
            if (number > knownNewest.get()) {
                throw new MaterialsException("most-recent provider: table '" + context.tableName() + "': item names "
                        + "version " + number + " of material '" + materialName + "', but the newest version in "
                        + "meta-store '" + store.tableName() + "' is " + knownNewest.get() + " (re-read at most once "
                        + "per retry interval). The item header is forged or corrupt, or the version was created "
                        + "moments ago by another process: retry after the retry interval");
            }
        }
        Long until = missing.get(number);
        if (until != null) {
            if (ticker.read() - until < 0) {
                throw store.missing(materialName, number);
            }
            missing.remove(number, until);
        }
    }

    private void rememberMissing(long number) {
        long now = ticker.read();
        if (missing.size() >= maxCachedVersions) {
            missing.values().removeIf(until -> now - until >= 0);
            if (missing.size() >= maxCachedVersions) {
                // Still full of numbers the meta-store lacks (all at or below the newest): forget the lowest.
                missing.keySet().stream().min(Comparator.naturalOrder()).ifPresent(missing::remove);
            }
        }
        missing.put(number, now + ttl.toNanos());
    }

    /**
     * Creates the next version in the meta-store and starts using it for new items at once. Other
     * processes pick it up when their cached version expires. Returns the new version number.
     */
    public long rotate() {
        Version created = store.create(materialName, store.newestNumber(materialName) + 1);
        knownNewest.accumulateAndGet(created.number, Math::max);
        newest.put(materialName, created);
        return created.number;
    }

    /** The version new items are encrypted with, loading it if needed. */
    public long currentVersion() {
        return newest.get(materialName, this::loadNewest).number;
    }

    /**
     * The version caches' counters since this provider was built (encrypt and decrypt together);
     * {@link CacheStats#loads()} counts versions fetched or created. The meta-store's own reads and
     * unwraps (one KMS {@code Decrypt} each with direct KMS) are {@link MetaStore#reads()} and
     * {@link MetaStore#versionDecrypts()}.
     */
    public CacheStats stats() {
        return newest.stats().plus(versions.stats());
    }

    /** The meta-store this provider reads its versions from. */
    public MetaStore metaStore() {
        return store;
    }

    private Version loadNewest() {
        Version v = store.newest(materialName).orElseGet(() -> store.create(materialName, 1));
        knownNewest.accumulateAndGet(v.number, Math::max);
        return v;
    }

    private Version load(long number) {
        return store.find(materialName, number).orElseThrow(() -> new VersionMissing(store.missing(materialName, number)));
    }

    /** The meta-store has no such version: the caller forgets the slot and remembers the number as missing. */
    private static final class VersionMissing extends MaterialsException {
        private static final long serialVersionUID = 1L;

        VersionMissing(MaterialsException e) {
            super(e.getMessage());
        }
    }

    private long versionOf(MaterialsDescription d, EncryptionContext context) {
        String v = d.parameter(Version.PARAM_VERSION).orElse(null);
        try {
            long n = Long.parseLong(v);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException | NullPointerException e) {
            throw new MaterialsException("most-recent provider: table '" + context.tableName()
                    + "': item header names no valid version of material '" + materialName + "' (parameter v = " + v + ")");
        }
    }

    /**
     * Same material, version and endorsing key: the endorsement's own parameters
     * ({@code e.*}, e.g. its fresh public key) change with every endorsement, so they are not
     * compared; the endorsing provider ({@value #PARAM_ENDORSEMENT}) and its key id are.
     */
    @Override
    public boolean sameKeys(MaterialsDescription stored, MaterialsDescription current) {
        return stored.sameKeysAs(current, name -> name.startsWith(PARAM_ENDORSEMENT + "."));
    }

    @Override
    public String toString() {
        return "MostRecentProvider{material=" + materialName + ", metaStore=" + store.tableName() + ", ttl=" + ttl
                + ", grace=" + grace + "}";
    }

    /** Builds a {@link MostRecentProvider}. Not thread-safe. */
    public static final class Builder {
        private MetaStore store;
        private String materialName;
        private Duration ttl = Duration.ofMinutes(5);
        private Duration grace = Duration.ofMinutes(10);
        private Duration retryInterval = Duration.ofSeconds(5);
        private Duration refreshWait = Duration.ofSeconds(10);
        private int maxCachedVersions = 64;
        private Ticker ticker = Ticker.system();

        private Builder() {
        }

        /** Where versions live. Required. */
        public Builder metaStore(MetaStore store) {
            this.store = store;
            return this;
        }

        /** The material's name in the meta-store, e.g. one per table or per application. Required. */
        public Builder materialName(String materialName) {
            this.materialName = materialName;
            return this;
        }

        /** How long a version is used before the newest one is re-read; 5 minutes by default. */
        public Builder ttl(Duration ttl) {
            this.ttl = ttl;
            return this;
        }

        /** How long past its time to live a version stays in use while refreshes fail; 10 minutes by default. */
        public Builder gracePeriod(Duration grace) {
            this.grace = grace;
            return this;
        }

        /**
         * The least time between two refresh attempts after a failure, and between two re-reads of
         * the newest version number when an item names a version above it; 5 seconds by default.
         */
        public Builder retryInterval(Duration retryInterval) {
            this.retryInterval = retryInterval;
            return this;
        }

        /**
         * How long a caller that has no usable version (first use, or after an idle period longer
         * than the time to live plus the grace period) waits for the one load in progress before it
         * fails with a {@link MaterialsException}; 10 seconds by default. Set it above the meta-store
         * and KMS clients' own timeouts (one query and one unwrap), so callers normally see the load's
         * own result or error.
         */
        public Builder refreshWait(Duration refreshWait) {
            this.refreshWait = refreshWait;
            return this;
        }

        /**
         * How many versions the decrypt cache holds; 64 by default. Only versions found in the
         * meta-store take a place, so items naming made-up versions cannot push real ones out.
         */
        public Builder maxCachedVersions(int maxCachedVersions) {
            this.maxCachedVersions = maxCachedVersions;
            return this;
        }

        /** The monotonic time source; {@link Ticker#system()} by default (tests advance one by hand). */
        public Builder ticker(Ticker ticker) {
            this.ticker = ticker;
            return this;
        }

        public MostRecentProvider build() {
            if (store == null) {
                throw new ConfigurationException("most-recent provider: set metaStore(...)");
            }
            if (materialName == null || materialName.isEmpty()) {
                throw new ConfigurationException("most-recent provider: set materialName(...) to the material to use");
            }
            String owner = "most-recent provider '" + materialName + "'";
            MetaStore.positive(ttl, "ttl", owner);
            if (grace == null || grace.isNegative()) {
                throw new ConfigurationException(owner + ": gracePeriod must be zero or positive, was " + grace);
            }
            MetaStore.positive(retryInterval, "retryInterval", owner);
            MetaStore.positive(refreshWait, "refreshWait", owner);
            if (maxCachedVersions < 1) {
                throw new ConfigurationException(owner + ": maxCachedVersions must be at least 1, was " + maxCachedVersions);
            }
            if (ticker == null) {
                throw new ConfigurationException(owner + ": ticker must not be null");
            }
            return new MostRecentProvider(this);
        }
    }
}
