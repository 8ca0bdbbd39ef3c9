package dev.coffer;

import dev.coffer.beacon.StandardBeacon;
import dev.coffer.internal.format.Format;
import dev.coffer.materials.MaterialsProvider;
import dev.coffer.migration.LegacyPhase;
import dev.coffer.migration.LegacyReader;
import dev.coffer.migration.PlaintextPhase;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The settings of a table that do not come from its schema: where keys come from, the name items
 * are bound to, how new items are signed and which items reads accept (the algorithm suite and its
 * migration window, unsigned attributes other writers add, the legacy and plaintext migration
 * phases). Declared and checked once, here, and set through the two builders that extend
 * {@link Builder}: {@link TableConfig.Builder} (for {@link ItemEncryptor}, together with the
 * schema: table name, keys, actions) and the Enhanced Client extension's
 * {@code TableOptions.Builder} (where the schema comes from the bean's annotations).
 *
 * <pre>{@code
 * TableConfig config = TableConfig.builder()
 *         .tableName("sessions").partitionKey("user_id")              // the schema: TableConfig's own
 *         .materialsProvider(provider)                                 // settings: declared here
 *         .algorithmSuite(AlgorithmSuite.AES_GCM_HMAC_SHA256_ECDSA_P256)
 *         .addAllowedUnsignedAttribute("replicated_at")
 *         .build();
 * TableSettings settings = config.settings();
 * }</pre>
 *
 * <p>Thread-safety: immutable; builders are not thread-safe.
 */
public final class TableSettings {
    private static final TableSettings DEFAULTS = new TableSettings(new Plain());

    private final MaterialsProvider materialsProvider;
    private final String logicalTableName;
    private final AlgorithmSuite algorithmSuite;
    private final boolean acceptHmacOnlyItems;
    private final Set<String> allowedUnsignedAttributes;
    private final String allowedUnsignedPrefix;
    private final LegacyReader legacyReader;
    private final LegacyPhase legacyPhase;
    private final PlaintextPhase plaintextPhase;

    private TableSettings(Builder<?> b) {
        this.materialsProvider = b.materialsProvider;
        this.logicalTableName = b.logicalTableName;
        this.algorithmSuite = b.algorithmSuite;
        this.acceptHmacOnlyItems = b.acceptHmacOnlyItems;
        this.allowedUnsignedAttributes = Collections.unmodifiableSet(new LinkedHashSet<>(b.allowedUnsigned));
        this.allowedUnsignedPrefix = b.allowedUnsignedPrefix;
        this.legacyReader = b.legacyReader;
        this.legacyPhase = b.legacyPhase;
        this.plaintextPhase = b.plaintextPhase;
    }

    /** Nothing set: the defaults every builder starts from. */
    public static TableSettings defaults() {
        return DEFAULTS;
    }

    /** The table's materials provider, if one was set (a {@link TableConfig} always has one). */
    public Optional<MaterialsProvider> materialsProvider() {
        return Optional.ofNullable(materialsProvider);
    }

    /** The name items are bound to, if set; unset means the table name (or, in the extension, the schema's). */
    public Optional<String> logicalTableName() {
        return Optional.ofNullable(logicalTableName);
    }

    /** The suite new items are written with; {@link AlgorithmSuite#AES_GCM_HMAC_SHA256} unless set. */
    public AlgorithmSuite algorithmSuite() {
        return algorithmSuite;
    }

    /**
     * Whether reads accept items of the HMAC-only suite although the table is on the asymmetric one
     * (a migration window; see {@link Builder#acceptHmacOnlyItems}).
     */
    public boolean acceptsHmacOnlyItems() {
        return acceptHmacOnlyItems;
    }

    /** Whether a read accepts an item whose header names {@code suite}. */
    public boolean readsSuite(AlgorithmSuite suite) {
        return suite.isAsymmetric() || !algorithmSuite.isAsymmetric() || acceptHmacOnlyItems;
    }

    /** Unsigned attribute names accepted on read, beyond the {@code DO_NOTHING} ones. */
    public Set<String> allowedUnsignedAttributes() {
        return allowedUnsignedAttributes;
    }

    /** A name prefix of unsigned attributes accepted on read, if any. */
    public Optional<String> allowedUnsignedPrefix() {
        return Optional.ofNullable(allowedUnsignedPrefix);
    }

    /** Whether {@code name} is listed in, or starts with the prefix of, the allowed unsigned attributes. */
    public boolean allowsUnsigned(String name) {
        return allowedUnsignedAttributes.contains(name)
                || (allowedUnsignedPrefix != null && name.startsWith(allowedUnsignedPrefix));
    }

    /** The reader of another client's items (a legacy table), if the table has one. */
    public Optional<LegacyReader> legacyReader() {
        return Optional.ofNullable(legacyReader);
    }

    /**
     * The legacy phase: as set, else {@link LegacyPhase#READ_LEGACY_WRITE_COFFER} when a legacy reader
     * is configured and {@link LegacyPhase#COFFER_ONLY} when not.
     */
    public LegacyPhase legacyPhase() {
        if (legacyPhase != null) {
            return legacyPhase;
        }
        return legacyReader == null ? LegacyPhase.COFFER_ONLY : LegacyPhase.READ_LEGACY_WRITE_COFFER;
    }

    /** The plaintext phase; {@link PlaintextPhase#ENCRYPTED_ONLY} unless set. */
    public PlaintextPhase plaintextPhase() {
        return plaintextPhase;
    }

    @Override
    public String toString() {
        return "provider=" + materialsProvider
                + (logicalTableName == null ? "" : ", logical=" + logicalTableName)
                + (allowedUnsignedAttributes.isEmpty() ? "" : ", allowedUnsigned=" + allowedUnsignedAttributes)
                + (allowedUnsignedPrefix == null ? "" : ", allowedUnsignedPrefix=" + allowedUnsignedPrefix)
                + (algorithmSuite == AlgorithmSuite.AES_GCM_HMAC_SHA256 ? "" : ", suite=" + algorithmSuite
                        + (acceptHmacOnlyItems ? " (accepting HMAC-only items)" : ""))
                + (legacyReader == null ? "" : ", legacy=" + legacyReader.formatName() + " " + legacyPhase())
                + (plaintextPhase == PlaintextPhase.ENCRYPTED_ONLY ? "" : ", plaintext=" + plaintextPhase);
    }

    /**
     * The setters of {@link TableSettings}, shared by {@link TableConfig.Builder} and the extension's
     * {@code TableOptions.Builder}; each returns the builder it is called on. Follows the builder
     * contract: every invalid setting, null included, is a {@link ConfigurationException} from the
     * setter or from the subclass's {@code build()}; collection setters replace and {@code addX}
     * appends.
     *
     * <p>Extended by Coffer's own builders only; the protected members are not an extension point.
     * Not thread-safe.
     *
     * @param <B> the builder type the setters return
     */
    public abstract static class Builder<B extends Builder<B>> {
        private MaterialsProvider materialsProvider;
        private String logicalTableName;
        private AlgorithmSuite algorithmSuite = AlgorithmSuite.AES_GCM_HMAC_SHA256;
        private boolean acceptHmacOnlyItems;
        private final Set<String> allowedUnsigned = new LinkedHashSet<>();
        private String allowedUnsignedPrefix;
        private LegacyReader legacyReader;
        private LegacyPhase legacyPhase;
        private PlaintextPhase plaintextPhase = PlaintextPhase.ENCRYPTED_ONLY;

        /** For Coffer's builders. */
        protected Builder() {
        }

        /** How messages about this builder begin, such as {@code "table 'orders': "}. */
        protected abstract String context();

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        /** Every setting of {@code settings}, replacing those set before. */
        public B settings(TableSettings settings) {
            if (settings == null) {
                throw new ConfigurationException(context() + "settings(...) must not be null; use TableSettings.defaults()");
            }
            materialsProvider = settings.materialsProvider;
            logicalTableName = settings.logicalTableName;
            algorithmSuite = settings.algorithmSuite;
            acceptHmacOnlyItems = settings.acceptHmacOnlyItems;
            allowedUnsigned.clear();
            allowedUnsigned.addAll(settings.allowedUnsignedAttributes);
            allowedUnsignedPrefix = settings.allowedUnsignedPrefix;
            legacyReader = settings.legacyReader;
            legacyPhase = settings.legacyPhase;
            plaintextPhase = settings.plaintextPhase;
            return self();
        }

        /**
         * Where keys come from. Required by {@link TableConfig}; in the extension's table options,
         * unset means the extension's default provider. See docs/providers.md to choose one.
         */
        public B materialsProvider(MaterialsProvider materialsProvider) {
            this.materialsProvider = materialsProvider;
            return self();
        }

        /**
         * A name that items are bound to instead of the table name, so a table can be renamed or
         * restored under another name and its items still verify. Every copy of the table must use
         * the same logical name. {@code null} unsets it; empty is refused.
         */
        public B logicalTableName(String logicalTableName) {
            this.logicalTableName = logicalTableName;
            return self();
        }

        /**
         * How new items are signed; {@link AlgorithmSuite#AES_GCM_HMAC_SHA256} by default. With
         * {@link AlgorithmSuite#AES_GCM_HMAC_SHA256_ECDSA_P256} the materials provider must supply an
         * ECDSA key pair on write and the matching public key on read (docs/SECURITY.md, "Who can
         * forge"), and reads refuse HMAC-only items unless {@link #acceptHmacOnlyItems} is set.
         */
        public B algorithmSuite(AlgorithmSuite algorithmSuite) {
            if (algorithmSuite == null) {
                throw new ConfigurationException(context() + "algorithmSuite must not be null");
            }
            this.algorithmSuite = algorithmSuite;
            return self();
        }

        /**
         * A migration window, for a table configured with the asymmetric suite: reads also accept
         * items of the HMAC-only suite. While it is open, anyone who can compute the HMAC (with KMS:
         * any principal allowed {@code kms:Decrypt}) can still forge items that this reader accepts,
         * so the asymmetric suite protects nothing yet. Open it while old items are re-encrypted, then
         * close it (docs/SECURITY.md, "Moving a table to the asymmetric suite"). Off by default; only
         * allowed with the asymmetric suite.
         */
        public B acceptHmacOnlyItems(boolean accept) {
            this.acceptHmacOnlyItems = accept;
            return self();
        }

        /**
         * Attributes a read accepts unsigned, for example ones other writers add (replacing any set
         * before; {@link #addAllowedUnsignedAttribute} adds one). In a {@link TableConfig}, one
         * without an explicit action is also written unsigned. Listing a signed attribute here is the
         * migration path for starting to sign an attribute old items hold unsigned (see
         * {@link TableConfig}).
         */
        public B allowedUnsignedAttributes(Collection<String> names) {
            if (names == null) {
                throw new ConfigurationException(context() + "allowedUnsignedAttributes(...) must not be null; pass an "
                        + "empty list to accept none");
            }
            allowedUnsigned.clear();
            names.forEach(this::addAllowedUnsignedAttribute);
            return self();
        }

        /** Adds one attribute to {@link #allowedUnsignedAttributes}. */
        public B addAllowedUnsignedAttribute(String name) {
            if (name == null || name.isEmpty()) {
                throw new ConfigurationException(context() + "an allowed unsigned attribute name must not be empty");
            }
            allowedUnsigned.add(name);
            return self();
        }

        /** Accept every unsigned attribute whose name starts with {@code prefix} on read; {@code null} unsets it. */
        public B allowedUnsignedPrefix(String prefix) {
            this.allowedUnsignedPrefix = prefix;
            return self();
        }

        /**
         * Reads items another client wrote (for example the legacy DynamoDB Encryption Client, through
         * {@code coffer-legacy}): such items are verified and decrypted by {@code reader}, new writes
         * are Coffer items. Makes {@link LegacyPhase#READ_LEGACY_WRITE_COFFER} the default phase.
         * {@code null} removes the reader. See docs/migration.md.
         */
        public B legacyReader(LegacyReader reader) {
            this.legacyReader = reader;
            return self();
        }

        /**
         * The legacy phase; unset ({@code null}) means {@link LegacyPhase#READ_LEGACY_WRITE_COFFER}
         * with a legacy reader, {@link LegacyPhase#COFFER_ONLY} without. {@code READ_LEGACY_WRITE_COFFER}
         * needs a reader. In {@code COFFER_ONLY} a configured reader only recognizes legacy items, so
         * they are refused with a clear {@link dev.coffer.migration.MigrationPhaseException}.
         */
        public B legacyPhase(LegacyPhase phase) {
            this.legacyPhase = phase;
            return self();
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
        public B plaintextPhase(PlaintextPhase phase) {
            if (phase == null) {
                throw new ConfigurationException(context() + "plaintextPhase must not be null; ENCRYPTED_ONLY is the default");
            }
            this.plaintextPhase = phase;
            return self();
        }

        /**
         * The settings, checked on their own (what needs the schema, such as a key listed as allowed
         * unsigned, is the subclass's to check). For the subclasses' {@code build()}.
         *
         * @throws ConfigurationException naming the setting and what to do
         */
        protected final TableSettings settings() {
            String t = context();
            if (logicalTableName != null && logicalTableName.isEmpty()) {
                throw new ConfigurationException(t + "the logical table name must not be empty; leave it unset to use "
                        + "the table name");
            }
            if (acceptHmacOnlyItems && !algorithmSuite.isAsymmetric()) {
                throw new ConfigurationException(t + "acceptHmacOnlyItems(true) only applies to a table configured with "
                        + "algorithmSuite(AES_GCM_HMAC_SHA256_ECDSA_P256); a table on the HMAC suite reads HMAC-only items "
                        + "anyway. Remove acceptHmacOnlyItems, or set the asymmetric suite");
            }
            for (String name : allowedUnsigned) {
                checkAttributeName(t, name);
            }
            if (allowedUnsignedPrefix != null) {
                if (allowedUnsignedPrefix.isEmpty()) {
                    throw new ConfigurationException(t + "an empty allowedUnsignedPrefix would accept every attribute "
                            + "unsigned; give such attributes the DO_NOTHING action instead (defaultAction(DO_NOTHING), or @DoNothing on "
                            + "a bean property)");
                }
                for (String reserved : new String[] {Format.HEADER_ATTRIBUTE, Format.SIGNATURE_ATTRIBUTE}) {
                    if (reserved.startsWith(allowedUnsignedPrefix)) {
                        throw new ConfigurationException(t + "allowedUnsignedPrefix '" + allowedUnsignedPrefix
                                + "' covers Coffer's reserved attribute '" + reserved + "'; choose a prefix that does not");
                    }
                }
                if (allowedUnsignedPrefix.startsWith(StandardBeacon.ATTRIBUTE_PREFIX)
                        || StandardBeacon.ATTRIBUTE_PREFIX.startsWith(allowedUnsignedPrefix)) {
                    throw new ConfigurationException(t + "allowedUnsignedPrefix '" + allowedUnsignedPrefix + "' overlaps "
                            + "the beacon prefix '" + StandardBeacon.ATTRIBUTE_PREFIX + "'; beacons are always signed, "
                            + "choose another prefix");
                }
            }
            if (legacyPhase == LegacyPhase.READ_LEGACY_WRITE_COFFER && legacyReader == null) {
                throw new ConfigurationException(t + "legacy phase READ_LEGACY_WRITE_COFFER needs a legacy reader: set "
                        + "legacyReader(...) (e.g. from coffer-legacy), or use COFFER_ONLY; see docs/migration.md");
            }
            if (legacyReader != null) {
                for (String name : legacyReader.reservedAttributes()) {
                    if (allowedUnsigned.contains(name)) {
                        throw new ConfigurationException(t + "attribute '" + name + "' is reserved by the "
                                + legacyReader.formatName() + "; remove it from the allowed unsigned attributes");
                    }
                }
            }
            return new TableSettings(this);
        }

        /** The rules every configured attribute name follows (also applied by TableConfig to keys and actions). */
        static void checkAttributeName(String t, String name) {
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
            if (name.getBytes(StandardCharsets.UTF_8).length > Format.MAX_NAME_BYTES) {
                throw new ConfigurationException(t + "attribute name of " + name.length()
                        + " characters is longer than DynamoDB's 65535 bytes");
            }
        }
    }

    /** The builder {@link #defaults()} is made with. */
    private static final class Plain extends Builder<Plain> {
        @Override
        protected String context() {
            return "table settings: ";
        }
    }
}
