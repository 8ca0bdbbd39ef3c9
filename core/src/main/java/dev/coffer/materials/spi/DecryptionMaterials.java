package dev.coffer.materials.spi;

import dev.coffer.materials.SecretBytes;
import dev.coffer.materials.SignatureKeyPair;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.util.Optional;

/**
 * The keys for verifying and decrypting one item, recovered by a provider from the item's
 * {@link MaterialsDescription}. Same rules as {@link EncryptionMaterials}: a 32-byte data key and,
 * if the provider signs with its own HMAC key, that key; for items of the asymmetric suite
 * ({@link dev.coffer.AlgorithmSuite#AES_GCM_HMAC_SHA256_ECDSA_P256}), the ECDSA P-256 public key
 * that must have signed the item. The provider is responsible for that key being one the reader
 * trusts: configured in the reader, or authenticated by KMS (never taken from the header alone).
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
    private final ECPublicKey verificationKey;

    private DecryptionMaterials(Builder b) {
        this.dataKey = b.dataKey;
        this.signingKey = b.signingKey;
        this.verificationKey = b.verificationKey;
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

    /** The ECDSA P-256 public key that verifies items of the asymmetric suite, if the provider supplies one. */
    public Optional<ECPublicKey> verificationKey() {
        return Optional.ofNullable(verificationKey);
    }

    @Override
    public String toString() {
        return "DecryptionMaterials{dataKey=" + dataKey + ", signingKey=" + (signingKey == null ? "derived" : signingKey) + "}";
    }

    /** Builds {@link DecryptionMaterials}. Not thread-safe. */
    public static final class Builder {
        private SecretBytes dataKey;
        private SecretBytes signingKey;
        private ECPublicKey verificationKey;

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

        /** The ECDSA P-256 public key items of the asymmetric suite must verify under. */
        public Builder verificationKey(PublicKey verificationKey) {
            this.verificationKey = verificationKey == null ? null : SignatureKeyPair.checkPublicKey(verificationKey);
            return this;
        }

        public DecryptionMaterials build() {
            Keys.checkDataKey(dataKey);
            Keys.checkSigningKey(signingKey);
            return new DecryptionMaterials(this);
        }
    }
}
