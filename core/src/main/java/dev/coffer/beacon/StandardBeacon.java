package dev.coffer.beacon;

import dev.coffer.ConfigurationException;
import java.util.Objects;

/**
 * A standard beacon: a truncated keyed HMAC of one encrypted attribute's plaintext, stored beside
 * the ciphertext as a plaintext, signed string attribute named {@code coffer_b_<name>}, so a
 * secondary index can find items by the attribute's value without DynamoDB ever seeing it.
 *
 * <p>The beacon is {@link #bits()} long (1 to 63 bits): equal plaintexts always get equal beacons
 * (that is what makes them searchable, and what they reveal), and unequal plaintexts share a beacon
 * with probability 2<sup>-bits</sup>, so a search returns some items that do not match; Coffer
 * removes them after decrypting. Fewer bits hide more (many values share each beacon) and cost
 * more reads per search; choose with {@code coffer beacon-length} and read
 * docs/searchable-encryption.md first.
 *
 * <pre>{@code
 * StandardBeacon email = StandardBeacon.builder()
 *         .attribute("email")            // an ENCRYPT_AND_SIGN attribute
 *         .bits(16)
 *         .transform(BeaconTransform.LOWER_CASE)
 *         .build();                      // stored as coffer_b_email
 * }</pre>
 *
 * <p>Thread-safety: immutable; the builder is not thread-safe.
 */
public final class StandardBeacon {
    /** Prefix of every stored beacon attribute; attribute names starting with it are reserved. */
    public static final String ATTRIBUTE_PREFIX = "coffer_b_";
    /** The shortest beacon. */
    public static final int MIN_BITS = 1;
    /** The longest beacon. */
    public static final int MAX_BITS = 63;

    private final String name;
    private final String attribute;
    private final int bits;
    private final BeaconTransform transform;

    private StandardBeacon(Builder b) {
        this.name = b.name == null ? b.attribute : b.name;
        this.attribute = b.attribute;
        this.bits = b.bits;
        this.transform = b.transform;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A beacon named after {@code attribute}, of {@code bits} bits, without transform. */
    public static StandardBeacon of(String attribute, int bits) {
        return builder().attribute(attribute).bits(bits).build();
    }

    public Builder toBuilder() {
        return new Builder().name(name).attribute(attribute).bits(bits).transform(transform);
    }

    /** The beacon's name: what queries and compound beacons refer to, and part of its key. */
    public String name() {
        return name;
    }

    /** The encrypted attribute whose plaintext the beacon is computed from. */
    public String attribute() {
        return attribute;
    }

    /** The stored attribute: {@code coffer_b_<name>}. */
    public String storedAttribute() {
        return ATTRIBUTE_PREFIX + name;
    }

    public int bits() {
        return bits;
    }

    public BeaconTransform transform() {
        return transform;
    }

    /** The number of hex digits of the stored value: {@code ceil(bits / 4)}. */
    public int hexDigits() {
        return (bits + 3) / 4;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StandardBeacon other && name.equals(other.name) && attribute.equals(other.attribute)
                && bits == other.bits && transform == other.transform;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, attribute, bits, transform);
    }

    @Override
    public String toString() {
        return "StandardBeacon{" + name + (name.equals(attribute) ? "" : " of " + attribute) + ", " + bits + " bits"
                + (transform == BeaconTransform.NONE ? "" : ", " + transform) + "}";
    }

    /** Checks a beacon name: 1 to 200 characters of {@code A-Z a-z 0-9 _ - .}. */
    static String checkName(String name, String what) {
        if (name == null || name.isEmpty() || name.length() > 200 || !name.matches("[A-Za-z0-9_.\\-]+")) {
            throw new ConfigurationException(what + ": beacon name " + (name == null ? "(none)" : "'" + name + "'")
                    + " must be 1 to 200 characters of A-Z, a-z, 0-9, '_', '-' and '.'");
        }
        return name;
    }

    /** Builds a {@link StandardBeacon}; {@link #build()} checks it. Not thread-safe. */
    public static final class Builder {
        private String name;
        private String attribute;
        private int bits;
        private BeaconTransform transform = BeaconTransform.NONE;

        private Builder() {
        }

        /** The beacon's name; by default the attribute's name. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** The encrypted attribute the beacon is computed from. Required. */
        public Builder attribute(String attribute) {
            this.attribute = attribute;
            return this;
        }

        /** The beacon length in bits, 1 to 63. Required. */
        public Builder bits(int bits) {
            this.bits = bits;
            return this;
        }

        /** The transform applied to string values first; {@link BeaconTransform#NONE} by default. */
        public Builder transform(BeaconTransform transform) {
            this.transform = transform;
            return this;
        }

        public StandardBeacon build() {
            if (attribute == null || attribute.isEmpty()) {
                throw new ConfigurationException("standard beacon" + (name == null ? "" : " '" + name + "'")
                        + ": set attribute(...) to the encrypted attribute it is computed from");
            }
            String what = "beacon '" + (name == null ? attribute : name) + "' of attribute '" + attribute + "'";
            checkName(name == null ? attribute : name, what);
            if (bits < MIN_BITS || bits > MAX_BITS) {
                throw new ConfigurationException(what + ": bits must be from " + MIN_BITS + " to " + MAX_BITS + ", was "
                        + bits + "; run 'coffer beacon-length' to choose a length");
            }
            if (transform == null) {
                throw new ConfigurationException(what + ": transform must not be null; use BeaconTransform.NONE");
            }
            return new StandardBeacon(this);
        }
    }
}
