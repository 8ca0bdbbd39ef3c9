package dev.coffer.materials;

import dev.coffer.ConfigurationException;
import dev.coffer.MaterialsException;
import dev.coffer.materials.spi.DecryptionMaterials;
import dev.coffer.materials.spi.EncryptionContext;
import dev.coffer.materials.spi.EncryptionMaterials;
import dev.coffer.materials.spi.MaterialsDescription;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;

/**
 * One fixed AES-256 data key and one HMAC signing key, for tests and simple set-ups where the keys
 * are managed outside Coffer (a secrets manager, a sealed config file).
 *
 * <p>Every item still gets its own encryption key: Coffer derives per-item keys from the data key
 * with HKDF salted by the item's random 256-bit id, so one static key may protect any number of
 * items (docs/FORMAT.md explains why). What a static key does not give you is rotation; use the
 * {@link WrappedProvider} (several wrapping keys by id) or KMS for that.
 *
 * <pre>{@code
 * StaticProvider provider = StaticProvider.builder()
 *         .keyId("app-key-1")
 *         .dataKey(SecretBytes.copyOf(aes256KeyBytes))
 *         .signingKey(SecretBytes.copyOf(hmacKeyBytes))
 *         .build();
 * }</pre>
 *
 * <p><b>Asymmetric suite.</b> For a table on
 * {@link dev.coffer.AlgorithmSuite#AES_GCM_HMAC_SHA256_ECDSA_P256}, writers are built with
 * {@link Builder#signatureKeyPair} and readers with {@link Builder#verificationKey} (the writers'
 * public key only): readers still hold the data and HMAC keys, so they can decrypt, but they
 * cannot sign, and items they would forge fail the ECDSA check. The header names no public key;
 * the reader trusts only the one it is configured with.
 *
 * <pre>{@code
 * SignatureKeyPair writerKeys = SignatureKeyPair.generate();   // keep the private key with the writers
 * StaticProvider writer = StaticProvider.builder().keyId("app-key-1").dataKey(dk).signingKey(hk)
 *         .signatureKeyPair(writerKeys).build();
 * StaticProvider reader = StaticProvider.builder().keyId("app-key-1").dataKey(dk).signingKey(hk)
 *         .verificationKey(writerKeys.publicKey()).build();
 * }</pre>
 *
 * <p>Thread-safety: immutable; safe to share.
 */
public final class StaticProvider implements MaterialsProvider {
    /** The provider id written into item headers. */
    public static final String PROVIDER_ID = "static";

    private final String keyId;
    private final SecretBytes dataKey;
    private final SecretBytes signingKey;
    private final SignatureKeyPair signatureKeyPair;
    private final ECPublicKey verificationKey;
    private final EncryptionMaterials materials;
    private final DecryptionMaterials decryption;

