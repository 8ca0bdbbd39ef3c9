package dev.coffer.beacon;

import dev.coffer.ConfigurationException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A compound beacon: one string built from ordered parts and stored as a plaintext, signed
 * attribute named {@code coffer_b_<name>}, so that one secondary index answers questions about
 * several attributes at once, and {@code begins_with} on it answers questions about its first parts
 * (all of one customer's orders in one month, say).
 *
 * <p>Each part is a literal prefix followed by either
 * <ul>
 *   <li>an <em>encrypted part</em>: the hex value of a configured {@link StandardBeacon} (so it
 *       reveals what that beacon reveals, no more), or</li>
 *   <li>a <em>signed part</em>: the plaintext of a {@code SIGN_ONLY} (or key) attribute holding a
 *       string or a number (numbers as DynamoDB normalizes them), which sorts as the attribute
 *       does.</li>
 * </ul>
 * Parts are joined by {@link #split()}. An item gets the compound beacon only if it has every part;
 * a signed part's value must not contain the split character. A compound beacon of signed parts only
 * reveals nothing its parts do not already show, and may serve as any index key.
 *
 * <pre>{@code
 * CompoundBeacon customerDay = CompoundBeacon.builder()
 *         .name("customer_day")
 *         .addEncryptedPart("C-", "customer")   // the standard beacon named "customer"
 *         .addSignedPart("D-", "order_date")    // a SIGN_ONLY attribute such as "2026-11-30"
 *         .build();                             // e.g. "C-3fa2.D-2026-11-30" in coffer_b_customer_day
 * }</pre>
 *
 * <p>Thread-safety: immutable; the builder is not thread-safe.
 */
public final class CompoundBeacon {
    /** The split character unless another is set. */
    public static final char DEFAULT_SPLIT = '.';

    private final String name;
    private final char split;
    private final List<Part> parts;

    private CompoundBeacon(Builder b) {
        this.name = b.name;
        this.split = b.split;
        this.parts = List.copyOf(b.parts);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().name(name).split(split).parts(parts);
    }

    public String name() {
        return name;
    }

    /** The stored attribute: {@code coffer_b_<name>}. */
    public String storedAttribute() {
        return StandardBeacon.ATTRIBUTE_PREFIX + name;
    }

    public char split() {
        return split;
    }

    /** The parts, in order; immutable. */
    public List<Part> parts() {
        return parts;
    }

    /** Whether every part is a signed (plaintext) part. */
    public boolean plaintextOnly() {
        for (Part p : parts) {
            if (p.encrypted()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CompoundBeacon other && name.equals(other.name) && split == other.split
                && parts.equals(other.parts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, split, parts);
    }

    @Override
    public String toString() {
        return "CompoundBeacon{" + name + ", split '" + split + "', " + parts + "}";
    }

    /**
     * One part of a compound beacon: a literal prefix and the source of its value, a standard
     * beacon's name ({@link #encrypted()}) or a signed attribute's name.
     *
     * @param prefix the literal text in front of the value, not empty
     * @param source the standard beacon (encrypted part) or the signed attribute (signed part)
     * @param encrypted whether the value is a standard beacon's
     */
    public record Part(String prefix, String source, boolean encrypted) {
        @Override
        public String toString() {
            return prefix + (encrypted ? "<beacon " + source + ">" : "<" + source + ">");
        }
    }

    /** Builds a {@link CompoundBeacon}; {@link #build()} checks it. Not thread-safe. */
    public static final class Builder {
        private String name;
        private char split = DEFAULT_SPLIT;
        private final List<Part> parts = new ArrayList<>();

        private Builder() {
        }

        /** The beacon's name. Required. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** The character between parts; {@code '.'} by default. Not a hex digit. */
        public Builder split(char split) {
            this.split = split;
            return this;
        }

        /** Appends an encrypted part: {@code prefix} then the value of the standard beacon {@code beaconName}. */
        public Builder addEncryptedPart(String prefix, String beaconName) {
            parts.add(new Part(prefix, beaconName, true));
            return this;
        }

        /** Appends a signed part: {@code prefix} then the plaintext of the signed attribute {@code attribute}. */
        public Builder addSignedPart(String prefix, String attribute) {
            parts.add(new Part(prefix, attribute, false));
            return this;
        }

        /** Replaces the parts. */
        public Builder parts(Collection<Part> parts) {
            this.parts.clear();
            if (parts != null) {
                this.parts.addAll(parts);
            }
            return this;
        }

        public CompoundBeacon build() {
            String what = "compound beacon " + (name == null ? "(no name)" : "'" + name + "'");
            StandardBeacon.checkName(name, what);
            if (Character.digit(split, 16) >= 0 || Character.isISOControl(split) || Character.isSurrogate(split)) {
                throw new ConfigurationException(what + ": the split character must not be a hex digit, a control "
                        + "character or half of a surrogate pair, was U+" + String.format("%04X", (int) split));
            }
            if (parts.isEmpty()) {
                throw new ConfigurationException(what + ": add at least one part (addEncryptedPart or addSignedPart)");
            }
            Set<String> prefixes = new HashSet<>();
            for (Part p : parts) {
                if (p == null || p.prefix() == null || p.prefix().isEmpty() || p.source() == null || p.source().isEmpty()) {
                    throw new ConfigurationException(what + ": every part needs a non-empty prefix and source, got " + p);
                }
                if (p.prefix().indexOf(split) >= 0) {
                    throw new ConfigurationException(what + ": prefix '" + p.prefix() + "' contains the split character '"
                            + split + "'; choose another prefix or split character");
                }
                for (String other : prefixes) {
                    if (other.startsWith(p.prefix()) || p.prefix().startsWith(other)) {
                        throw new ConfigurationException(what + ": prefixes '" + other + "' and '" + p.prefix()
                                + "' are the same or one starts with the other, so a part could be read as the wrong "
                                + "one; make them distinct");
                    }
                }
                prefixes.add(p.prefix());
            }
            return new CompoundBeacon(this);
        }
    }
}
