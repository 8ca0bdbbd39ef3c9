package dev.coffer;

/**
 * Root of every exception Coffer throws. Unchecked, so callers catch it where they can act on it.
 *
 * <p>Subclasses say what went wrong:
 * <ul>
 *   <li>{@link IntegrityException}: a stored item failed verification (tampered, truncated, moved,
 *       written under other keys, or not written by Coffer). No plaintext is returned.</li>
 *   <li>{@link ConfigurationException}: a configuration cannot work; thrown when it is built.</li>
 *   <li>{@link InvalidItemException}: an item given to {@code encrypt} cannot be stored (wrong types,
 *       reserved attribute names, over DynamoDB's size limit).</li>
 *   <li>{@link MaterialsException}: the materials provider could not supply keys (unknown key id,
 *       KMS failure, meta-store failure).</li>
 * </ul>
 *
 * <p>Messages name the table, the attribute and the reason; they never contain attribute values or
 * key bytes, so they are safe to log.
 *
 * <pre>{@code
 * try {
 *     item = encryptor.decrypt(stored);
 * } catch (IntegrityException e) {
 *     alarm(e.getMessage());   // safe to log: no values, no keys
 * }
 * }</pre>
 *
 * <p>Thread-safety: immutable.
 */
public class CofferException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CofferException(String message) {
        super(message);
    }

    public CofferException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * This failure with {@code prefix} in front of its message (for example the index of the item in
     * a batch), as an exception of the same kind, so callers can still catch or inspect the specific
     * subclass. The original becomes the cause. Subclasses with fields override this.
     */
    public CofferException withContext(String prefix) {
        return new CofferException(prefix + getMessage(), this);
    }
}