    private StaticProvider(Builder b) {
        this.keyId = b.keyId;
        this.dataKey = b.dataKey;
        this.signingKey = b.signingKey;
        this.signatureKeyPair = b.signatureKeyPair;
        this.verificationKey = b.verificationKey != null ? b.verificationKey
                : b.signatureKeyPair != null ? b.signatureKeyPair.publicKey() : null;
        MaterialsDescription description = MaterialsDescription.builder().providerId(PROVIDER_ID).keyId(keyId).build();
        this.materials = EncryptionMaterials.builder().description(description).dataKey(dataKey)
                .signingKey(signingKey).signatureKeyPair(signatureKeyPair).build();
        this.decryption = DecryptionMaterials.builder().dataKey(dataKey).signingKey(signingKey)
                .verificationKey(verificationKey).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The key id written into item headers. */
    public String keyId() {
        return keyId;
    }

    @Override
    public EncryptionMaterials encryptionMaterials(EncryptionContext context) {
        if (context.algorithmSuite().isAsymmetric() && signatureKeyPair == null) {
            throw new MaterialsException("static provider: table '" + context.tableName() + "' is configured for "
                    + context.algorithmSuite() + ", but this provider has no ECDSA signing key pair"
                    + (verificationKey != null ? " (only a public key: it is a reader)" : "")
                    + "; give writers signatureKeyPair(...)");
        }
        return materials;
    }

    @Override
    public DecryptionMaterials decryptionMaterials(EncryptionContext context, MaterialsDescription description) {
        if (!PROVIDER_ID.equals(description.providerId())) {
            throw new MaterialsException("static provider: table '" + context.tableName()
                    + "': item was protected by provider '" + description.providerId() + "' (key '"
                    + description.keyId() + "'), not by a static key; configure that provider for this table");
        }
        if (!keyId.equals(description.keyId())) {
            throw new MaterialsException("static provider: table '" + context.tableName()
                    + "': item was protected with static key '" + description.keyId() + "', this provider holds '"
                    + keyId + "'; configure the provider with that key");
        }
        if (context.algorithmSuite().isAsymmetric() && verificationKey == null) {
            throw new MaterialsException("static provider: table '" + context.tableName() + "': item is signed with "
                    + "ECDSA (" + context.algorithmSuite() + "), but this provider has no public key to verify it; "
                    + "configure the writers' public key with verificationKey(...)");
        }
        return decryption;
    }

    @Override
    public String toString() {
        return "StaticProvider{keyId=" + keyId + (signatureKeyPair != null ? ", signs with ECDSA"
                : verificationKey != null ? ", verifies ECDSA" : "") + "}";
    }

    /** Builds a {@link StaticProvider}. Not thread-safe. */
    public static final class Builder {
        private String keyId = "static";
        private SecretBytes dataKey;
        private SecretBytes signingKey;
        private SignatureKeyPair signatureKeyPair;
        private ECPublicKey verificationKey;

        private Builder() {
        }

        /**
         * Writers of a table on the asymmetric suite: the ECDSA P-256 key pair items are signed with.
         * Its public key also verifies on read.
         */
        public Builder signatureKeyPair(SignatureKeyPair signatureKeyPair) {
            if (signatureKeyPair == null) {
                throw new ConfigurationException("static provider: signatureKeyPair must not be null");
            }
            this.signatureKeyPair = signatureKeyPair;
            return this;
        }

        /**
         * Readers of a table on the asymmetric suite: the writers' ECDSA P-256 public key, the only
         * key items are verified with.
         */
        public Builder verificationKey(PublicKey publicKey) {
            this.verificationKey = SignatureKeyPair.checkPublicKey(publicKey);
            return this;
        }

        /** A name for the key pair, stored in each item so a key mix-up is reported clearly. */
        public Builder keyId(String keyId) {
            this.keyId = keyId;
            return this;
        }

        /** The AES-256 data key: exactly 32 bytes. */
        public Builder dataKey(SecretBytes dataKey) {
            this.dataKey = dataKey;
            return this;
        }

        /** The HMAC-SHA-256 signing key: at least 32 bytes. */
        public Builder signingKey(SecretBytes signingKey) {
            this.signingKey = signingKey;
            return this;
        }

        public StaticProvider build() {
            if (keyId == null || keyId.isEmpty()) {
                throw new ConfigurationException("static provider: key id must not be empty");
            }
            if (dataKey == null) {
                throw new ConfigurationException("static provider: set dataKey(...) to a 32-byte AES-256 key");
            }
            if (signingKey == null) {
                throw new ConfigurationException(
                        "static provider: set signingKey(...) to an HMAC key of at least 32 bytes");
            }
            if (signatureKeyPair != null && verificationKey != null
                    && !SignatureKeyPair.encodePublicKey(verificationKey).equals(signatureKeyPair.publicKeyText())) {
                throw new ConfigurationException("static provider: verificationKey(...) is not the public key of "
                        + "signatureKeyPair(...); set one of them (a writer's key pair verifies its own items)");
            }
            return new StaticProvider(this);
        }
    }
}
