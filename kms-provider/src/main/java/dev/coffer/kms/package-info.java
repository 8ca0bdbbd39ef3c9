/**
 * AWS KMS as the source of data keys: {@link dev.coffer.kms.KmsProvider} (pinned key ARNs or
 * discovery within accounts), failures as {@link dev.coffer.kms.KmsMaterialsException} with a
 * reason and whether to retry. See docs/kms.md.
 */
package dev.coffer.kms;
