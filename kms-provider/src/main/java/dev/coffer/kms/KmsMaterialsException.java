package dev.coffer.kms;

import dev.coffer.MaterialsException;
import java.util.Optional;

/**
 * KMS could not, or the {@link KmsProvider} would not, supply an item's keys. A
 * {@link MaterialsException}, so code that handles Coffer's exceptions handles this one; catch it
 * to branch on {@link #reason()} (retry on throttling, page an operator on a disabled key).
 *
 * <p>The message names the table, the KMS operation, the key ARN and what to do, and quotes KMS's
 * own message where there is one; never a key byte or an attribute value. Nothing is written when
 * encryption fails: the encryptor throws before it returns an item.
 *
 * <pre>{@code
 * try {
 *     table.putItem(encryptor.encrypt(item));
 * } catch (KmsMaterialsException e) {
 *     if (e.isRetryable()) {
 *         retryLater(item);          // THROTTLED, TIMEOUT, UNAVAILABLE
 *     } else {
 *         throw e;                   // ACCESS_DENIED, KEY_DISABLED, ... need a person
 *     }
 * }
 * }</pre>
 *
 * <p>Thread-safety: immutable.
 */
public class KmsMaterialsException extends MaterialsException {
    private static final long serialVersionUID = 1L;

    /** Why the keys could not be supplied. */
    public enum Reason {
        /** The caller lacks the IAM permission (key policy, IAM policy or grant) for the operation. */
        ACCESS_DENIED,
        /** The key is disabled. */
        KEY_DISABLED,
        /** The key is in a state that forbids use, such as pending deletion. */
        KEY_INVALID_STATE,
        /** No such key or alias in that account and region. */
        KEY_NOT_FOUND,
        /**
         * KMS refused the wrapped data key: it was encrypted under another key or with another
         * encryption context (the item moved or its header changed).
         */
        INVALID_CIPHERTEXT,
        /** The provider's configuration does not allow the key an item names (pinning, discovery filter). */
        KEY_NOT_ALLOWED,
        /** KMS throttled the request and the SDK's retries did not get through. */
        THROTTLED,
        /** The request did not complete within the KMS client's timeouts. */
        TIMEOUT,
        /** KMS answered with a server error, or could not be reached. */
        UNAVAILABLE,
        /** The KMS client could not get AWS credentials (none configured, or they failed to load); nothing was sent. */
        CREDENTIALS,
        /** Any other KMS error; the message carries KMS's error code. */
        OTHER
    }

    private final Reason reason;
    private final String keyId;
    private final String operation;

    /**
     * @param keyId the key concerned (ARN or identifier as configured)
     * @param operation the KMS API operation, e.g. {@code Decrypt}, or {@code null} if no call was made
     */
    public KmsMaterialsException(String message, Reason reason, String keyId, String operation, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.keyId = keyId;
        this.operation = operation;
    }

    public Reason reason() {
        return reason;
    }

    /** The key the failure concerns. */
    public String keyId() {
        return keyId;
    }

    /** The KMS operation that failed ({@code GenerateDataKey}, {@code Decrypt}); empty if KMS was not called. */
    public Optional<String> operation() {
        return Optional.ofNullable(operation);
    }

    /** Whether the same call may succeed later without a change of configuration. */
    public boolean isRetryable() {
        return reason == Reason.THROTTLED || reason == Reason.TIMEOUT || reason == Reason.UNAVAILABLE;
    }
}
