package dev.coffer.enhanced;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The name items of this bean class are cryptographically bound to, instead of the physical table
 * name. Set it when a table may be renamed or restored from a backup under another name: items then
 * still verify in the new table. Every table that uses the name accepts items copied from the
 * others, so give distinct tables (for example one per tenant) distinct names, through
 * {@link TableOptions.Builder#logicalTableName(String)} if they share a bean class.
 *
 * <p>Precedence: the table option, then {@link CofferExtension.TableTags#logicalTableName(String)}
 * on a static schema, then this annotation, then the physical table name.
 *
 * <pre>{@code
 * @DynamoDbBean
 * @LogicalTableName("sessions")
 * public class Session { ... }
 * }</pre>
 *
 * <p>Thread-safety: an annotation, immutable.
 */
@Target({ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface LogicalTableName {
    /** The logical table name; not empty. */
    String value();
}
