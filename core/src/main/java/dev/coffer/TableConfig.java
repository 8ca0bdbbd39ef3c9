package dev.coffer;

import dev.coffer.beacon.BeaconConfig;
import dev.coffer.beacon.StandardBeacon;
import dev.coffer.internal.format.BeaconEngine;
import dev.coffer.internal.format.Format;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.migration.LegacyPhase;
import dev.coffer.migration.LegacyReader;
import dev.coffer.migration.PlaintextPhase;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How one DynamoDB table's items are protected: the table name the items are bound to, the primary
 * key, what to do with each attribute, which unsigned attributes a read accepts, and the materials
 * provider.
 *
 * <ul>
 *   <li>Partition and sort key attributes are always {@link CryptoAction#SIGN_ONLY}: DynamoDB must
 *       read them. Asking to encrypt or not sign one is a {@link ConfigurationException} here.</li>
 *   <li>Attributes without an explicit action get {@link CryptoAction#DO_NOTHING} if they are
 *       accepted unsigned on read (listed in {@link Builder#allowedUnsignedAttributes} or under
 *       {@link Builder#allowedUnsignedPrefix}), else {@link #defaultAction()},
 *       {@link CryptoAction#ENCRYPT_AND_SIGN} unless you say otherwise.</li>
 *   <li>Reads accept an unsigned attribute only if it is declared {@code DO_NOTHING} (explicitly,
 *       or through a {@code DO_NOTHING} default), is listed in
 *       {@link Builder#allowedUnsignedAttributes}, or starts with
 *       {@link Builder#allowedUnsignedPrefix}. Any other unsigned attribute fails verification, so
 *       nobody can slip an attribute into an item.</li>
 *   <li>To start signing an attribute that old items carry unsigned (a {@code DO_NOTHING} made
 *       {@code SIGN_ONLY} or {@code ENCRYPT_AND_SIGN}), give it the new action and also list it in
 *       {@link Builder#allowedUnsignedAttributes} until every old item has been rewritten: items
 *       whose header signs it are verified as usual; old items, whose header does not, are
 *       accepted with it unsigned, exactly as before the change.</li>
 *   <li>Items are bound to {@link #logicalTableName()}: set it if the physical table may be renamed
 *       or restored under another name, and keep it the same for every copy of the table.</li>
 *   <li>Which attributes were encrypted or signed is read back from each item's header, so actions
 *       may change later without breaking old items (a changed action applies to new writes).</li>
 *   <li>{@link Builder#algorithmSuite} chooses how new items are signed. A table configured for
 *       {@link AlgorithmSuite#AES_GCM_HMAC_SHA256_ECDSA_P256} also refuses, on read, items of the
 *       HMAC-only suite (a principal who can decrypt could have forged them), unless
 *       {@link Builder#acceptHmacOnlyItems} opens a migration window. A table configured for the
 *       HMAC-only suite reads both suites (an ECDSA-signed item is always verified as such).</li>
 *   <li>Migration (docs/migration.md): a table written by the legacy DynamoDB Encryption Client
 *       gets a {@link Builder#legacyReader} and a {@link LegacyPhase}; a table written without
 *       encryption gets a {@link PlaintextPhase}. Both default to reading Coffer items only.</li>
 * </ul>
 *
 * <pre>{@code
 * TableConfig config = TableConfig.builder()
 *         .tableName("sessions")
 *         .partitionKey("user_id")
 *         .sortKey("session_id")
 *         .action("status", CryptoAction.SIGN_ONLY)
 *         .action("expires_at", CryptoAction.SIGN_ONLY)
 *         .action("last_seen", CryptoAction.DO_NOTHING)
 *         .materialsProvider(provider)
 *         .build();
 * }</pre>
 *
 * <p>Thread-safety: immutable; the builder is not thread-safe.
 */
public final class TableConfig {
    private final String tableName;
    private final String logicalTableName;
    private final String partitionKeyName;
    private final String sortKeyName;
    private final Map<String, CryptoAction> actions;
    private final CryptoAction defaultAction;
    private final Set<String> allowedUnsignedAttributes;
    private final String allowedUnsignedPrefix;
    private final MaterialsProvider materialsProvider;
    private final AlgorithmSuite algorithmSuite;
    private final boolean acceptHmacOnlyItems;
    // --- migration (issue 14): legacy reader and phases ---
    private final LegacyReader legacyReader;
    private final LegacyPhase legacyPhase;
    private final PlaintextPhase plaintextPhase;
    // --- end migration ---
    // Beacons (searchable encryption): see beacons().
    private final BeaconConfig beacons;

    private TableConfig(Builder b) {
        this.tableName = b.tableName;
        this.logicalTableName = b.logicalTableName == null ? b.tableName : b.logicalTableName;
        this.partitionKeyName = b.partitionKeyName;
        this.sortKeyName = b.sortKeyName;
        Map<String, CryptoAction> a = new LinkedHashMap<>(b.actions);
        a.put(partitionKeyName, CryptoAction.SIGN_ONLY);
        if (sortKeyName != null) {
            a.put(sortKeyName, CryptoAction.SIGN_ONLY);
        }
        // Beacons (searchable encryption): each stored beacon is a signed plaintext attribute.
        this.beacons = b.beacons;
        if (beacons != null) {
            beacons.storedAttributes().forEach(name -> a.put(name, CryptoAction.SIGN_ONLY));
        }
        this.actions = Collections.unmodifiableMap(a);
        this.defaultAction = b.defaultAction;
        this.allowedUnsignedAttributes = Collections.unmodifiableSet(new LinkedHashSet<>(b.allowedUnsigned));
        this.allowedUnsignedPrefix = b.allowedUnsignedPrefix;
        this.materialsProvider = b.materialsProvider;
        this.algorithmSuite = b.algorithmSuite;
        this.acceptHmacOnlyItems = b.acceptHmacOnlyItems;
        // --- migration ---
        this.legacyReader = b.legacyReader;
        this.legacyPhase = b.effectiveLegacyPhase();
        this.plaintextPhase = b.plaintextPhase;
        // --- end migration ---
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder()
                .tableName(tableName)
                .partitionKey(partitionKeyName)
                .defaultAction(defaultAction)
                .allowedUnsignedAttributes(allowedUnsignedAttributes)
                .allowedUnsignedPrefix(allowedUnsignedPrefix)
                .materialsProvider(materialsProvider)
                .algorithmSuite(algorithmSuite)
                .acceptHmacOnlyItems(acceptHmacOnlyItems)
                .legacyReader(legacyReader)
                .legacyPhase(legacyPhase == (legacyReader == null ? LegacyPhase.COFFER_ONLY
                        : LegacyPhase.READ_LEGACY_WRITE_COFFER) ? null : legacyPhase)
                .plaintextPhase(plaintextPhase)
                .beacons(beacons);
        if (!logicalTableName.equals(tableName)) {
            b.logicalTableName(logicalTableName);
        }
        if (sortKeyName != null) {
            b.sortKey(sortKeyName);
        }
        actions.forEach((name, action) -> {
            if (!isKey(name) && !name.startsWith(StandardBeacon.ATTRIBUTE_PREFIX)) {
                b.action(name, action);
            }
        });
        return b;
    }

    /** The physical DynamoDB table name (used in messages). */
    public String tableName() {
        return tableName;
    }

    /** The name items are cryptographically bound to: the logical name if set, else the table name. */
    public String logicalTableName() {
        return logicalTableName;
    }

    public String partitionKeyName() {
        return partitionKeyName;
    }

    public Optional<String> sortKeyName() {
        return Optional.ofNullable(sortKeyName);
    }

    /** The explicit actions, including the key attributes (always {@code SIGN_ONLY}). */
    public Map<String, CryptoAction> actions() {
        return actions;
    }

    /** The action for attributes not listed in {@link #actions()}. */
    public CryptoAction defaultAction() {
        return defaultAction;
    }

    /** The action Coffer takes on attribute {@code name} when writing. */
    public CryptoAction actionFor(String name) {
        CryptoAction a = actions.get(name);
        if (a != null) {
            return a;
        }
        if (allowedUnsignedAttributes.contains(name)
                || (allowedUnsignedPrefix != null && name.startsWith(allowedUnsignedPrefix))) {
            return CryptoAction.DO_NOTHING;
        }
        return defaultAction;
    }

    /** Unsigned attribute names accepted on read, beyond the {@code DO_NOTHING} ones. */
    public Set<String> allowedUnsignedAttributes() {
        return allowedUnsignedAttributes;
    }

    /** A name prefix of unsigned attributes accepted on read, if any. */
    public Optional<String> allowedUnsignedPrefix() {
        return Optional.ofNullable(allowedUnsignedPrefix);
    }

    /**
     * Whether a read accepts attribute {@code name} when the item's header does not sign it. (An
     * attribute the header signs is always verified, whatever this says.)
     */
    public boolean acceptsUnsigned(String name) {
        if (isKey(name) || name.startsWith(StandardBeacon.ATTRIBUTE_PREFIX)) {
            return false;
        }
        return actionFor(name) == CryptoAction.DO_NOTHING
                || allowedUnsignedAttributes.contains(name)
                || (allowedUnsignedPrefix != null && name.startsWith(allowedUnsignedPrefix));
    }

    public MaterialsProvider materialsProvider() {
        return materialsProvider;
    }

    /** The suite new items are written with. */
    public AlgorithmSuite algorithmSuite() {
        return algorithmSuite;
    }

    /**
     * Whether a read accepts items of the HMAC-only suite although the table is configured for the
     * asymmetric one (a migration window; see {@link Builder#acceptHmacOnlyItems}).
     */
    public boolean acceptsHmacOnlyItems() {
        return acceptHmacOnlyItems;
    }

    /** Whether a read accepts an item whose header names {@code suite}. */
    public boolean readsSuite(AlgorithmSuite suite) {
        return suite.isAsymmetric() || !algorithmSuite.isAsymmetric() || acceptHmacOnlyItems;
    }

    // --- migration (issue 14) ---

    /** The reader of another client's items (a legacy table), if this table has one. */
    public Optional<LegacyReader> legacyReader() {
        return Optional.ofNullable(legacyReader);
    }

    /**
     * The legacy phase: {@link LegacyPhase#READ_LEGACY_WRITE_COFFER} by default when a legacy reader
     * is configured, else {@link LegacyPhase#COFFER_ONLY}.
     */
    public LegacyPhase legacyPhase() {
        return legacyPhase;
    }

    /** The plaintext phase; {@link PlaintextPhase#ENCRYPTED_ONLY} unless set. */
    public PlaintextPhase plaintextPhase() {
        return plaintextPhase;
    }

    // --- end migration ---

    /**
     * The table's beacons (searchable encryption), if any: each is stored as a signed plaintext
     * attribute {@code coffer_b_<name>}. See docs/searchable-encryption.md.
     */
    public Optional<BeaconConfig> beacons() {
        return Optional.ofNullable(beacons);
    }

    private boolean isKey(String name) {
        return name.equals(partitionKeyName) || name.equals(sortKeyName);
    }

    @Override
    public String toString() {
        return "TableConfig{table=" + tableName
                + (logicalTableName.equals(tableName) ? "" : ", logical=" + logicalTableName)
                + ", partitionKey=" + partitionKeyName
                + (sortKeyName == null ? "" : ", sortKey=" + sortKeyName)
                + ", actions=" + actions + ", default=" + defaultAction
                + ", allowedUnsigned=" + allowedUnsignedAttributes
                + (allowedUnsignedPrefix == null ? "" : ", allowedUnsignedPrefix=" + allowedUnsignedPrefix)
                + (algorithmSuite == AlgorithmSuite.AES_GCM_HMAC_SHA256 ? "" : ", suite=" + algorithmSuite
                        + (acceptHmacOnlyItems ? " (accepting HMAC-only items)" : ""))
                + ", provider=" + materialsProvider + (beacons == null ? "" : ", " + beacons)
                + (legacyReader == null ? "" : ", legacy=" + legacyReader.formatName() + " " + legacyPhase)
                + (plaintextPhase == PlaintextPhase.ENCRYPTED_ONLY ? "" : ", plaintext=" + plaintextPhase) + "}";
    }

    /** Builds a {@link TableConfig}; {@link #build()} checks that the pieces fit. Not thread-safe. */
    public static final class Builder {
        private String tableName;
        private String logicalTableName;
        private String partitionKeyName;
        private String sortKeyName;
        private final Map<String, CryptoAction> actions = new LinkedHashMap<>();
        private CryptoAction defaultAction = CryptoAction.ENCRYPT_AND_SIGN;
        private final Set<String> allowedUnsigned = new LinkedHashSet<>();
        private String allowedUnsignedPrefix;
        private MaterialsProvider materialsProvider;
        private AlgorithmSuite algorithmSuite = AlgorithmSuite.AES_GCM_HMAC_SHA256;
        private boolean acceptHmacOnlyItems;
        // --- migration ---
        private LegacyReader legacyReader;
        private LegacyPhase legacyPhase;
        private PlaintextPhase plaintextPhase = PlaintextPhase.ENCRYPTED_ONLY;
        // --- end migration ---
        private BeaconConfig beacons;

        private Builder() {
        }

        /** The DynamoDB table name. Required. */
        public Builder tableName(String tableName) {
            this.tableName = tableName;
            return this;
        }

        /**
         * A name that items are bound to instead of the table name, so a table can be renamed or
         * restored under another name and its items still verify. Every copy of the table must use
         * the same logical name.
         */
        public Builder logicalTableName(String logicalTableName) {
            this.logicalTableName = logicalTableName;
            return this;
        }

        /** The partition key attribute. Required. Always signed, never encrypted. */
        public Builder partitionKey(String name) {
            this.partitionKeyName = name;
            return this;
        }

        /** The sort key attribute, if the table has one. Always signed, never encrypted. */
        public Builder sortKey(String name) {
            this.sortKeyName = name;
            return this;
        }

        /** The action for one attribute; replaces an earlier action for the same name. */
        public Builder action(String name, CryptoAction action) {
            if (name == null || action == null) {
                throw new ConfigurationException("table '" + tableName + "': action(name, action) needs both, got "
                        + name + " and " + action);
            }
            actions.put(name, action);
            return this;
        }

        /** The actions of every attribute with one, replacing those set before (key attributes are always {@code SIGN_ONLY}). */
        public Builder actions(Map<String, CryptoAction> actions) {
            if (actions == null) {
                throw new ConfigurationException("table '" + tableName + "': actions(...) must not be null; pass an empty "
                        + "map for no explicit actions");
            }
            this.actions.clear();
            actions.forEach(this::action);
            return this;
        }

        /** The action for attributes without one; {@code ENCRYPT_AND_SIGN} by default. */
        public Builder defaultAction(CryptoAction defaultAction) {
            this.defaultAction = defaultAction;
            return this;
        }

        /**
         * Attributes a read accepts unsigned, for example ones other writers add (replacing any set
         * before; {@link #addAllowedUnsignedAttribute} adds one). Without an explicit
         * action they are also written unsigned. Listing a signed attribute here is the migration
         * path for starting to sign an attribute old items hold unsigned (see the class comment).
         */
        public Builder allowedUnsignedAttributes(java.util.Collection<String> names) {
            if (names == null) {
                throw new ConfigurationException("table '" + tableName + "': allowedUnsignedAttributes(...) must not be null; "
                        + "pass an empty list to accept none");
            }
            allowedUnsigned.clear();
            names.forEach(this::addAllowedUnsignedAttribute);
            return this;
        }

        /** Adds one attribute to {@link #allowedUnsignedAttributes}. */
        public Builder addAllowedUnsignedAttribute(String name) {
            allowedUnsigned.add(name); // checked with every other name in build()
            return this;
        }

        /** Accept every unsigned attribute whose name starts with {@code prefix} on read. */
        public Builder allowedUnsignedPrefix(String prefix) {
            this.allowedUnsignedPrefix = prefix;
            return this;
        }

        /** Where keys come from. Required. */
        public Builder materialsProvider(MaterialsProvider materialsProvider) {
            this.materialsProvider = materialsProvider;
            return this;
        }

        /**
         * How new items are signed; {@link AlgorithmSuite#AES_GCM_HMAC_SHA256} by default. With
         * {@link AlgorithmSuite#AES_GCM_HMAC_SHA256_ECDSA_P256} the materials provider must supply an
         * ECDSA key pair on write and the matching public key on read (docs/SECURITY.md, "Who can
         * forge"), and reads refuse HMAC-only items unless {@link #acceptHmacOnlyItems} is set.
         */
        public Builder algorithmSuite(AlgorithmSuite algorithmSuite) {
            if (algorithmSuite == null) {
                throw new ConfigurationException("table '" + tableName + "': algorithmSuite must not be null");
            }
            this.algorithmSuite = algorithmSuite;
            return this;
        }

        /**
         * A migration window, for a table configured with the asymmetric suite: reads also accept
         * items of the HMAC-only suite. While it is open, anyone who can compute the HMAC (with KMS:
         * any principal allowed {@code kms:Decrypt}) can still forge items that this reader accepts,
         * so the asymmetric suite protects nothing yet. Open it while old items are re-encrypted, then
         * close it (docs/SECURITY.md, "Moving a table to the asymmetric suite"). Off by default; only
         * meaningful with the asymmetric suite.
         */
        public Builder acceptHmacOnlyItems(boolean accept) {
            this.acceptHmacOnlyItems = accept;
            return this;
        }

        // --- migration (issue 14): docs/migration.md ---

        /**
         * Reads items another client wrote (for example the legacy DynamoDB Encryption Client, through
         * {@code coffer-legacy}): such items are verified and decrypted by {@code reader}, new writes
         * are Coffer items. Makes {@link LegacyPhase#READ_LEGACY_WRITE_COFFER} the default phase.
         * {@code null} removes the reader.
         */
        public Builder legacyReader(LegacyReader reader) {
            this.legacyReader = reader;
            return this;
        }

        /**
         * The legacy phase; unset means {@link LegacyPhase#READ_LEGACY_WRITE_COFFER} with a legacy
         * reader, {@link LegacyPhase#COFFER_ONLY} without. {@code READ_LEGACY_WRITE_COFFER} needs a
         * reader. In {@code COFFER_ONLY} a configured reader only recognizes legacy items, so they are
         * refused with a clear {@link dev.coffer.migration.MigrationPhaseException}.
         */
        public Builder legacyPhase(LegacyPhase phase) {
            this.legacyPhase = phase;
            return this;
        }

        /** The plaintext phase; {@link PlaintextPhase#ENCRYPTED_ONLY} (the default) refuses plaintext items. */
        public Builder plaintextPhase(PlaintextPhase phase) {
            if (phase == null) {
                throw new ConfigurationException("table '" + tableName + "': plaintextPhase must not be null; "
                        + "ENCRYPTED_ONLY is the default");
            }
            this.plaintextPhase = phase;
            return this;
        }

        private LegacyPhase effectiveLegacyPhase() {
            if (legacyPhase != null) {
                return legacyPhase;
            }
            return legacyReader == null ? LegacyPhase.COFFER_ONLY : LegacyPhase.READ_LEGACY_WRITE_COFFER;
        }

        private void checkMigration(String t) {
            if (legacyPhase == LegacyPhase.READ_LEGACY_WRITE_COFFER && legacyReader == null) {
                throw new ConfigurationException(t + "legacy phase READ_LEGACY_WRITE_COFFER needs a legacy reader: set "
                        + "legacyReader(...) (e.g. from coffer-legacy), or use COFFER_ONLY; see docs/migration.md");
            }
            if (legacyReader != null) {
                for (String name : legacyReader.reservedAttributes()) {
                    if (actions.containsKey(name) || allowedUnsigned.contains(name)) {
                        throw new ConfigurationException(t + "attribute '" + name + "' is reserved by the "
                                + legacyReader.formatName() + "; remove it from the actions and allowed unsigned attributes");
                    }
                }
            }
        }

        // --- end migration ---

        /**
         * The table's beacons (searchable encryption); {@code null} for none. Checked against the
         * actions by {@link #build()}: see {@link BeaconConfig}, and docs/searchable-encryption.md
         * for what beacons reveal.
         */
        public Builder beacons(BeaconConfig beacons) {
            this.beacons = beacons;
            return this;
        }

        public TableConfig build() {
            if (tableName == null || tableName.isEmpty()) {
                throw new ConfigurationException("table configuration: set tableName(...) to the DynamoDB table name");
            }
            String t = "table '" + tableName + "': ";
            if (logicalTableName != null && logicalTableName.isEmpty()) {
                throw new ConfigurationException(t + "the logical table name must not be empty; leave it unset to use the table name");
            }
            if (partitionKeyName == null || partitionKeyName.isEmpty()) {
                throw new ConfigurationException(t + "set partitionKey(...) to the table's partition key attribute");
            }
            if (partitionKeyName.equals(sortKeyName)) {
                throw new ConfigurationException(t + "partition key and sort key are both '" + partitionKeyName + "'");
            }
            if (sortKeyName != null && sortKeyName.isEmpty()) {
                throw new ConfigurationException(t + "the sort key name must not be empty; leave it unset if the table has none");
            }
            if (materialsProvider == null) {
                throw new ConfigurationException(t + "set materialsProvider(...); see docs/providers.md to choose one");
            }
            if (defaultAction == null) {
                throw new ConfigurationException(t + "the default action must not be null");
            }
            if (acceptHmacOnlyItems && !algorithmSuite.isAsymmetric()) {
                throw new ConfigurationException(t + "acceptHmacOnlyItems(true) only applies to a table configured with "
                        + "algorithmSuite(AES_GCM_HMAC_SHA256_ECDSA_P256); a table on the HMAC suite reads HMAC-only items "
                        + "anyway. Remove acceptHmacOnlyItems, or set the asymmetric suite");
            }
            checkKeyAction(t, partitionKeyName, "partition key");
            if (sortKeyName != null) {
                checkKeyAction(t, sortKeyName, "sort key");
            }
            for (String name : concat()) {
                if (name == null || name.isEmpty()) {
                    throw new ConfigurationException(t + "attribute names must not be empty");
                }
                if (Format.isReserved(name)) {
                    throw new ConfigurationException(t + "attribute '" + name + "' is reserved for Coffer's header and "
                            + "signature; rename the attribute");
                }
                if (name.startsWith(StandardBeacon.ATTRIBUTE_PREFIX)) {
                    throw new ConfigurationException(t + "attribute '" + name + "': names starting with '"
                            + StandardBeacon.ATTRIBUTE_PREFIX + "' are reserved for beacons; rename the attribute");
                }
                if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > Format.MAX_NAME_BYTES) {
                    throw new ConfigurationException(t + "attribute name of " + name.length()
                            + " characters is longer than DynamoDB's 65535 bytes");
                }
            }
            for (String name : allowedUnsigned) {
                if (name.equals(partitionKeyName) || name.equals(sortKeyName)) {
                    throw new ConfigurationException(t + "attribute '" + name + "' is a key attribute and is always signed; "
                            + "remove it from allowedUnsignedAttributes");
                }
            }
            if (allowedUnsignedPrefix != null) {
                if (allowedUnsignedPrefix.isEmpty()) {
                    throw new ConfigurationException(t + "an empty allowedUnsignedPrefix would accept every attribute unsigned; "
                            + "use defaultAction(DO_NOTHING) if that is really meant");
                }
                for (String reserved : new String[] {Format.HEADER_ATTRIBUTE, Format.SIGNATURE_ATTRIBUTE}) {
                    if (reserved.startsWith(allowedUnsignedPrefix)) {
                        throw new ConfigurationException(t + "allowedUnsignedPrefix '" + allowedUnsignedPrefix
                                + "' covers Coffer's reserved attribute '" + reserved + "'; choose a prefix that does not");
                    }
                }
                for (String key : new String[] {partitionKeyName, sortKeyName}) {
                    if (key != null && key.startsWith(allowedUnsignedPrefix)) {
                        throw new ConfigurationException(t + "key attribute '" + key + "' starts with allowedUnsignedPrefix '"
                                + allowedUnsignedPrefix + "'; keys are always signed, choose another prefix");
                    }
                }
                for (Map.Entry<String, CryptoAction> e : actions.entrySet()) {
                    if (e.getValue().isSigned() && e.getKey().startsWith(allowedUnsignedPrefix)) {
                        throw new ConfigurationException(t + "attribute '" + e.getKey() + "' is " + e.getValue()
                                + " but starts with allowedUnsignedPrefix '" + allowedUnsignedPrefix
                                + "'; a read could not tell it from an unsigned one, choose another prefix or action");
                    }
                }
            }
            checkMigration(t);
            if (allowedUnsignedPrefix != null && (allowedUnsignedPrefix.startsWith(StandardBeacon.ATTRIBUTE_PREFIX)
                    || StandardBeacon.ATTRIBUTE_PREFIX.startsWith(allowedUnsignedPrefix))) {
                throw new ConfigurationException(t + "allowedUnsignedPrefix '" + allowedUnsignedPrefix + "' overlaps the "
                        + "beacon prefix '" + StandardBeacon.ATTRIBUTE_PREFIX + "'; beacons are always signed, choose "
                        + "another prefix");
            }
            TableConfig config = new TableConfig(this);
            BeaconEngine.validate(config);
            return config;
        }

        private Set<String> concat() {
            Set<String> all = new LinkedHashSet<>(actions.keySet());
            all.add(partitionKeyName);
            if (sortKeyName != null) {
                all.add(sortKeyName);
            }
            all.addAll(allowedUnsigned);
            return all;
        }

        private void checkKeyAction(String t, String key, String role) {
            CryptoAction a = actions.get(key);
            if (a == CryptoAction.ENCRYPT_AND_SIGN) {
                throw new ConfigurationException(t + "attribute '" + key + "' is the " + role + " and cannot be encrypted: "
                        + "DynamoDB must read key attributes, so Coffer always keeps them plaintext and signs them (SIGN_ONLY). "
                        + "Remove the ENCRYPT_AND_SIGN action for '" + key + "'");
            }
            if (a == CryptoAction.DO_NOTHING) {
                throw new ConfigurationException(t + "attribute '" + key + "' is the " + role + " and must be signed, so an item "
                        + "copied under another key is detected. Remove the DO_NOTHING action for '" + key + "'");
            }
        }
    }
}
