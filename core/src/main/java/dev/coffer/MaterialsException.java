package dev.coffer;

/**
 * The materials provider could not supply keys: the item names a key this provider does not hold,
 * was written by a different kind of provider, or a remote key service (KMS, a meta-store) failed.
 * The message names the provider, the key id or version, and what to check.
 *
 * <pre>{@code
 * try {
 *     item = encryptor.decrypt(stored);
 * } catch (MaterialsException e) {
 *     // e.g. "wrapped provider: item was protected with wrapping key 'wk-2024', which this provider does not hold ..."
 * }
 * }</pre>
 *
 * <p>Thread-safety: immutable.
 */
public class MaterialsException extends CofferException {
    private static final long serialVersionUID = 1L;

    public MaterialsException(String message) {
        super(message);
    }

    public MaterialsException(String message, Throwable cause) {
        super(message, cause);
    }

}
