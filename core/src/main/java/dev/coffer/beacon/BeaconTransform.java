package dev.coffer.beacon;

import java.util.Locale;

/**
 * A transform applied to a string value before its beacon is computed, so that values the
 * application considers equal get the same beacon (an e-mail address in any letter case, say). The
 * same transform is applied to the value you search for. Only string values ({@code S}) can be
 * transformed; a beacon with a transform other than {@link #NONE} on an attribute holding another
 * type refuses the item. Specified exactly in docs/FORMAT.md, "Beacons".
 *
 * <pre>{@code
 * StandardBeacon.builder().attribute("email").bits(16).transform(BeaconTransform.LOWER_CASE).build();
 * }</pre>
 *
 * <p>Thread-safety: immutable (an enum).
 */
public enum BeaconTransform {
    /** The value as stored. */
    NONE,
    /** Lower case, by Unicode's default case mapping ({@code String.toLowerCase(Locale.ROOT)}). */
    LOWER_CASE,
    /** Leading and trailing characters at or below U+0020 removed ({@code String.trim()}). */
    TRIM,
    /** {@link #TRIM}, then {@link #LOWER_CASE}. */
    TRIM_LOWER_CASE;

    /** This transform applied to {@code s}. */
    public String apply(String s) {
        return switch (this) {
            case NONE -> s;
            case LOWER_CASE -> s.toLowerCase(Locale.ROOT);
            case TRIM -> s.trim();
            case TRIM_LOWER_CASE -> s.trim().toLowerCase(Locale.ROOT);
        };
    }
}
