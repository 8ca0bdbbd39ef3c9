package dev.coffer;

/**
 * What Coffer does with one attribute of an item.
 *
 * <ul>
 *   <li>{@link #ENCRYPT_AND_SIGN}: the value is encrypted (its type is hidden too) and covered by
 *       the item signature. DynamoDB stores an opaque binary. The default for unlisted attributes.</li>
 *   <li>{@link #SIGN_ONLY}: the value stays readable (so DynamoDB can index, query or expire on it)
 *       and is covered by the signature. Partition and sort keys are always sign-only.</li>
 *   <li>{@link #DO_NOTHING}: the value is stored as is and is not signed; anyone with write access
 *       to the table can change or remove it undetected.</li>
 * </ul>
 *
 * <pre>{@code
 * TableConfig.builder()
 *     .action("status", CryptoAction.SIGN_ONLY)
 *     .action("view_count", CryptoAction.DO_NOTHING)
 * }</pre>
 *
 * <p>Thread-safety: immutable (an enum).
 */
public enum CryptoAction {
    /** Encrypt the value and cover it by the item signature. */
    ENCRYPT_AND_SIGN,
    /** Keep the value readable and cover it by the item signature. */
    SIGN_ONLY,
    /** Store the value as is, unsigned. */
    DO_NOTHING;

    /** Whether the attribute is covered by the item signature. */
    public boolean isSigned() {
        return this != DO_NOTHING;
    }
}
