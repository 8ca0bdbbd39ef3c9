package dev.coffer;

/**
 * A stored item failed verification: its signature, key commitment or an encrypted value did not
 * check out, a signed attribute is missing, an unexpected unsigned attribute is present, or the
 * Coffer header is malformed or of an unknown format version. The item may have been tampered with,
 * copied under another primary key, moved to another table, or written with other keys.
 *
 * <p>When this is thrown no plaintext of the item has been produced: verification happens before
 * any attribute is decrypted.
 *
 * <pre>{@code
 * try {
 *     Map<String, AttributeValue> item = encryptor.decrypt(stored);
 * } catch (IntegrityException e) {
 *     securityLog.warn("rejected item: {}", e.getMessage());
 * }
 * }</pre>
 *
 * <p>Thread-safety: immutable.
 */
public class IntegrityException extends CofferException {
    private static final long serialVersionUID = 1L;

    public IntegrityException(String message) {
        super(message);
    }

    public IntegrityException(String message, Throwable cause) {
        super(message, cause);
    }

}
