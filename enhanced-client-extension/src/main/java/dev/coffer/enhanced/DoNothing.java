package dev.coffer.enhanced;

import dev.coffer.enhanced.internal.BeanTags;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.BeanTableSchemaAttributeTag;

/**
 * Store this attribute as is, neither encrypted nor signed ({@code DO_NOTHING}). Anyone who can
 * write to the table can change or remove it without the read noticing, so use it only for values
 * that need no protection and must change in place: a partial {@code updateItem}
 * ({@code IgnoreNullsMode.MAPS_ONLY} with null fields) may touch only do-nothing attributes,
 * because any other change would invalidate the item signature. Atomic counters are do-nothing
 * automatically.
 *
 * <p>Making a signed attribute do-nothing applies to items written from then on: an item written
 * before still signs it, so a partial update of it is refused by its condition
 * ({@code ConditionalCheckFailedException}, item unchanged) until the item has been written whole
 * (putItem, or a full updateItem) by a release with the new annotation. See
 * {@link CofferExtension#UNSIGNED_ATTRIBUTE}.
 *
 * <p>Not allowed on the partition or sort key (they are always signed).
 *
 * <pre>{@code
 * @DoNothing
 * public Instant getLastSeen() { return lastSeen; }
 * }</pre>
 *
 * <p>Static schemas use {@link CofferExtension.AttributeTags#doNothing()}.
 *
 * <p>Thread-safety: an annotation, immutable.
 */
@Target({ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@BeanTableSchemaAttributeTag(BeanTags.class)
public @interface DoNothing {
}
