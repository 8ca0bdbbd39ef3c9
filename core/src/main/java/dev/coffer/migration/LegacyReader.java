package dev.coffer.migration;

import dev.coffer.TableConfig;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Verifies and decrypts items stored in another client's format, so a table written by that client
 * stays readable while it is migrated to Coffer. The {@code coffer-legacy} module implements it for
 * the legacy Amazon DynamoDB Encryption Client (Java and Python); a {@link TableConfig} with a
 * legacy reader reads those items and writes Coffer items (see docs/migration.md).
 *
 * <p>Implementations must fail closed: an item that does not verify, whose keys cannot be obtained,
 * or that is malformed throws ({@link dev.coffer.IntegrityException},
 * {@link dev.coffer.MaterialsException}, {@link dev.coffer.InvalidItemException}) and yields no
 * plaintext.
 *
 * <pre>{@code
 * LegacyReader legacy = ...; // e.g. from coffer-legacy
 * if (legacy.recognizes(stored)) {
 *     Map<String, AttributeValue> plain = legacy.decrypt(stored, tableConfig);
 * }
 * }</pre>
 *
 * <p>Thread-safety: implementations must be thread-safe; one reader serves every thread.
 */
public interface LegacyReader {
    /**
     * Whether {@code item} carries this format's reserved attributes (a cheap check, no
     * cryptography). An item this returns {@code true} for is decrypted with {@link #decrypt}.
     */
    boolean recognizes(Map<String, AttributeValue> item);

    /**
     * Verifies {@code item} and returns its plaintext, without this format's reserved attributes.
     * {@code table} gives the table name, key attributes and per-attribute actions the item was
     * written with (unless the reader was configured with its own).
     */
    Map<String, AttributeValue> decrypt(Map<String, AttributeValue> item, TableConfig table);

    /** The attribute names this format reserves (for example its description and signature). */
    Set<String> reservedAttributes();

    /** A short name of the format for messages, for example "legacy DynamoDB Encryption Client". */
    String formatName();
}
