package dev.coffer.enhanced;

import dev.coffer.beacon.BeaconTransform;
import dev.coffer.enhanced.internal.BeanTags;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.BeanTableSchemaAttributeTag;

/**
 * Makes this encrypted property searchable through a standard beacon: a truncated keyed HMAC of its
 * plaintext, stored beside the ciphertext as the signed plaintext attribute {@code coffer_b_<name>}
 * (docs/searchable-encryption.md). The property itself stays encrypted; it must not be a key,
 * {@link SignOnly} or {@link DoNothing}.
 *
 * <p>With {@link #index()}, the beacon becomes the partition key of that global secondary index in
 * the table schema, so {@code table.createTable(...)} defines it and
 * {@link CofferExtension#query(software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable, String,
 * dev.coffer.beacon.BeaconQuery)} finds items through it. The table needs a beacon key:
 * {@link CofferExtension.Builder#beaconKeySource} or {@link TableOptions.Builder#beaconKeySource}.
 * Static schemas use {@link CofferExtension.AttributeTags#beacon(int, BeaconTransform, String)}.
 *
 * <pre>{@code
 * @Beacon(bits = 16, transform = BeaconTransform.LOWER_CASE, index = "email-index")
 * public String getEmail() { return email; }
 * }</pre>
 *
 * <p>Beacons reveal which items share a value: read "What beacons reveal" in
 * docs/searchable-encryption.md and choose {@link #bits()} with {@code coffer beacon-length}.
 *
 * <p>Thread-safety: an annotation, immutable.
 */
@Target({ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@BeanTableSchemaAttributeTag(BeanTags.class)
public @interface Beacon {
    /** The beacon length, 1 to 63 bits. */
    int bits();

    /** Applied to the string value before the beacon is computed, and to searched values alike. */
    BeaconTransform transform() default BeaconTransform.NONE;

    /** The beacon's name; the attribute's name if empty. */
    String name() default "";

    /** A global secondary index whose partition key is this beacon; none if empty. */
    String index() default "";
}
