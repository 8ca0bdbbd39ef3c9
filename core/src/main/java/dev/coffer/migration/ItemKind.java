package dev.coffer.migration;

/**
 * What a stored item is, as far as a migration is concerned: written by Coffer, by another client
 * that a {@link LegacyReader} reads, or plaintext (neither).
 *
 * <p>Thread-safety: immutable.
 */
public enum ItemKind {
    /** Has Coffer's header ({@code coffer_head}). */
    COFFER,
    /** Recognized by the table's {@link LegacyReader}. */
    LEGACY,
    /** Neither: written without encryption. */
    PLAINTEXT
}
