package dev.coffer.enhanced;

import dev.coffer.AlgorithmSuite;
import dev.coffer.ConfigurationException;
import dev.coffer.SkippedItemListener;
import dev.coffer.beacon.BeaconKeySource;
import dev.coffer.beacon.CompoundBeacon;
import dev.coffer.beacon.StandardBeacon;
import java.util.ArrayList;
import java.util.List;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.migration.LegacyPhase;
import dev.coffer.migration.LegacyReader;
import dev.coffer.migration.PlaintextPhase;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Per-table settings of a {@link CofferExtension}, for what the table schema does not say: the
 * materials provider (if not the extension's default), the logical table name, the time-to-live
 * attribute, the table's migration phases (docs/migration.md), which unsigned attributes other
 * writers may add, whether query, scan and batch reads skip items that fail verification instead
 * of failing, and the algorithm suite (HMAC only, or HMAC and ECDSA so that readers who can decrypt
 * cannot forge). Everything is optional; a table without options uses the extension's default
 * provider and the schema's annotations, and fails closed.
 *
 * <pre>{@code
 * CofferExtension coffer = CofferExtension.builder()
 *         .materialsProvider(provider)
 *         .table("sessions", t -> t.logicalTableName("sessions").timeToLiveAttribute("expiresAt"))
 *         .build();
 * }</pre>
 *
 * <p>Thread-safety: immutable; the builder is not thread-safe.
 */
public final class TableOptions {
    private static final TableOptions DEFAULTS = builder().build();

    private final MaterialsProvider materialsProvider;
    private final String logicalTableName;
    private final String timeToLiveAttribute;
    private final PlaintextPhase plaintextPhase;
    private final LegacyReader legacyReader;
    private final LegacyPhase legacyPhase;
    private final Set<String> allowedUnsignedAttributes;
    private final String allowedUnsignedPrefix;
    private final SkippedItemListener skippedItemListener;
    private final AlgorithmSuite algorithmSuite;
    private final boolean acceptHmacOnlyItems;
    // Beacons (searchable encryption), beside those of the schema's annotations and tags.
    private final BeaconKeySource beaconKeySource;
    private final List<StandardBeacon> standardBeacons;
    private final List<CompoundBeacon> compoundBeacons;

    private TableOptions(Builder b) {
        this.materialsProvider = b.materialsProvider;
        this.logicalTableName = b.logicalTableName;
        this.timeToLiveAttribute = b.timeToLiveAttribute;
        this.plaintextPhase = b.plaintextPhase;
        this.legacyReader = b.legacyReader;
        this.legacyPhase = b.legacyPhase;
        this.allowedUnsignedAttributes = Collections.unmodifiableSet(new LinkedHashSet<>(b.allowedUnsignedAttributes));
        this.allowedUnsignedPrefix = b.allowedUnsignedPrefix;
        this.skippedItemListener = b.skippedItemListener;
        this.algorithmSuite = b.algorithmSuite;
        this.acceptHmacOnlyItems = b.acceptHmacOnlyItems;
        this.beaconKeySource = b.beaconKeySource;
        this.standardBeacons = List.copyOf(b.standardBeacons);
        this.compoundBeacons = List.copyOf(b.compoundBeacons);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options with nothing set: the extension's default provider, names and actions from the schema. */
    public static TableOptions defaults() {
        return DEFAULTS;
    }

    public Builder toBuilder() {
        return new Builder()
                .materialsProvider(materialsProvider)
                .logicalTableName(logicalTableName)
                .timeToLiveAttribute(timeToLiveAttribute)
                .plaintextPhase(plaintextPhase)
                .legacyReader(legacyReader)
                .legacyPhase(legacyPhase)
                .allowedUnsignedAttributes(allowedUnsignedAttributes)
                .allowedUnsignedPrefix(allowedUnsignedPrefix)
                .skipUnverifiedItems(skippedItemListener)
                .algorithmSuite(algorithmSuite)
                .acceptHmacOnlyItems(acceptHmacOnlyItems)
                .beaconKeySource(beaconKeySource).standardBeacons(standardBeacons).compoundBeacons(compoundBeacons);
    }

    /** The suite new items are written with ({@link dev.coffer.TableConfig#algorithmSuite()}). */
    public AlgorithmSuite algorithmSuite() {
        return algorithmSuite;
    }

    /** Whether reads of a table on the ECDSA suite still accept HMAC-only items (a migration window). */
    public boolean acceptHmacOnlyItems() {
        return acceptHmacOnlyItems;
    }

    /** The provider for this table, if it is not the extension's default. */
    public Optional<MaterialsProvider> materialsProvider() {
        return Optional.ofNullable(materialsProvider);
    }

    /** The logical table name, if set here (it overrides the schema's). */
    public Optional<String> logicalTableName() {
        return Optional.ofNullable(logicalTableName);
    }

    /** The time-to-live attribute, if named here. */
    public Optional<String> timeToLiveAttribute() {
        return Optional.ofNullable(timeToLiveAttribute);
    }

    /** The plaintext migration phase; {@link PlaintextPhase#ENCRYPTED_ONLY} unless set. */
    public PlaintextPhase plaintextPhase() {
        return plaintextPhase;
    }

    /** The reader of legacy items, if this table is migrated from another client. */
    public Optional<LegacyReader> legacyReader() {
        return Optional.ofNullable(legacyReader);
    }

    /** The legacy phase, if set here (unset: the core default, see {@link Builder#legacyPhase}). */
    public Optional<LegacyPhase> legacyPhase() {
        return Optional.ofNullable(legacyPhase);
    }

    /**
     * Unsigned attributes a read accepts beyond the schema's {@code @DoNothing} ones. Reads only:
     * schema attributes are still written as their annotations say.
     */
    public Set<String> allowedUnsignedAttributes() {
        return allowedUnsignedAttributes;
    }

    /** A name prefix of unsigned attributes a read accepts, if any. */
    public Optional<String> allowedUnsignedPrefix() {
        return Optional.ofNullable(allowedUnsignedPrefix);
    }

    /**
     * The listener told about items that query, scan and batch reads skip, if this table skips
     * them (see {@link Builder#skipUnverifiedItems}); empty if such reads fail closed (the default).
     */
    public Optional<SkippedItemListener> skippedItemListener() {
        return Optional.ofNullable(skippedItemListener);
    }

    /** This table's beacon key source, if it is not the extension's default. */
    public Optional<BeaconKeySource> beaconKeySource() {
        return Optional.ofNullable(beaconKeySource);
    }

    /** Standard beacons added here, beside the schema's {@link Beacon}s; immutable. */
    public List<StandardBeacon> standardBeacons() {
        return standardBeacons;
    }

    /** Compound beacons added here, beside the schema's {@link dev.coffer.enhanced.CompoundBeacon}s; immutable. */
    public List<CompoundBeacon> compoundBeacons() {
        return compoundBeacons;
    }

    @Override
    public String toString() {
        return "TableOptions{provider=" + materialsProvider
                + (logicalTableName == null ? "" : ", logical=" + logicalTableName)
                + (timeToLiveAttribute == null ? "" : ", timeToLive=" + timeToLiveAttribute)
                + (plaintextPhase == PlaintextPhase.ENCRYPTED_ONLY ? "" : ", plaintext=" + plaintextPhase)
                + (legacyReader == null ? "" : ", legacy=" + legacyReader.formatName())
                + (legacyPhase == null ? "" : ", legacyPhase=" + legacyPhase)
                + (allowedUnsignedAttributes.isEmpty() ? "" : ", allowedUnsigned=" + allowedUnsignedAttributes)
                + (allowedUnsignedPrefix == null ? "" : ", allowedUnsignedPrefix=" + allowedUnsignedPrefix)
                + (skippedItemListener == null ? "" : ", skipUnverifiedItems")
                + (algorithmSuite == AlgorithmSuite.AES_GCM_HMAC_SHA256 ? "" : ", suite=" + algorithmSuite)
                + (acceptHmacOnlyItems ? ", acceptHmacOnlyItems" : "")
                + (beaconKeySource == null ? "" : ", beaconKey=" + beaconKeySource)
                + (standardBeacons.isEmpty() ? "" : ", beacons=" + standardBeacons)
                + (compoundBeacons.isEmpty() ? "" : ", compoundBeacons=" + compoundBeacons) + "}";
    }

    /** Builds {@link TableOptions}; {@link #build()} checks the values. Not thread-safe. */
    public static final class Builder {
        private MaterialsProvider materialsProvider;
        private String logicalTableName;
        private String timeToLiveAttribute;
        private PlaintextPhase plaintextPhase = PlaintextPhase.ENCRYPTED_ONLY;
        private LegacyReader legacyReader;
        private LegacyPhase legacyPhase;
        private final Set<String> allowedUnsignedAttributes = new LinkedHashSet<>();
        private String allowedUnsignedPrefix;
        private SkippedItemListener skippedItemListener;
        private AlgorithmSuite algorithmSuite = AlgorithmSuite.AES_GCM_HMAC_SHA256;
        private boolean acceptHmacOnlyItems;
        private BeaconKeySource beaconKeySource;
        private final List<StandardBeacon> standardBeacons = new ArrayList<>();
        private final List<CompoundBeacon> compoundBeacons = new ArrayList<>();

        private Builder() {
        }

        /**
         * How new items are signed; HMAC only by default. With
         * {@link AlgorithmSuite#AES_GCM_HMAC_SHA256_ECDSA_P256} the provider must supply an ECDSA key
         * pair on write and the public key on read, and reads refuse HMAC-only items (see
         * {@link dev.coffer.TableConfig.Builder#algorithmSuite}).
         */
        public Builder algorithmSuite(AlgorithmSuite algorithmSuite) {
            if (algorithmSuite == null) {
                throw new ConfigurationException("table options: algorithmSuite must not be null");
            }
            this.algorithmSuite = algorithmSuite;
            return this;
        }

        /**
         * The migration window of {@link dev.coffer.TableConfig.Builder#acceptHmacOnlyItems}: reads of a
         * table on the ECDSA suite also accept HMAC-only items, which anyone who can decrypt could have
         * forged. Close it once old items are re-encrypted.
         */
        public Builder acceptHmacOnlyItems(boolean accept) {
            this.acceptHmacOnlyItems = accept;
            return this;
        }

        /** The materials provider for this table; unset means the extension's default provider. */
        public Builder materialsProvider(MaterialsProvider materialsProvider) {
            this.materialsProvider = materialsProvider;
            return this;
        }

        /**
         * The name items are cryptographically bound to instead of the table name, so the table can
         * be renamed or restored under another name. Overrides {@link LogicalTableName} and
         * {@link CofferExtension.TableTags#logicalTableName(String)}.
         */
        public Builder logicalTableName(String logicalTableName) {
            this.logicalTableName = logicalTableName;
            return this;
        }

        /**
         * The table's DynamoDB time-to-live attribute: kept plaintext (and signed) so DynamoDB can
         * expire items. Same effect as {@link TimeToLive} on the property; if both are used they
         * must name the same attribute.
         */
        public Builder timeToLiveAttribute(String attributeName) {
            this.timeToLiveAttribute = attributeName;
            return this;
        }

        /**
         * The phase of a table migrated from plaintext (docs/migration.md), one line per step:
         * {@link PlaintextPhase#WRITE_PLAINTEXT_READ_BOTH} (deploy to every reader first: writes stay
         * plaintext, reads accept both), {@link PlaintextPhase#WRITE_ENCRYPTED_READ_BOTH} (then to the
         * writers; then run {@code coffer reencrypt}), {@link PlaintextPhase#ENCRYPTED_ONLY} (the
         * default: an item without a Coffer header fails with a
         * {@link dev.coffer.migration.MigrationPhaseException}). While a phase reads plaintext, no item
         * of the table has integrity: anyone who can write to the table can plant an unprotected item,
         * or strip the header and signature from an encrypted one and change its signed values. End
         * the migration with {@code ENCRYPTED_ONLY}.
         */
        public Builder plaintextPhase(PlaintextPhase phase) {
            this.plaintextPhase = phase;
            return this;
        }

        /**
         * Reads items another client wrote (the legacy DynamoDB Encryption Client, through
         * {@code coffer-legacy}), verified and decrypted by {@code reader}; writes are Coffer items
         * ({@link LegacyPhase#READ_LEGACY_WRITE_COFFER}, the default once a reader is set).
         */
        public Builder legacyReader(LegacyReader reader) {
            this.legacyReader = reader;
            return this;
        }

        /**
         * The legacy phase: {@link LegacyPhase#COFFER_ONLY} once every item is rewritten (legacy items
         * are then refused); unset: {@code READ_LEGACY_WRITE_COFFER} with a reader, else
         * {@code COFFER_ONLY}.
         */
        public Builder legacyPhase(LegacyPhase phase) {
            this.legacyPhase = phase;
            return this;
        }

        /** Unsigned attributes that other writers add and reads must accept, replacing any set before. */
        public Builder allowedUnsignedAttributes(Collection<String> names) {
            if (names == null) {
                throw new ConfigurationException("table options: allowedUnsignedAttributes(...) must not be null; pass an "
                        + "empty list to accept none");
            }
            allowedUnsignedAttributes.clear();
            names.forEach(this::addAllowedUnsignedAttribute);
            return this;
        }

        /** Adds one attribute to {@link #allowedUnsignedAttributes}. */
        public Builder addAllowedUnsignedAttribute(String name) {
            if (name == null || name.isEmpty()) {
                throw new ConfigurationException("table options: an allowed unsigned attribute name must not be empty");
            }
            allowedUnsignedAttributes.add(name);
            return this;
        }

        /** Accept every unsigned attribute whose name starts with {@code prefix} on read. */
        public Builder allowedUnsignedPrefix(String prefix) {
            this.allowedUnsignedPrefix = prefix;
            return this;
        }

        /**
         * Opt-in: query, scan and batchGetItem (sync and async, secondary indexes included) leave out
         * an item that fails verification, or whose keys cannot be obtained, instead of failing the
         * whole read, and tell {@code listener} (table, index, stored primary key and reason; never
         * plaintext). Nothing unverified ever reaches the application either way. {@code null}
         * turns it off again: the default, in which one bad item fails the read.
         *
         * <p>Single-item reads (getItem, transactGetItems, the items returned by deleteItem, putItem
         * and updateItem) still throw: the caller asked for that item. The skipping happens in
         * {@link CofferExtension#executionInterceptor()}, which must be registered on the
         * {@code DynamoDbClient} (or {@code DynamoDbAsyncClient}), and needs the table's schema
         * given to {@link CofferExtension#tableConfig} at start-up; without either, these reads
         * fail closed as before, with a message saying which is missing.
         *
         * <p>The trade-off: anyone who can write to the table can make an item vanish from these
         * reads by corrupting it, and a provider outage (KMS unreachable) makes items vanish too
         * unless the listener rethrows. Do not use it where a missing item changes a decision (an
         * access check, a balance). See docs/enhanced-client.md, "Skipping items that fail
         * verification".
         */
        public Builder skipUnverifiedItems(SkippedItemListener listener) {
            this.skippedItemListener = listener;
            return this;
        }

        // ---- Beacons (searchable encryption); see docs/searchable-encryption.md.

        /** This table's beacon key; unset means the extension's {@link CofferExtension.Builder#beaconKeySource}. */
        public Builder beaconKeySource(BeaconKeySource source) {
            this.beaconKeySource = source;
            return this;
        }

        /** Adds a standard beacon (for attributes a schema cannot annotate). */
        public Builder addStandardBeacon(StandardBeacon beacon) {
            if (beacon == null) {
                throw new ConfigurationException("table options: addStandardBeacon(null)");
            }
            standardBeacons.add(beacon);
            return this;
        }

        /** Replaces the standard beacons added here. */
        public Builder standardBeacons(Collection<StandardBeacon> beacons) {
            standardBeacons.clear();
            if (beacons != null) {
                beacons.forEach(this::addStandardBeacon);
            }
            return this;
        }

        /** Adds a compound beacon (the builder option; beans may use {@link dev.coffer.enhanced.CompoundBeacon}). */
        public Builder addCompoundBeacon(CompoundBeacon beacon) {
            if (beacon == null) {
                throw new ConfigurationException("table options: addCompoundBeacon(null)");
            }
            compoundBeacons.add(beacon);
            return this;
        }

        /** Replaces the compound beacons added here. */
        public Builder compoundBeacons(Collection<CompoundBeacon> beacons) {
            compoundBeacons.clear();
            if (beacons != null) {
                beacons.forEach(this::addCompoundBeacon);
            }
            return this;
        }

        public TableOptions build() {
            if (logicalTableName != null && logicalTableName.isEmpty()) {
                throw new ConfigurationException("table options: the logical table name must not be empty; leave it "
                        + "unset to use the schema's or the table name");
            }
            if (timeToLiveAttribute != null && timeToLiveAttribute.isEmpty()) {
                throw new ConfigurationException("table options: the time-to-live attribute name must not be empty");
            }
            if (plaintextPhase == null) {
                throw new ConfigurationException("table options: plaintextPhase must not be null; ENCRYPTED_ONLY is "
                        + "the default");
            }
            if (legacyPhase == LegacyPhase.READ_LEGACY_WRITE_COFFER && legacyReader == null) {
                throw new ConfigurationException("table options: legacyPhase(READ_LEGACY_WRITE_COFFER) needs "
                        + "legacyReader(...); see docs/migration.md");
            }
            if (allowedUnsignedPrefix != null && allowedUnsignedPrefix.isEmpty()) {
                throw new ConfigurationException("table options: an empty allowedUnsignedPrefix would accept every "
                        + "attribute unsigned; mark such attributes @DoNothing instead");
            }
            if (acceptHmacOnlyItems && !algorithmSuite.isAsymmetric()) {
                throw new ConfigurationException("table options: acceptHmacOnlyItems(true) only applies with "
                        + "algorithmSuite(AES_GCM_HMAC_SHA256_ECDSA_P256)");
            }
            return new TableOptions(this);
        }
    }
}
