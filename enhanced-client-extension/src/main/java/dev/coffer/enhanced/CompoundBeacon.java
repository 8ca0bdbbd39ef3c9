package dev.coffer.enhanced;

import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a compound beacon on a bean class: one string of ordered parts, stored as the signed
 * plaintext attribute {@code coffer_b_<name>}, so an index on it answers questions about several
 * attributes and {@code begins_with} answers questions about its first parts (see
 * {@link dev.coffer.beacon.CompoundBeacon} for the format and docs/searchable-encryption.md). Each
 * part names either a {@link Beacon} of the class ({@link Part#beacon()}, an encrypted part) or a
 * {@link SignOnly} or key attribute ({@link Part#attribute()}, a signed part). Repeatable; static
 * schemas use {@link CofferExtension.TableTags#compoundBeacon}, and any table may add compound
 * beacons with {@link TableOptions.Builder#addCompoundBeacon}.
 *
 * <pre>{@code
 * @DynamoDbBean
 * @CompoundBeacon(name = "customer_day", parts = {
 *         @CompoundBeacon.Part(prefix = "C-", beacon = "customer"),
 *         @CompoundBeacon.Part(prefix = "D-", attribute = "orderDate")})
 * public class Order { ... }
 * }</pre>
 *
 * <p>Thread-safety: an annotation, immutable.
 */
@Target({ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Repeatable(CompoundBeacon.List.class)
public @interface CompoundBeacon {
    /** The beacon's name. */
    String name();

    /** The character between parts; not a hex digit. */
    char split() default dev.coffer.beacon.CompoundBeacon.DEFAULT_SPLIT;

    /** The parts, in order. */
    Part[] parts();

    /** One part: a literal prefix and exactly one of {@link #beacon()} and {@link #attribute()}. */
    @Target({})
    @Retention(RetentionPolicy.RUNTIME)
    @interface Part {
        /** The literal text in front of the value; not empty. */
        String prefix();

        /** An encrypted part: the name of a standard beacon of the table. */
        String beacon() default "";

        /** A signed part: a {@code SIGN_ONLY} or key attribute holding a string or number. */
        String attribute() default "";
    }

    /** The container of repeated {@link CompoundBeacon}s. */
    @Target({ElementType.TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @interface List {
        CompoundBeacon[] value();
    }
}
