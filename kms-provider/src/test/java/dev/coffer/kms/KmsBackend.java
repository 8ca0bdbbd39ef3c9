package dev.coffer.kms;

import java.time.Duration;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * A KMS the shared suite runs against: the loopback {@code LocalKms} here, LocalStack where Docker
 * exists. Keys are managed through whatever the backend offers (the testkit's Java API, or KMS's own
 * CreateKey and friends).
 */
interface KmsBackend extends AutoCloseable {
    String region();

    String accountId();

    /** A client with fast retries: {@code maxAttempts} attempts, no backoff. */
    KmsClient client(int maxAttempts, Duration attemptTimeout);

    /** A new enabled symmetric key; returns its ARN. */
    String createKey();

    /** Creates {@code alias/...} for the key; returns the alias ARN. */
    String createAlias(String aliasName, String keyArn);

    void updateAlias(String aliasName, String keyArn);

    void disableKey(String keyArn);

    void enableKey(String keyArn);

    void scheduleKeyDeletion(String keyArn);

    @Override
    void close();
}
