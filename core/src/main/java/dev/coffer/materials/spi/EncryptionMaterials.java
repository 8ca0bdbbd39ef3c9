package dev.coffer.materials.spi;

import dev.coffer.ConfigurationException;
import dev.coffer.materials.SecretBytes;
import dev.coffer.materials.SignatureKeyPair;
import java.util.Optional;

/**
 * The keys for encrypting one item, and the description to store so they can be found again.
 *
 * <ul>
 *   <li>{@code dataKey}: 32 bytes. Coffer never uses it directly: it derives per-item keys from it
 *       with HKDF, salted with the item's random 256-bit id (see docs/FORMAT.md).</li>
 *   <li>{@code signingKey}: the HMAC key for the item signature, at least 32 bytes. If absent, a
 *       per-item signing key is derived from the data key (what the KMS provider does).</li>
 *   <li>{@code signatureKeyPair}: the ECDSA P-256 key pair that signs items of the asymmetric suite
 *       ({@link dev.coffer.AlgorithmSuite#AES_GCM_HMAC_SHA256_ECDSA_P256}); required for that suite,
 *       unused by the other. Its public key must be bound to the description so that a reader
 *       cannot be given another one: the KMS provider puts it into the KMS encryption context of
 *       the data key; the local providers' readers are configured with it.</li>
 * </ul>
 *
 * <pre>{@code
 * return EncryptionMaterials.builder()
 *         .description(MaterialsDescription.builder().providerId("static").keyId(id).build())
 *         .dataKey(dataKey)
 *         .signingKey(signingKey)
 *         .build();
 * }</pre>
 *
 * <p>Thread-safety: immutable; the secrets it holds are owned by the provider that built it.
 */
public final class EncryptionMaterials {
    private final MaterialsDescription description;
    private final SecretBytes dataKey;
    private final SecretBytes signingKey;
    private final SignatureKeyPair signatureKeyPair;

    private EncryptionMaterials(Builder b) {
        this.description = b.description;
        this.dataKey = b.dataKey;
        this.signingKey = b.signingKey;
        this.signatureKeyPair = b.signatureKeyPair;
    }

    public static Builder builder() {
        return new Builder();
    }

    public MaterialsDescription description() {
        return description;
    }

    public SecretBytes dataKey() {
        return dataKey;
    }

    public Optional<SecretBytes> signingKey() {
        return Optional.ofNullable(signingKey);
    }

    /** The ECDSA key pair for the asymmetric suite, if the provider supplies one. */
    public Optional<SignatureKeyPair> signatureKeyPair() {
        return Optional.ofNullable(signatureKeyPair);
    }

    @Override
    public String toString() {
        return "EncryptionMaterials{" + description + "}";
    }

    /** Builds {@link EncryptionMaterials}. Not thread-safe. */
    public static final class Builder {
        private MaterialsDescription description;
        private SecretBytes dataKey;
        private SecretBytes signingKey;
        private SignatureKeyPair signatureKeyPair;

        private Builder() {
        }

        public Builder description(MaterialsDescription description) {
            this.description = description;
            return this;
        }

        public Builder dataKey(SecretBytes dataKey) {
            this.dataKey = dataKey;
            return this;
        }

        public Builder signingKey(SecretBytes signingKey) {
            this.signingKey = signingKey;
            return this;
        }

        /** The ECDSA P-256 key pair that signs items of the asymmetric suite. */
        public Builder signatureKeyPair(SignatureKeyPair signatureKeyPair) {
            this.signatureKeyPair = signatureKeyPair;
            return this;
        }

        public EncryptionMaterials build() {
            if (description == null) {
                throw new ConfigurationException("encryption materials: set description(...)");
            }
            Keys.checkDataKey(dataKey);
            Keys.checkSigningKey(signingKey);
            return new EncryptionMaterials(this);
        }
    }
}
