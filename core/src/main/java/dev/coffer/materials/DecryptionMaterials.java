package dev.coffer.materials;

import java.util.Optional;

/**
 * The keys for verifying and decrypting one item, recovered by a provider from the item's
 * {@link MaterialsDescription}. Same rules as {@link EncryptionMaterials}: a 32-byte data key and,
 * if the provider signs with its own HMAC key, that key.
 *
 * <pre>{@code
 * return DecryptionMaterials.builder().dataKey(unwrapped).signingKey(hmacKey).build();
 * }</pre>
 *
 * <p>Thread-safety: immutable.
 */
public final class DecryptionMaterials {
    private final SecretBytes dataKey;
    private final SecretBytes signingKey;

    private DecryptionMaterials(Builder b) {
        this.dataKey = b.dataKey;
        this.signingKey = b.signingKey;
    }

    public static Builder builder() {
        return new Builder();
    }

    public SecretBytes dataKey() {
        return dataKey;
    }

    public Optional<SecretBytes> signingKey() {
        return Optional.ofNullable(signingKey);
    }

    @Override
    public String toString() {
        return "DecryptionMaterials{dataKey=" + dataKey + ", signingKey=" + (signingKey == null ? "derived" : signingKey) + "}";
    }

    /** Builds {@link DecryptionMaterials}. Not thread-safe. */
    public static final class Builder {
        private SecretBytes dataKey;
        private SecretBytes signingKey;

        private Builder() {
        }

        public Builder dataKey(SecretBytes dataKey) {
            this.dataKey = dataKey;
            return this;
        }

        public Builder signingKey(SecretBytes signingKey) {
            this.signingKey = signingKey;
            return this;
        }

        public DecryptionMaterials build() {
            Keys.checkDataKey(dataKey);
            Keys.checkSigningKey(signingKey);
            return new DecryptionMaterials(this);
        }
    }
}
