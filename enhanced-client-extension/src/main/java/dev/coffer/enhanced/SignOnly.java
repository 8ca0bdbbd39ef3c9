package dev.coffer.enhanced;

import dev.coffer.enhanced.internal.BeanTags;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.BeanTableSchemaAttributeTag;

/**
 * Keep this attribute readable in the table and cover it by the item signature
 * ({@code SIGN_ONLY}): DynamoDB can filter, index or condition on it, and any change made outside
 * Coffer makes the read fail. Use it for values that must stay queryable, such as a status that a
 * filter expression or a secondary index reads.
 *
 * <p>Key attributes (primary and every secondary index key), the time-to-live attribute and the
 * version attribute are sign-only without this annotation.
 *
 * <pre>{@code
 * @SignOnly
 * public String getStatus() { return status; }
 * }</pre>
 *
 * <p>Static schemas use {@link CofferExtension.AttributeTags#signOnly()}.
 *
 * <p>Thread-safety: an annotation, immutable.
 */
@Target({ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@BeanTableSchemaAttributeTag(BeanTags.class)
public @interface SignOnly {
}
