package dev.coffer.legacy.internal;

import java.security.Key;

/**
 * The legacy wrapped provider: a per-item AES content key wrapped (AESWrap or RSA-OAEP) into the
 * material description, and a verification key (HMAC or RSA public key).
 *
 * <p>Thread-safety: immutable.
 */
public final class WrappedSource implements KeySource {
    private final Key unwrappingKey;
    private final Key verificationKey;

    public WrappedSource(Key unwrappingKey, Key verificationKey) {
        this.unwrappingKey = unwrappingKey;
        this.verificationKey = verificationKey;
    }

    @Override
    public Materials materials(ItemContext item) {
        return new Materials(verificationKey, () -> LegacyCrypto.unwrap(item, unwrappingKey));
    }

    @Override
    public String describe() {
        return "wrapped (" + unwrappingKey.getAlgorithm() + ", " + verificationKey.getAlgorithm() + ")";
    }
}
