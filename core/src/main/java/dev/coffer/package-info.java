/**
 * Coffer: client-side encryption and signing of Amazon DynamoDB items. Start with
 * {@link dev.coffer.ItemEncryptor} (encrypt before writing, verify and decrypt after reading) and
 * {@link dev.coffer.TableConfig} (the table, its keys, each attribute's
 * {@link dev.coffer.CryptoAction}, and the materials provider). Failures are
 * {@link dev.coffer.CofferException}s: {@link dev.coffer.IntegrityException},
 * {@link dev.coffer.MaterialsException}, {@link dev.coffer.ConfigurationException},
 * {@link dev.coffer.InvalidItemException}. {@link dev.coffer.ItemDescription} shows what a stored
 * item's header says without verifying it; {@link dev.coffer.DynamoDbValues} converts items to and
 * from DynamoDB JSON. The wire format is docs/FORMAT.md; the threat model docs/SECURITY.md.
 */
package dev.coffer;
