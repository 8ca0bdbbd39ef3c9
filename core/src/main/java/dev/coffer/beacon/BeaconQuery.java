package dev.coffer.beacon;

import dev.coffer.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What to search for through a beacon, in plaintext: an attribute's value (standard beacon), or
 * the values of a compound beacon's first parts. Turned into a DynamoDB condition on the stored
 * beacon by {@code ItemEncryptor.beaconCondition}, or run by the Enhanced Client extension's
 * query helpers.
 *
 * <pre>{@code
 * BeaconQuery byEmail = BeaconQuery.equalTo("email", "Alice@Example.com");
 * BeaconQuery oneMonth = BeaconQuery.compound("customer_day")
 *         .part("c-42")             // the customer (an encrypted part)
 *         .beginsWith("2026-11")    // any day of November (a signed part, as a prefix)
 *         .build();
 * }</pre>
 *
 * <p>A compound query gives values for the compound beacon's parts in order, from the first: all
 * of them for an exact match ({@code =}), fewer for a {@code begins_with}. Only the last value given
 * may be a prefix ({@link CompoundBuilder#beginsWith}), and only for a signed part: an encrypted
 * part's beacon of a prefix says nothing about the full values.
 *
 * <p>Thread-safety: immutable; the builder is not thread-safe.
 */
public final class BeaconQuery {
    private final String beacon;
    private final boolean compound;
    private final List<AttributeValue> values;
    private final boolean lastIsPrefix;

    private BeaconQuery(String beacon, boolean compound, List<AttributeValue> values, boolean lastIsPrefix) {
        this.beacon = beacon;
        this.compound = compound;
        this.values = List.copyOf(values);
        this.lastIsPrefix = lastIsPrefix;
    }

    /** Items whose attribute behind standard beacon {@code beacon} equals {@code value} (after its transform). */
    public static BeaconQuery equalTo(String beacon, AttributeValue value) {
        if (beacon == null || value == null) {
            throw new ConfigurationException("beacon query: equalTo(beacon, value) needs both, got " + beacon + " and "
                    + (value == null ? "null" : "a value"));
        }
        return new BeaconQuery(beacon, false, List.of(value), false);
    }

    /** Same as {@link #equalTo(String, AttributeValue)} for a string value. */
    public static BeaconQuery equalTo(String beacon, String value) {
        return equalTo(beacon, value == null ? null : AttributeValue.fromS(value));
    }

    /** Starts a query on compound beacon {@code beacon}. */
    public static CompoundBuilder compound(String beacon) {
        return new CompoundBuilder(beacon);
    }

    public String beacon() {
        return beacon;
    }

    public boolean isCompound() {
        return compound;
    }

    /** The plaintext values, one per part given (one for a standard beacon); immutable. */
    public List<AttributeValue> values() {
        return values;
    }

    /** Whether the last value is a prefix of the part's value. */
    public boolean lastIsPrefix() {
        return lastIsPrefix;
    }

    /** Never shows the values, which may be secret. */
    @Override
    public String toString() {
        return "BeaconQuery{" + beacon + (compound ? ", " + values.size() + " part(s)" + (lastIsPrefix ? ", prefix" : "")
                : "") + "}";
    }

    /** Builds a compound {@link BeaconQuery}. Not thread-safe. */
    public static final class CompoundBuilder {
        private final String beacon;
        private final List<AttributeValue> values = new ArrayList<>();
        private boolean prefix;

        private CompoundBuilder(String beacon) {
            this.beacon = beacon;
        }

        /** The value of the next part (the plaintext of an encrypted part's attribute, or a signed attribute's value). */
        public CompoundBuilder part(AttributeValue value) {
            if (prefix) {
                throw new ConfigurationException("beacon query '" + beacon + "': beginsWith(...) must be the last part");
            }
            if (value == null) {
                throw new ConfigurationException("beacon query '" + beacon + "': part " + values.size() + " is null");
            }
            values.add(value);
            return this;
        }

        /** The value of the next part, a string. */
        public CompoundBuilder part(String value) {
            return part(value == null ? null : AttributeValue.fromS(value));
        }

        /** A prefix of the next part's value, which must be a signed part; ends the query. */
        public CompoundBuilder beginsWith(String prefixOfValue) {
            part(prefixOfValue == null ? null : AttributeValue.fromS(prefixOfValue));
            this.prefix = true;
            return this;
        }

        public BeaconQuery build() {
            if (beacon == null || beacon.isEmpty()) {
                throw new ConfigurationException("beacon query: compound(name) needs the compound beacon's name");
            }
            if (values.isEmpty()) {
                throw new ConfigurationException("beacon query '" + beacon + "': give at least the first part's value");
            }
            return new BeaconQuery(beacon, true, values, prefix);
        }
    }
}
