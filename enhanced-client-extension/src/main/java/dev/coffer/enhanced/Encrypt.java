package dev.coffer.enhanced;

import dev.coffer.enhanced.internal.BeanTags;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.BeanTableSchemaAttributeTag;

/**
 * Encrypt this attribute and cover it by the item signature ({@code ENCRYPT_AND_SIGN}). This is
 * already what {@link CofferExtension} does with every attribute that is not a key, so the
 * annotation only documents the intent; it also makes a conflict an error: on a partition, sort,
 * index, time-to-live or version attribute it fails when the table's configuration is derived,
 * because DynamoDB must read those values.
 *
 * <p>Place it on the getter (or setter) of a {@code @DynamoDbBean} or {@code @DynamoDbImmutable}
 * property. Static schemas use {@link CofferExtension.AttributeTags#encrypt()}.
 *
 * <pre>{@code
 * @Encrypt
 * public String getToken() { return token; }
 * }</pre>
 *
 * <p>Thread-safety: an annotation, immutable.
 */
@Target({ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@BeanTableSchemaAttributeTag(BeanTags.class)
public @interface Encrypt {
}
