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
public class CofferException extends RuntimeException implements Cloneable {
    private static final long serialVersionUID = 1L;

    /**
     * A failure without a cause. The cause is set (to none) here, not left for {@code initCause}: so
     * the copies {@link #withContext} makes report no cause either, instead of the original.
     */
    public CofferException(String message) {
        super(message, null);
    }

    public CofferException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Context prefixes added by {@link #withContext}, outermost first; empty if none. */
    private String context = "";

    /**
     * This failure with {@code prefix} in front of its message (for example the index of the item
     * in a batch): a copy of this exception of the same class, with the same fields, cause and stack
     * trace, so callers still catch and inspect the specific subclass. This exception is left as it
     * was (it may be shared, e.g. by every caller that waited for one failed load). Subclasses need
     * do nothing: the copy is made field by field ({@code Object.clone}). One consequence: if the
     * original already holds suppressed exceptions, the copy shares that list, so a suppressed
     * exception added to one shows in both (Coffer adds none to its own exceptions).
     *
     * <pre>{@code
     * throw e.withContext("item " + index + ": ");
     * }</pre>
     */
    public final CofferException withContext(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return this;
        }
        try {
            CofferException copy = (CofferException) super.clone();
            copy.context = prefix + context;
            return copy;
        } catch (CloneNotSupportedException impossible) {
            throw new AssertionError("CofferException implements Cloneable", impossible);
        }
    }

    @Override
    public String getMessage() {
        String m = super.getMessage();
        return context.isEmpty() ? m : context + m;
    }
}
