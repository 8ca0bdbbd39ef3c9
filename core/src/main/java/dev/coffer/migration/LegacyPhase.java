package dev.coffer.migration;

/**
 * Where a table written by another client (the legacy DynamoDB Encryption Client) is in its
 * migration to Coffer. Set with {@code TableConfig.Builder#legacyPhase}; one line changes phase.
 *
 * <pre>{@code
 * TableConfig.builder()...
 *         .legacyReader(legacy)                      // reads legacy items, writes Coffer (the default)
 *         .legacyPhase(LegacyPhase.COFFER_ONLY)      // once `coffer reencrypt` has rewritten every item
 *         .build();
 * }</pre>
 *
 * <p>Thread-safety: immutable.
 */
public enum LegacyPhase implements MigrationPhase {
    /**
     * Reads Coffer items and legacy items (each verified and decrypted by the table's
     * {@link LegacyReader}; one that does not verify throws), writes Coffer items. The default once a
     * legacy reader is configured.
     */
    READ_LEGACY_WRITE_COFFER,
    /**
     * Migration done: a legacy item is refused with a {@link MigrationPhaseException}, so no legacy
     * item (e.g. one restored from an old backup, or planted by someone with the old keys) is read
     * any more. The default without a legacy reader.
     */
    COFFER_ONLY;

    @Override
    public boolean reads(ItemKind kind) {
        return kind == ItemKind.COFFER || (kind == ItemKind.LEGACY && this == READ_LEGACY_WRITE_COFFER);
    }
}
