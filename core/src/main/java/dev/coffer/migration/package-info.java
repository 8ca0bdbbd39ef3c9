/**
 * Moving a table to Coffer: {@link dev.coffer.migration.LegacyReader}, the seam through which
 * items of another client's format (the legacy DynamoDB Encryption Client, in module
 * {@code coffer-legacy}) are read while a table migrates. See docs/migration.md.
 */
package dev.coffer.migration;
