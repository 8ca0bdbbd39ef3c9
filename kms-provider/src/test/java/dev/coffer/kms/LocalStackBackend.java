package dev.coffer.kms;

import java.time.Duration;
import org.testcontainers.localstack.LocalStackContainer;
import software.amazon.awssdk.services.kms.KmsClient;

/** The suite's backend on LocalStack's KMS, managed through the KMS API itself. */
final class LocalStackBackend implements KmsBackend {
    private final LocalStackContainer container;
    private final KmsClient admin;
    private final String accountId;

    LocalStackBackend(LocalStackContainer container) {
        this.container = container;
        this.admin = client(1, null);
        this.accountId = admin.describeKey(b -> b.keyId(createKeyId())).keyMetadata().awsAccountId();
    }

    private String createKeyId() {
        return admin.createKey(b -> b.description("coffer test")).keyMetadata().keyId();
    }

    @Override
    public String region() {
        return container.getRegion();
    }

    @Override
    public String accountId() {
        return accountId;
    }

    @Override
    public KmsClient client(int maxAttempts, Duration attemptTimeout) {
        return TestClients.kms(container.getEndpoint(), container.getRegion(), container.getAccessKey(),
                container.getSecretKey(), maxAttempts, attemptTimeout);
    }

    @Override
    public String createKey() {
        return admin.createKey(b -> b.description("coffer test")).keyMetadata().arn();
    }

    @Override
    public String createAlias(String aliasName, String keyArn) {
        admin.createAlias(b -> b.aliasName(aliasName).targetKeyId(keyArn));
        return "arn:aws:kms:" + region() + ":" + accountId + ":" + aliasName;
    }

    @Override
    public void updateAlias(String aliasName, String keyArn) {
        admin.updateAlias(b -> b.aliasName(aliasName).targetKeyId(keyArn));
    }

    @Override
    public void disableKey(String keyArn) {
        admin.disableKey(b -> b.keyId(keyArn));
    }

    @Override
    public void enableKey(String keyArn) {
        admin.enableKey(b -> b.keyId(keyArn));
    }

    @Override
    public void scheduleKeyDeletion(String keyArn) {
        admin.scheduleKeyDeletion(b -> b.keyId(keyArn).pendingWindowInDays(7));
    }

    @Override
    public void close() {
        admin.close();
    }
}
