package dev.coffer.enhanced;

import dev.coffer.ConfigurationException;
import dev.coffer.SkippedItemListener;
import dev.coffer.TableSettings;
import dev.coffer.beacon.BeaconKeySource;
import dev.coffer.beacon.CompoundBeacon;
import dev.coffer.beacon.StandardBeacon;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

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

    // What is not about the schema (provider, logical name, suite, unsigned attributes, migration):
    // declared and checked once, in core's TableSettings.
    private final TableSettings settings;
    private final String timeToLiveAttribute;
    private final SkippedItemListener skippedItemListener;
    // Beacons (searchable encryption), beside those of the schema's annotations and tags.
    private final BeaconKeySource beaconKeySource;
    private final List<StandardBeacon> standardBeacons;
    private final List<CompoundBeacon> compoundBeacons;

    private TableOptions(Builder b, TableSettings settings) {
        this.settings = settings;
        this.timeToLiveAttribute = b.timeToLiveAttribute;
        this.skippedItemListener = b.skippedItemListener;
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
                .settings(settings)
                .timeToLiveAttribute(timeToLiveAttribute)
                .skipUnverifiedItems(skippedItemListener)
                .beaconKeySource(beaconKeySource).standardBeacons(standardBeacons).compoundBeacons(compoundBeacons);
    }

    /**
     * The provider, logical table name, algorithm suite, unsigned attributes and migration phases
     * set here; an unset provider or logical name means the extension's default provider and the
     * schema's (or the table's) name.
     */
    public TableSettings settings() {
        return settings;
    }

    /** The time-to-live attribute set here, if any (see also {@link TimeToLive}). */
    public Optional<String> timeToLiveAttribute() {
        return Optional.ofNullable(timeToLiveAttribute);
    }

    /** The listener of items skipped by query, scan and batch reads, if skipping is on. */
    public Optional<SkippedItemListener> skippedItemListener() {
        return Optional.ofNullable(skippedItemListener);
    }

    /** This table's beacon key, if set here. */
    public Optional<BeaconKeySource> beaconKeySource() {
        return Optional.ofNullable(beaconKeySource);
    }

    /** Standard beacons added here, beside the schema's. */
    public List<StandardBeacon> standardBeacons() {
        return standardBeacons;
    }

    /** Compound beacons added here, beside the schema's. */
    public List<CompoundBeacon> compoundBeacons() {
        return compoundBeacons;
    }

    @Override
    public String toString() {
        return "TableOptions{" + settings
                + (timeToLiveAttribute == null ? "" : ", timeToLive=" + timeToLiveAttribute)
                + (skippedItemListener == null ? "" : ", skipUnverifiedItems")
                + (beaconKeySource == null ? "" : ", beaconKey=" + beaconKeySource)
                + (standardBeacons.isEmpty() ? "" : ", beacons=" + standardBeacons)
                + (compoundBeacons.isEmpty() ? "" : ", compoundBeacons=" + compoundBeacons) + "}";
    }

    /**
     * Builds {@link TableOptions}: the provider, logical table name, algorithm suite, unsigned
     * attributes and migration phases are inherited from {@link TableSettings.Builder} (documented
     * there, as for {@code TableConfig}); the time-to-live attribute, skipping of unverified items
     * and beacons are the extension's. {@link #build()} checks the values. Not thread-safe.
     */
    public static final class Builder extends TableSettings.Builder<Builder> {
        private String timeToLiveAttribute;
        private SkippedItemListener skippedItemListener;
        private BeaconKeySource beaconKeySource;
        private final List<StandardBeacon> standardBeacons = new ArrayList<>();
        private final List<CompoundBeacon> compoundBeacons = new ArrayList<>();

        private Builder() {
        }

        @Override
        protected String context() {
            return "table options: ";
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
            TableSettings settings = settings();
            if (timeToLiveAttribute != null && timeToLiveAttribute.isEmpty()) {
                throw new ConfigurationException(context() + "the time-to-live attribute name must not be empty");
            }
            return new TableOptions(this, settings);
        }
    }
}
