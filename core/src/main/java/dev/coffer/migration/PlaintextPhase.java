package dev.coffer.migration;

/**
 * Where a table written without encryption is in its migration to Coffer. Set with
 * {@code TableConfig.Builder#plaintextPhase}; each step of docs/migration.md changes this one line.
 * Readers move to a phase before writers do, so no reader ever meets an item it refuses.
 *
 * <pre>{@code
 * TableConfig.builder()...
 *         .plaintextPhase(PlaintextPhase.WRITE_PLAINTEXT_READ_BOTH)   // 1. readers learn Coffer items
 *         .plaintextPhase(PlaintextPhase.WRITE_ENCRYPTED_READ_BOTH)   // 2. writers encrypt; then `coffer reencrypt`
 *         .plaintextPhase(PlaintextPhase.ENCRYPTED_ONLY)              // 3. the default: plaintext items refused
 *         .build();
 * }</pre>
 *
 * <p>While a phase reads plaintext, plaintext items are returned <strong>unverified</strong>:
 * anyone who can write to the table can plant an item, or strip the header and signature from an
 * encrypted one and change its values. Keep that window short (docs/SECURITY.md).
 *
 * <p>Thread-safety: immutable.
 */
public enum PlaintextPhase implements MigrationPhase {
    /**
     * Writes plaintext (as before Coffer) and reads both plaintext and Coffer items: deploy it to
     * every reader first, so that readers understand Coffer items before any writer produces one.
     */
    WRITE_PLAINTEXT_READ_BOTH,
    /** Writes Coffer items and reads both: deploy it to the writers once every reader has phase 1. */
    WRITE_ENCRYPTED_READ_BOTH,
    /** Writes and reads Coffer items only; a plaintext item is refused. The default. */
    ENCRYPTED_ONLY;

    @Override
    public boolean reads(ItemKind kind) {
        return kind == ItemKind.COFFER || (kind == ItemKind.PLAINTEXT && this != ENCRYPTED_ONLY);
    }

    /** Whether items are written plaintext in this phase (only {@link #WRITE_PLAINTEXT_READ_BOTH}). */
    public boolean writesPlaintext() {
        return this == WRITE_PLAINTEXT_READ_BOTH;
    }
}
