package dev.coffer.migration;

/**
 * A table's phase in a migration to Coffer: {@link LegacyPhase} for a table written by another
 * client (read through a {@link LegacyReader}), {@link PlaintextPhase} for a table written without
 * encryption. A {@link dev.coffer.TableConfig} has one of each; both default to the end state, in
 * which only Coffer items are read ({@link LegacyPhase#COFFER_ONLY}, {@link PlaintextPhase#ENCRYPTED_ONLY}),
 * except that configuring a legacy reader makes {@link LegacyPhase#READ_LEGACY_WRITE_COFFER} the
 * default. The rollout order for a fleet of readers and writers is in docs/migration.md.
 *
 * <p>Thread-safety: the phases are enum constants, immutable.
 */
public sealed interface MigrationPhase permits LegacyPhase, PlaintextPhase {
    /** Whether a read accepts items of {@code kind} in this phase. */
    boolean reads(ItemKind kind);

    /** The constant's name, e.g. {@code ENCRYPTED_ONLY}. */
    String name();
}
