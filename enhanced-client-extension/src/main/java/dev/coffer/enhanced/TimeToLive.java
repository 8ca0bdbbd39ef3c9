package dev.coffer.enhanced;

import dev.coffer.enhanced.internal.BeanTags;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.BeanTableSchemaAttributeTag;

/**
 * Marks the attribute DynamoDB's time to live reads (the table's TTL attribute, a number of epoch
 * seconds). DynamoDB can only expire items whose TTL attribute it can read as a number, so Coffer
 * keeps it plaintext and signs it ({@code SIGN_ONLY}); add {@link DoNothing} as well if the expiry
 * must be extended by a partial update (it is then unsigned). Encrypting it is refused.
 *
 * <p>The property must be stored as a number (for example {@code long} or {@code Long}); any other
 * type fails when the bean schema is built. Only one attribute per table may carry it. The same
 * setting exists as a table option, {@link TableOptions.Builder#timeToLiveAttribute(String)}, and
 * for static schemas as {@link CofferExtension.AttributeTags#timeToLive()}.
 *
 * <pre>{@code
 * @TimeToLive
 * public Long getExpiresAt() { return expiresAt; }
 * }</pre>
 *
 * <p>Thread-safety: an annotation, immutable.
 */
@Target({ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@BeanTableSchemaAttributeTag(BeanTags.class)
public @interface TimeToLive {
}
