package dev.coffer.enhanced.internal;

import dev.coffer.ConfigurationException;
import dev.coffer.CryptoAction;
import dev.coffer.beacon.BeaconTransform;
import dev.coffer.beacon.CompoundBeacon;
import dev.coffer.beacon.StandardBeacon;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.enhanced.dynamodb.AttributeValueType;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableMetadata;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTag;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableMetadata;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticTableTag;

/**
 * The attribute and table tags behind Coffer's annotations, and the namespaced custom metadata they
 * write. Settings flow one way: annotation or static tag -> {@code modifyMetadata} -> table metadata
 * -> {@link TableModels} when a table is first seen. Not API.
 */
public final class Tags {
    /** Prefix of every custom metadata key Coffer writes. */
    public static final String PREFIX = "CofferExtension:";
    /** Collection of {@link Tagged}: explicit actions. A collection, so any number of attributes can carry one. */
    static final String ACTIONS = PREFIX + "Actions";
    /** Collection of attribute names marked as the time-to-live attribute. */
    static final String TIME_TO_LIVE = PREFIX + "TimeToLive";
    /** String: the logical table name of a static schema. */
    static final String LOGICAL_TABLE_NAME = PREFIX + "LogicalTableName";
    /** Collection of {@link BeaconTagged}: standard beacons from {@code @Beacon} or attribute tags. */
    static final String BEACONS = PREFIX + "Beacons";
    /** Collection of {@link CompoundBeacon}: compound beacons from table tags. */
    static final String COMPOUND_BEACONS = PREFIX + "CompoundBeacons";

    private static final StaticAttributeTag ENCRYPT = new ActionTag(CryptoAction.ENCRYPT_AND_SIGN);
    private static final StaticAttributeTag SIGN_ONLY = new ActionTag(CryptoAction.SIGN_ONLY);
    private static final StaticAttributeTag DO_NOTHING = new ActionTag(CryptoAction.DO_NOTHING);
    private static final StaticAttributeTag TTL = new TimeToLiveTag();

    private Tags() {
    }

    /** An explicit action on one attribute; a value type so the merged metadata set stays exact. */
    record Tagged(String attribute, CryptoAction action) {
    }

    public static StaticAttributeTag action(CryptoAction action) {
        // Exhaustive, no default: a new action must be mapped here, never fall through to unsigned.
        return switch (action) {
            case ENCRYPT_AND_SIGN -> ENCRYPT;
            case SIGN_ONLY -> SIGN_ONLY;
            case DO_NOTHING -> DO_NOTHING;
        };
    }

    public static StaticAttributeTag timeToLive() {
        return TTL;
    }

    /** A standard beacon on one attribute, named after it if {@code name} is empty; the bits are checked now. */
    record BeaconTagged(String attribute, String name, int bits, BeaconTransform transform, String index) {
        StandardBeacon beacon() {
            return StandardBeacon.builder().attribute(attribute).name(name.isEmpty() ? attribute : name).bits(bits)
                    .transform(transform).build();
        }
    }

    /** A standard beacon tag; checked (bits, name) by the schema builder's {@code validateType} call. */
    public static StaticAttributeTag beacon(String name, int bits, BeaconTransform transform, String index) {
        return new BeaconTag(name == null ? "" : name, bits, transform, index == null ? "" : index);
    }

    public static StaticTableTag compoundBeacon(CompoundBeacon beacon) {
        if (beacon == null) {
            throw new ConfigurationException("compoundBeacon(null)");
        }
        return () -> metadata -> metadata.addCustomMetadataObject(COMPOUND_BEACONS, Collections.<Object>singleton(beacon));
    }

    static Set<BeaconTagged> beacons(TableMetadata metadata) {
        return typedSet(metadata, BEACONS, BeaconTagged.class);
    }

    static Set<CompoundBeacon> compoundBeacons(TableMetadata metadata) {
        return typedSet(metadata, COMPOUND_BEACONS, CompoundBeacon.class);
    }

    public static StaticTableTag logicalTableName(String name) {
        if (name == null || name.isEmpty()) {
            throw new ConfigurationException("logicalTableName(...) needs a non-empty name; leave the tag out to bind "
                    + "items to the physical table name");
        }
        return new LogicalNameTag(name);
    }

