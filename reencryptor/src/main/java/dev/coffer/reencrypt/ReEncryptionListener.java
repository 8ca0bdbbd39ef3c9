package dev.coffer.reencrypt;

import dev.coffer.SkippedItem;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Told what a {@link ReEncryptor} does. Every method has an empty default. Called from the
 * segments' worker threads concurrently (and {@link #progress} from the thread that called
 * {@link ReEncryptor#run}), so implementations must be thread-safe. Nothing passed here holds an
 * attribute value other than the primary key.
 *
 * <pre>{@code
 * ReEncryptionListener log = new ReEncryptionListener() {
 *     public void failed(SkippedItem item) { securityLog.warn("left as is: {}", item); }
 *     public void progress(ReEncryptionProgress p) { System.err.println(p); }
 * };
 * }</pre>
 */
public interface ReEncryptionListener {
    /** An item that failed verification (or could not be rewritten) and was left untouched. */
    default void failed(SkippedItem item) {
    }

    /** The item with this primary key was rewritten (or, in a dry run, would be). */
    default void rewritten(Map<String, AttributeValue> primaryKey) {
    }

    /** Progress, about once per progress interval and once at the end. */
    default void progress(ReEncryptionProgress progress) {
    }
}
