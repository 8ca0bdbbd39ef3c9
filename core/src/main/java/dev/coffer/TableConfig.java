package dev.coffer;

import dev.coffer.beacon.BeaconConfig;
import dev.coffer.beacon.StandardBeacon;
import dev.coffer.internal.format.BeaconEngine;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.migration.LegacyPhase;
import dev.coffer.migration.LegacyReader;
import dev.coffer.migration.PlaintextPhase;
import java.util.Collections;
import java.util.LinkedHashMap;
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
    // Everything not about the schema (provider, suite, unsigned attributes, migration): declared once.
    private final TableSettings settings;
    // Beacons (searchable encryption): see beacons().
    private final BeaconConfig beacons;

    private TableConfig(Builder b, TableSettings settings) {
        this.tableName = b.tableName;
        this.settings = settings;
        this.logicalTableName = settings.logicalTableName().orElse(b.tableName);
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
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder()
                .settings(settings)
                .tableName(tableName)
                .partitionKey(partitionKeyName)
                .defaultAction(defaultAction)
                .beacons(beacons);
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
        return settings.allowsUnsigned(name) ? CryptoAction.DO_NOTHING : defaultAction;
    }

    /** Unsigned attribute names accepted on read, beyond the {@code DO_NOTHING} ones. */
    public Set<String> allowedUnsignedAttributes() {
        return settings.allowedUnsignedAttributes();
    }

    /** A name prefix of unsigned attributes accepted on read, if any. */
    public Optional<String> allowedUnsignedPrefix() {
        return settings.allowedUnsignedPrefix();
    }

    /**
     * Whether a read accepts attribute {@code name} when the item's header does not sign it. (An
     * attribute the header signs is always verified, whatever this says.)
     */
    public boolean acceptsUnsigned(String name) {
        if (isKey(name) || name.startsWith(StandardBeacon.ATTRIBUTE_PREFIX)) {
            return false;
        }
        return actionFor(name) == CryptoAction.DO_NOTHING || settings.allowsUnsigned(name);
    }

    /** Where keys come from (always set in a {@code TableConfig}). */
    public MaterialsProvider materialsProvider() {
        return settings.materialsProvider().orElseThrow();
    }

    /** The suite new items are written with. */
    public AlgorithmSuite algorithmSuite() {
        return settings.algorithmSuite();
    }

    /**
     * Whether a read accepts items of the HMAC-only suite although the table is configured for the
     * asymmetric one (a migration window; see {@link Builder#acceptHmacOnlyItems}).
     */
    public boolean acceptsHmacOnlyItems() {
        return settings.acceptsHmacOnlyItems();
    }

    /** Whether a read accepts an item whose header names {@code suite}. */
    public boolean readsSuite(AlgorithmSuite suite) {
        return settings.readsSuite(suite);
    }

    /** The reader of another client's items (a legacy table), if this table has one. */
    public Optional<LegacyReader> legacyReader() {
        return settings.legacyReader();
    }

    /**
     * The legacy phase: {@link LegacyPhase#READ_LEGACY_WRITE_COFFER} by default when a legacy reader
     * is configured, else {@link LegacyPhase#COFFER_ONLY}.
     */
    public LegacyPhase legacyPhase() {
        return settings.legacyPhase();
    }

    /** The plaintext phase; {@link PlaintextPhase#ENCRYPTED_ONLY} unless set. */
    public PlaintextPhase plaintextPhase() {
        return settings.plaintextPhase();
    }

    /** Everything but the schema: provider, logical name, suite, unsigned attributes, migration phases. */
    public TableSettings settings() {
        return settings;
    }

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
                + ", " + settings + (beacons == null ? "" : ", " + beacons) + "}";
    }

    /**
     * Builds a {@link TableConfig}: the schema here (table name, keys, actions, beacons), the other
     * settings inherited from {@link TableSettings.Builder}. {@link #build()} checks that the pieces
     * fit. Not thread-safe.
     */
    public static final class Builder extends TableSettings.Builder<Builder> {
        private String tableName;
        private String partitionKeyName;
        private String sortKeyName;
        private final Map<String, CryptoAction> actions = new LinkedHashMap<>();
        private CryptoAction defaultAction = CryptoAction.ENCRYPT_AND_SIGN;
        private BeaconConfig beacons;

        private Builder() {
        }

        @Override
        protected String context() {
            return tableName == null ? "table configuration: " : "table '" + tableName + "': ";
        }

        /** The DynamoDB table name. Required. */
        public Builder tableName(String tableName) {
            this.tableName = tableName;
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
                throw new ConfigurationException(context() + "action(name, action) needs both, got " + name + " and "
                        + action);
            }
            actions.put(name, action);
            return this;
        }

        /** The actions of every attribute with one, replacing those set before (key attributes are always {@code SIGN_ONLY}). */
        public Builder actions(Map<String, CryptoAction> actions) {
            if (actions == null) {
                throw new ConfigurationException(context() + "actions(...) must not be null; pass an empty map for no "
                        + "explicit actions");
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
            String t = context();
            TableSettings settings = settings();
            if (partitionKeyName == null || partitionKeyName.isEmpty()) {
                throw new ConfigurationException(t + "set partitionKey(...) to the table's partition key attribute");
            }
            if (partitionKeyName.equals(sortKeyName)) {
                throw new ConfigurationException(t + "partition key and sort key are both '" + partitionKeyName + "'");
            }
            if (sortKeyName != null && sortKeyName.isEmpty()) {
                throw new ConfigurationException(t + "the sort key name must not be empty; leave it unset if the table has none");
            }
            if (settings.materialsProvider().isEmpty()) {
                throw new ConfigurationException(t + "set materialsProvider(...); see docs/providers.md to choose one");
            }
            if (defaultAction == null) {
                throw new ConfigurationException(t + "the default action must not be null");
            }
            checkKeyAction(t, partitionKeyName, "partition key");
            if (sortKeyName != null) {
                checkKeyAction(t, sortKeyName, "sort key");
            }
            checkAttributeName(t, partitionKeyName);
            if (sortKeyName != null) {
                checkAttributeName(t, sortKeyName);
            }
            actions.keySet().forEach(name -> checkAttributeName(t, name));
            checkAgainstSettings(t, settings);
            TableConfig config = new TableConfig(this, settings);
            BeaconEngine.validate(config);
            return config;
        }

        /** What the settings say about this schema's attributes: keys are always signed, signed ones not under the prefix. */
        private void checkAgainstSettings(String t, TableSettings settings) {
            for (String name : settings.allowedUnsignedAttributes()) {
                if (name.equals(partitionKeyName) || name.equals(sortKeyName)) {
                    throw new ConfigurationException(t + "attribute '" + name + "' is a key attribute and is always signed; "
                            + "remove it from allowedUnsignedAttributes");
                }
            }
            Optional<String> prefix = settings.allowedUnsignedPrefix();
            if (prefix.isPresent()) {
                for (String key : new String[] {partitionKeyName, sortKeyName}) {
                    if (key != null && key.startsWith(prefix.get())) {
                        throw new ConfigurationException(t + "key attribute '" + key + "' starts with allowedUnsignedPrefix '"
                                + prefix.get() + "'; keys are always signed, choose another prefix");
                    }
                }
                for (Map.Entry<String, CryptoAction> e : actions.entrySet()) {
                    if (e.getValue().isSigned() && e.getKey().startsWith(prefix.get())) {
                        throw new ConfigurationException(t + "attribute '" + e.getKey() + "' is " + e.getValue()
                                + " but starts with allowedUnsignedPrefix '" + prefix.get()
                                + "'; a read could not tell it from an unsigned one, choose another prefix or action");
                    }
                }
            }
            if (settings.legacyReader().isPresent()) {
                LegacyReader reader = settings.legacyReader().get();
                for (String name : reader.reservedAttributes()) {
                    if (actions.containsKey(name)) {
                        throw new ConfigurationException(t + "attribute '" + name + "' is reserved by the "
                                + reader.formatName() + "; remove its action");
                    }
                }
            }
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
