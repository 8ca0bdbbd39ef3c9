/**
 * Not API: KMS request building, key ARN parsing and error mapping for {@link dev.coffer.kms.KmsProvider}.
 */
package dev.coffer.kms.internal;
