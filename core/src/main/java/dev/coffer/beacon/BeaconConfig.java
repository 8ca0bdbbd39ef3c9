package dev.coffer.beacon;

import dev.coffer.ConfigurationException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The beacons of one table (searchable encryption) and the source of its beacon key; give it to
 * {@code TableConfig.Builder#beacons}. Read docs/searchable-encryption.md before adding a beacon:
 * beacons reveal which items share a value.
 *
 * <p>{@link Builder#build()} checks what it can see alone (a beacon key source is set, no two
 * beacons share a name, every encrypted part of a compound beacon names a configured standard
 * beacon); {@code TableConfig} then checks each beacon against the table's actions (a standard
 * beacon's attribute must be {@code ENCRYPT_AND_SIGN}, a signed part's attribute {@code SIGN_ONLY}).
 * Every failure is a {@link ConfigurationException}.
 *
 * <pre>{@code
 * BeaconConfig beacons = BeaconConfig.builder()
 *         .keySource(BeaconKeySource.local(beaconKey))
 *         .addStandardBeacon(StandardBeacon.builder().attribute("email").bits(16)
 *                 .transform(BeaconTransform.LOWER_CASE).build())
 *         .build();
 * TableConfig config = TableConfig.builder()...beacons(beacons).build();
 * }</pre>
 *
 * <p>Thread-safety: immutable; the builder is not thread-safe.
 */
public final class BeaconConfig {
    private final BeaconKeySource keySource;
    private final List<StandardBeacon> standardBeacons;
    private final List<CompoundBeacon> compoundBeacons;

    private BeaconConfig(Builder b) {
        this.keySource = b.keySource;
        this.standardBeacons = List.copyOf(b.standard);
        this.compoundBeacons = List.copyOf(b.compound);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().keySource(keySource).standardBeacons(standardBeacons).compoundBeacons(compoundBeacons);
    }

    public BeaconKeySource keySource() {
        return keySource;
    }

    /** The standard beacons, in the order given; immutable. */
    public List<StandardBeacon> standardBeacons() {
        return standardBeacons;
    }

    /** The compound beacons, in the order given; immutable. */
    public List<CompoundBeacon> compoundBeacons() {
        return compoundBeacons;
    }

    /** The standard beacon named {@code name}, if configured. */
    public Optional<StandardBeacon> standardBeacon(String name) {
        for (StandardBeacon b : standardBeacons) {
            if (b.name().equals(name)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    /** The compound beacon named {@code name}, if configured. */
    public Optional<CompoundBeacon> compoundBeacon(String name) {
        for (CompoundBeacon b : compoundBeacons) {
            if (b.name().equals(name)) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    /** The stored attribute names of every beacon ({@code coffer_b_<name>}). */
    public List<String> storedAttributes() {
        List<String> out = new ArrayList<>();
        standardBeacons.forEach(b -> out.add(b.storedAttribute()));
        compoundBeacons.forEach(b -> out.add(b.storedAttribute()));
        return out;
    }

    @Override
    public String toString() {
        return "BeaconConfig{key=" + keySource + ", standard=" + standardBeacons + ", compound=" + compoundBeacons + "}";
    }

    /** Builds a {@link BeaconConfig}. Not thread-safe. */
    public static final class Builder {
        private BeaconKeySource keySource;
        private final List<StandardBeacon> standard = new ArrayList<>();
        private final List<CompoundBeacon> compound = new ArrayList<>();

        private Builder() {
        }

        /** Where the table's beacon key comes from. Required. */
        public Builder keySource(BeaconKeySource keySource) {
            this.keySource = keySource;
            return this;
        }

        /** Appends a standard beacon. */
        public Builder addStandardBeacon(StandardBeacon beacon) {
            if (beacon == null) {
                throw new ConfigurationException("beacons: addStandardBeacon(null)");
            }
            standard.add(beacon);
            return this;
        }

        /** Replaces the standard beacons. */
        public Builder standardBeacons(Collection<StandardBeacon> beacons) {
            standard.clear();
            if (beacons != null) {
                beacons.forEach(this::addStandardBeacon);
            }
            return this;
        }

        /** Appends a compound beacon. */
        public Builder addCompoundBeacon(CompoundBeacon beacon) {
            if (beacon == null) {
                throw new ConfigurationException("beacons: addCompoundBeacon(null)");
            }
            compound.add(beacon);
            return this;
        }

        /** Replaces the compound beacons. */
        public Builder compoundBeacons(Collection<CompoundBeacon> beacons) {
            compound.clear();
            if (beacons != null) {
                beacons.forEach(this::addCompoundBeacon);
            }
            return this;
        }

        public BeaconConfig build() {
            Map<String, Object> byName = new HashMap<>();
            for (Object b : concat()) {
                String name = b instanceof StandardBeacon s ? s.name() : ((CompoundBeacon) b).name();
                Object previous = byName.put(name, b);
                if (previous != null) {
                    throw new ConfigurationException("beacons: two beacons are named '" + name + "' (" + previous + " and "
                            + b + "); beacon names must be unique, since each names its stored attribute coffer_b_" + name);
                }
            }
            for (CompoundBeacon c : compound) {
                for (CompoundBeacon.Part p : c.parts()) {
                    if (p.encrypted() && !(byName.get(p.source()) instanceof StandardBeacon)) {
                        throw new ConfigurationException("compound beacon '" + c.name() + "': part '" + p.prefix()
                                + "' uses standard beacon '" + p.source() + "', which is not configured; add "
                                + "StandardBeacon '" + p.source() + "' to the table's beacons");
                    }
                }
            }
            if (keySource == null && !byName.isEmpty()) {
                throw new ConfigurationException("beacons: set keySource(...): beacons need the table's beacon key "
                        + "(BeaconKeySource.local for tests, MetaStoreBeaconKey with KMS in production)");
            }
            return new BeaconConfig(this);
        }

        private List<Object> concat() {
            List<Object> all = new ArrayList<>(standard);
            all.addAll(compound);
            return all;
        }
    }
}
