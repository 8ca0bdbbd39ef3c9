package dev.coffer.kms.testkit;

import java.util.Objects;

/**
 * A handle to a key held by a {@link LocalKms}: its key id, ARN, account and region. The state of
 * the key (enabled, disabled, pending deletion, grants) lives in the server; change it through
 * {@link LocalKms#disableKey}, {@link LocalKms#scheduleKeyDeletion} and so on.
 *
 * <p>The handle also carries the key's secret material, never shown and never returned, so that
 * {@link LocalKms#replicateKey} can give another server (another region) a replica of a
 * multi-Region key that decrypts what the primary encrypted, as KMS does.
 *
 * <pre>{@code
 * KmsKey key = kms.createKey();
 * String arn = key.arn();   // arn:aws:kms:us-east-1:111122223333:key/0f6a...
 * }</pre>
 *
 * <p>Thread-safety: immutable.
 */
public final class KmsKey {
    private final String keyId;
    private final String accountId;
    private final String region;
    private final boolean multiRegion;
    private final String description;
    private final byte[] material;

    KmsKey(String keyId, String accountId, String region, boolean multiRegion, String description, byte[] material) {
        this.keyId = keyId;
        this.accountId = accountId;
        this.region = region;
        this.multiRegion = multiRegion;
        this.description = description;
        this.material = material;
    }

    /** The key id: a UUID, or {@code mrk-} followed by 32 hex digits for a multi-Region key. */
    public String keyId() {
        return keyId;
    }

    /** {@code arn:aws:kms:<region>:<account>:key/<keyId>}. */
    public String arn() {
        return LocalKms.keyArn(region, accountId, keyId);
    }

    public String accountId() {
        return accountId;
    }

    public String region() {
        return region;
    }

    /** Whether this is a multi-Region key (its id starts with {@code mrk-}). */
    public boolean multiRegion() {
        return multiRegion;
    }

    public String description() {
        return description;
    }

    byte[] material() {
        return material;
    }

    KmsKey inRegion(String otherRegion) {
        return new KmsKey(keyId, accountId, otherRegion, multiRegion, description, material);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof KmsKey)) {
            return false;
        }
        KmsKey k = (KmsKey) o;
        // The ARN identifies a key; key material is never compared through equals.
        return keyId.equals(k.keyId) && accountId.equals(k.accountId) && region.equals(k.region);
    }

    @Override
    public int hashCode() {
        return Objects.hash(keyId, accountId, region);
    }

    /** The ARN only; never the material. */
    @Override
    public String toString() {
        return "KmsKey{" + arn() + "}";
    }
}
