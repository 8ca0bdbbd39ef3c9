/**
 * A loopback KMS for tests and demos: {@link dev.coffer.kms.testkit.LocalKms} speaks the KMS JSON
 * protocol on 127.0.0.1, so the real SDK {@code KmsClient} (and the AWS CLI) work against it, with
 * keys, principals, faults and a call log. Not for production.
 */
package dev.coffer.kms.testkit;
