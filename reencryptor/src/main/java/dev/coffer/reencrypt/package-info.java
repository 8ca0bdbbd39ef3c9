/**
 * The table re-encryptor: {@link dev.coffer.reencrypt.ReEncryptor} rewrites every item of a table
 * that is legacy, plaintext, or written under a retired key or an old configuration into the
 * current configuration, without losing a concurrent write. {@code coffer reencrypt} runs it from
 * the command line; docs/migration.md puts it in the rollout.
 */
package dev.coffer.reencrypt;
