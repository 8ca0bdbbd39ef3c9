package dev.coffer;

/**
 * An item given to {@link ItemEncryptor#encrypt} cannot be protected and stored: a key attribute
 * is missing or of a type DynamoDB keys cannot have, a value is not valid for DynamoDB (an empty set,
 * a malformed number, nesting deeper than 32 levels), the item already carries Coffer's reserved
 * attributes, or the encrypted item would exceed DynamoDB's 400 KB item limit. Nothing has been
 * written when this is thrown.
 *
 * <pre>{@code
 * try {
 *     stored = encryptor.encrypt(item);
 * } catch (InvalidItemException e) {
 *     // e.g. "table 'orders': encrypted item would be 410112 bytes ..."
 * }
 * }</pre>
 *
 * <p>Thread-safety: immutable.
 */
public class InvalidItemException extends CofferException {
    private static final long serialVersionUID = 1L;

    public InvalidItemException(String message) {
        super(message);
    }

    public InvalidItemException(String message, Throwable cause) {
        super(message, cause);
    }

}
