/**
 * Not API: KMS request building, key ARN parsing, key trust (pinned or discovery) and error mapping
 * for {@link dev.coffer.kms.KmsProvider}.
 */
package dev.coffer.kms.internal;
