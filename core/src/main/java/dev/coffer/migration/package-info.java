/**
 * Moving a table to Coffer: the phases a table goes through ({@link dev.coffer.migration.PlaintextPhase}
 * for a table written without encryption, {@link dev.coffer.migration.LegacyPhase} for one written by
 * another client), set on {@link dev.coffer.TableConfig}; {@link dev.coffer.migration.LegacyReader}, the
 * seam through which items of another client's format (the legacy DynamoDB Encryption Client, in
 * module {@code coffer-legacy}) are read while a table migrates; and
 * {@link dev.coffer.migration.MigrationPhaseException} for an item a phase refuses. See
 * docs/migration.md.
 */
package dev.coffer.migration;
