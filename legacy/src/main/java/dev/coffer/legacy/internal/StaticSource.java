package dev.coffer.legacy.internal;

import java.security.Key;
import javax.crypto.SecretKey;

/**
 * The legacy symmetric static provider: one AES key for every item and one verification key (HMAC
 * or RSA public key), nothing recorded in the item.
 *
 * <p>Thread-safety: immutable.
 */
public final class StaticSource implements KeySource {
    private final SecretKey encryptionKey;
    private final Key verificationKey;

    public StaticSource(SecretKey encryptionKey, Key verificationKey) {
        this.encryptionKey = encryptionKey;
        this.verificationKey = verificationKey;
    }

    @Override
    public Materials materials(ItemContext item) {
        return new Materials(verificationKey, () -> encryptionKey);
    }

    @Override
    public String describe() {
        return "static (AES, " + verificationKey.getAlgorithm() + ")";
    }
}