    /** The explicit actions recorded in {@code metadata}, in no particular order. */
    static Set<Tagged> actions(TableMetadata metadata) {
        return typedSet(metadata, ACTIONS, Tagged.class);
    }

    static Set<String> timeToLiveAttributes(TableMetadata metadata) {
        return typedSet(metadata, TIME_TO_LIVE, String.class);
    }

    static Optional<String> logicalTableName(TableMetadata metadata) {
        return metadata.customMetadataObject(LOGICAL_TABLE_NAME, String.class);
    }

    /** Whether {@code metadata} carries any Coffer setting. */
    static boolean hasAny(TableMetadata metadata) {
        for (String key : metadata.customMetadata().keySet()) {
            if (key.startsWith(PREFIX)) {
                return true;
            }
        }
        return false;
    }

    private static <T> Set<T> typedSet(TableMetadata metadata, String key, Class<T> type) {
        Object raw = metadata.customMetadata().get(key);
        if (!(raw instanceof Collection<?> values)) {
            return Collections.emptySet();
        }
        Set<T> out = new HashSet<>();
        for (Object o : values) {
            out.add(type.cast(o));
        }
        return out;
    }

    private static final class ActionTag implements StaticAttributeTag {
        private final CryptoAction action;

        ActionTag(CryptoAction action) {
            this.action = action;
        }

        @Override
        public Consumer<StaticTableMetadata.Builder> modifyMetadata(String attributeName, AttributeValueType type) {
            // The Collection overload merges; the Object overload would throw on the second tagged attribute.
            return metadata -> metadata.addCustomMetadataObject(ACTIONS,
                    Collections.<Object>singleton(new Tagged(attributeName, action)));
        }
    }

    private static final class TimeToLiveTag implements StaticAttributeTag {
        /** Called by the schema builder for every tagged attribute, so a wrong type fails when the schema is built. */
        @Override
        public <R> void validateType(String attributeName, EnhancedType<R> type, AttributeValueType valueType) {
            if (valueType != AttributeValueType.N) {
                throw new ConfigurationException("attribute '" + attributeName + "' is marked as the time-to-live "
                        + "attribute but is stored as " + valueType + "; DynamoDB expires items only on a number of epoch "
                        + "seconds: use a long or Long property (an Instant is stored as a string unless you give it "
                        + "an epoch-seconds converter)");
            }
        }

        @Override
        public Consumer<StaticTableMetadata.Builder> modifyMetadata(String attributeName, AttributeValueType type) {
            return metadata -> metadata.addCustomMetadataObject(TIME_TO_LIVE, Collections.<Object>singleton(attributeName));
        }
    }

    private static final class BeaconTag implements StaticAttributeTag {
        private final String name;
        private final int bits;
        private final BeaconTransform transform;
        private final String index;

        BeaconTag(String name, int bits, BeaconTransform transform, String index) {
            this.name = name;
            this.bits = bits;
            this.transform = transform;
            this.index = index;
        }

        /**
         * Called by the schema builder for every tagged attribute, so bits out of range or a bad name
         * fail when the schema is built (an exception from the annotation's factory would arrive
         * wrapped in a plain RuntimeException).
         */
        @Override
        public <R> void validateType(String attributeName, EnhancedType<R> type, AttributeValueType valueType) {
            new BeaconTagged(attributeName, name, bits, transform, index).beacon();
        }

        @Override
        public Consumer<StaticTableMetadata.Builder> modifyMetadata(String attributeName, AttributeValueType type) {
            BeaconTagged tagged = new BeaconTagged(attributeName, name, bits, transform, index);
            StandardBeacon beacon = tagged.beacon();
            return metadata -> {
                metadata.addCustomMetadataObject(BEACONS, Collections.<Object>singleton(tagged));
                if (!index.isEmpty()) {
                    // The beacon is a string attribute no property holds: declared here so the schema
                    // (createTable, table.index(...)) knows the index.
                    metadata.addIndexPartitionKey(index, beacon.storedAttribute(), AttributeValueType.S);
                }
            };
        }
    }

    private static final class LogicalNameTag implements StaticTableTag {
        private final String name;

        LogicalNameTag(String name) {
            this.name = name;
        }

        @Override
        public Consumer<StaticTableMetadata.Builder> modifyMetadata() {
            return metadata -> metadata.addCustomMetadataObject(LOGICAL_TABLE_NAME, name);
        }
    }
}
