/**
 * Local keyring files (format {@code coffer-keyring-1}, written by {@code coffer keygen}; docs/cli.md,
 * "The keyring file"): {@link dev.coffer.keyring.Keyring} is the keyring (parsed, generated, rotated,
 * made into a {@link dev.coffer.materials.WrappedProvider}) and {@link dev.coffer.keyring.KeyringFile}
 * reads and writes it on disk, refusing a file other users may read or change. One implementation for
 * the CLI, the Spring Boot starter and the Spark jobs.
 */
package dev.coffer.keyring;
