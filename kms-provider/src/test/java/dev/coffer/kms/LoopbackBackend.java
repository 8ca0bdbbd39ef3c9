package dev.coffer.kms;

import dev.coffer.kms.testkit.KmsKey;
import dev.coffer.kms.testkit.LocalKms;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.kms.KmsClient;

/** The suite's backend on the loopback testkit server. */
final class LoopbackBackend implements KmsBackend {
    final LocalKms kms;
    private final Map<String, KmsKey> keys = new ConcurrentHashMap<>();

    LoopbackBackend(LocalKms kms) {
        this.kms = kms;
    }

    static LoopbackBackend start(String region) {
        return new LoopbackBackend(LocalKms.builder().region(region).build().start());
    }

    KmsKey key(String arn) {
        return keys.get(arn);
    }

    /** Registers a key created directly through the testkit. */
    KmsKey track(KmsKey key) {
        keys.put(key.arn(), key);
        return key;
    }

    @Override
    public String region() {
        return kms.region();
    }

    @Override
    public String accountId() {
        return kms.accountId();
    }

    @Override
    public KmsClient client(int maxAttempts, Duration attemptTimeout) {
        return TestClients.kms(kms.endpoint(), kms.region(), "test", "test", maxAttempts, attemptTimeout);
    }

    @Override
    public String createKey() {
        return track(kms.createKey()).arn();
    }

    @Override
    public String createAlias(String aliasName, String keyArn) {
        return kms.createAlias(aliasName, keys.get(keyArn));
    }

    @Override
    public void updateAlias(String aliasName, String keyArn) {
        kms.updateAlias(aliasName, keys.get(keyArn));
    }

    @Override
    public void disableKey(String keyArn) {
        kms.disableKey(keys.get(keyArn));
    }

    @Override
    public void enableKey(String keyArn) {
        kms.enableKey(keys.get(keyArn));
    }

    @Override
    public void scheduleKeyDeletion(String keyArn) {
        kms.scheduleKeyDeletion(keys.get(keyArn));
    }

    @Override
    public void close() {
        kms.close();
    }
}
