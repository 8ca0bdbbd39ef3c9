package dev.coffer.materials;

import dev.coffer.ConfigurationException;
import dev.coffer.MaterialsException;
import dev.coffer.internal.crypto.RandomSource;
import dev.coffer.materials.spi.DecryptionMaterials;
import dev.coffer.materials.spi.EncryptionContext;
import dev.coffer.materials.spi.EncryptionMaterials;
import dev.coffer.materials.spi.MaterialsDescription;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * A fresh random data key for every item, wrapped under a local key you hold, and items signed with
 * a local HMAC key. The wrapped data key travels in the item header.
 *
 * <p>The provider holds several wrapping keys and several signing keys by id. It encrypts with the
 * current ones and decrypts with whichever the item names, so rotating a local key is: add the new
 * key, make it current, keep the old one until every item has been rewritten.
 *
 * <pre>{@code
 * WrappedProvider provider = WrappedProvider.builder()
 *         .addWrappingKey(WrappingKey.aes("wk-2026-01", oldKey))
 *         .addWrappingKey(WrappingKey.aes("wk-2026-07", newKey))
 *         .currentWrappingKey("wk-2026-07")          // new items use this one
 *         .addSigningKey("sk-1", signingKey)
 *         .build();
 * }</pre>
 *
 * <p><b>Asymmetric suite.</b> For a table on
 * {@link dev.coffer.AlgorithmSuite#AES_GCM_HMAC_SHA256_ECDSA_P256}, writers add their ECDSA key pair
 * with {@link Builder#addSignatureKeyPair} and readers the writers' public keys with
 * {@link Builder#addVerificationKey}, under the same ids. Items name the id (header parameter
 * {@code vk}); readers verify with the public key they hold under that id, never with a key from
 * the header. Rotation works as for the other keys: readers add the new public key first.
 *
 * <p>Thread-safety: immutable after {@code build()}; safe to share. Cipher instances are kept per
 * thread.
 */
public final class WrappedProvider implements MaterialsProvider {
    /** The provider id written into item headers. */
    public static final String PROVIDER_ID = "wrapped";
    /** AES-256 data keys, as the format requires. */
    private static final int DATA_KEY_BYTES = 32;
    /** HMAC-SHA-256 signing keys: at least the hash length. */
    private static final int MIN_SIGNING_KEY_BYTES = 32;
    static final String PARAM_ALGORITHM = "alg";
    static final String PARAM_SIGNING_KEY = "sk";
    static final String PARAM_VERIFICATION_KEY = "vk";

    private static final OAEPParameterSpec OAEP_SHA256 = new OAEPParameterSpec("SHA-256", "MGF1",
            MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
    private static final ThreadLocal<Cipher> KWP = ThreadLocal.withInitial(() -> cipher("AES/KWP/NoPadding"));
    private static final ThreadLocal<Cipher> OAEP = ThreadLocal.withInitial(() -> cipher("RSA/ECB/OAEPPadding"));

    private final Map<String, WrappingKey> wrappingKeys;
    private final Map<String, SecretBytes> signingKeys;
    private final WrappingKey currentWrappingKey;
    private final String currentSigningKeyId;
    private final SecretBytes currentSigningKey;
    private final Map<String, ECPublicKey> verificationKeys;
    private final String currentSignatureKeyPairId;
    private final SignatureKeyPair currentSignatureKeyPair;
    private final RandomSource random;

    private WrappedProvider(Builder b) {
        this.wrappingKeys = Collections.unmodifiableMap(new LinkedHashMap<>(b.wrappingKeys));
        this.signingKeys = Collections.unmodifiableMap(new LinkedHashMap<>(b.signingKeys));
        this.currentWrappingKey = wrappingKeys.get(b.currentWrappingKeyId);
        this.currentSigningKeyId = b.currentSigningKeyId;
        this.currentSigningKey = signingKeys.get(b.currentSigningKeyId);
        this.verificationKeys = Collections.unmodifiableMap(new LinkedHashMap<>(b.verificationKeys));
        this.currentSignatureKeyPairId = b.currentSignatureKeyPairId;
        this.currentSignatureKeyPair = b.currentSignatureKeyPair;
        this.random = b.random;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The id of the wrapping key new items are protected with. */
    public String currentWrappingKeyId() {
        return currentWrappingKey.id();
    }

    /** The id of the signing key new items are signed with. */
    public String currentSigningKeyId() {
        return currentSigningKeyId;
    }

    @Override
    public EncryptionMaterials encryptionMaterials(EncryptionContext context) {
        boolean ecdsa = context.algorithmSuite().isAsymmetric();
        if (ecdsa && currentSignatureKeyPair == null) {
            throw new MaterialsException("wrapped provider: table '" + context.tableName() + "' is configured for "
                    + context.algorithmSuite() + ", but this provider has no ECDSA signing key pair"
                    + (verificationKeys.isEmpty() ? "" : " (only public keys: it is a reader)")
                    + "; give writers addSignatureKeyPair(id, keyPair)");
        }
        byte[] dataKey = new byte[DATA_KEY_BYTES];
        random.nextBytes(dataKey);
        byte[] wrapped = wrap(currentWrappingKey, dataKey, context);
        MaterialsDescription.Builder description = MaterialsDescription.builder()
                .providerId(PROVIDER_ID)
                .keyId(currentWrappingKey.id())
                .wrappedKey(wrapped)
                .parameter(PARAM_ALGORITHM, currentWrappingKey.algorithm().headerName())
                .parameter(PARAM_SIGNING_KEY, currentSigningKeyId);
        if (ecdsa) {
            description.parameter(PARAM_VERIFICATION_KEY, currentSignatureKeyPairId);
        }
        return EncryptionMaterials.builder()
                .description(description.build())
                .dataKey(SecretBytes.wrap(dataKey))
                .signingKey(currentSigningKey)
                .signatureKeyPair(ecdsa ? currentSignatureKeyPair : null)
                .build();
    }

    @Override
    public DecryptionMaterials decryptionMaterials(EncryptionContext context, MaterialsDescription description) {
        String table = context.tableName();
        if (!PROVIDER_ID.equals(description.providerId())) {
            throw new MaterialsException("wrapped provider: table '" + table + "': item was protected by provider '"
                    + description.providerId() + "' (key '" + description.keyId()
                    + "'), not by a wrapped key; configure that provider for this table");
        }
        WrappingKey key = wrappingKeys.get(description.keyId());
        if (key == null) {
            throw new MaterialsException("wrapped provider: table '" + table + "': item was protected with wrapping key '"
                    + description.keyId() + "', which this provider does not hold (it holds " + wrappingKeys.keySet()
                    + "); add that key with addWrappingKey(...)");
        }
        String alg = description.parameter(PARAM_ALGORITHM).orElse(null);
        if (!key.algorithm().headerName().equals(alg)) {
            throw new MaterialsException("wrapped provider: table '" + table + "': item names wrapping key '" + key.id()
                    + "' with algorithm '" + alg + "', but that key is " + key.algorithm().headerName()
                    + "; two different keys share one id");
        }
        if (!key.canUnwrap()) {
            throw new MaterialsException("wrapped provider: table '" + table + "': wrapping key '" + key.id()
                    + "' has no RSA private key, so this provider can encrypt but not decrypt");
        }
        String signingKeyId = description.parameter(PARAM_SIGNING_KEY).orElse(null);
        SecretBytes signingKey = signingKeyId == null ? null : signingKeys.get(signingKeyId);
        if (signingKey == null) {
            throw new MaterialsException("wrapped provider: table '" + table + "': item was signed with signing key '"
                    + signingKeyId + "', which this provider does not hold (it holds " + signingKeys.keySet()
                    + "); add that key with addSigningKey(...)");
        }
        ECPublicKey verificationKey = null;
        if (context.algorithmSuite().isAsymmetric()) {
            String vk = description.parameter(PARAM_VERIFICATION_KEY).orElse(null);
            verificationKey = vk == null ? null : verificationKeys.get(vk);
            if (verificationKey == null) {
                throw new MaterialsException("wrapped provider: table '" + table + "': item is signed with ECDSA key '"
                        + vk + "', whose public key this provider does not hold (it holds " + verificationKeys.keySet()
                        + "); add the writers' public key with addVerificationKey(id, publicKey)");
            }
        }
        byte[] dataKey = unwrap(key, description.wrappedKey(), table);
        return DecryptionMaterials.builder().dataKey(SecretBytes.wrap(dataKey)).signingKey(signingKey)
                .verificationKey(verificationKey).build();
    }

    private static byte[] wrap(WrappingKey key, byte[] dataKey, EncryptionContext context) {
        try {
            if (key.algorithm() == WrappingKey.Algorithm.AES_KWP) {
                Cipher c = KWP.get();
                byte[] kek = key.aesKey().toByteArray();
                try {
                    c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(kek, "AES"));
                } finally {
                    Arrays.fill(kek, (byte) 0);
                }
                return c.doFinal(dataKey);
            }
            Cipher c = OAEP.get();
            c.init(Cipher.ENCRYPT_MODE, key.publicKey(), OAEP_SHA256);
            return c.doFinal(dataKey);
        } catch (GeneralSecurityException e) {
            throw new MaterialsException("wrapped provider: table '" + context.tableName() + "': wrapping the data key with '"
                    + key.id() + "' failed: " + e.getClass().getSimpleName(), e);
        }
    }

    private static byte[] unwrap(WrappingKey key, byte[] wrapped, String table) {
        try {
            byte[] dataKey;
            if (key.algorithm() == WrappingKey.Algorithm.AES_KWP) {
                Cipher c = KWP.get();
                byte[] kek = key.aesKey().toByteArray();
                try {
                    c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(kek, "AES"));
                } finally {
                    Arrays.fill(kek, (byte) 0);
                }
                dataKey = c.doFinal(wrapped);
            } else {
                Cipher c = OAEP.get();
                c.init(Cipher.DECRYPT_MODE, key.privateKey(), OAEP_SHA256);
                dataKey = c.doFinal(wrapped);
            }
            if (dataKey.length != DATA_KEY_BYTES) {
                Arrays.fill(dataKey, (byte) 0);
                throw new MaterialsException("wrapped provider: table '" + table + "': data key unwrapped with '" + key.id()
                        + "' has the wrong length; the item header is corrupt or another key shares this id");
            }
            return dataKey;
        } catch (GeneralSecurityException e) {
            // Deliberately no detail from the cipher: unwrap failures must not become an oracle.
            throw new MaterialsException("wrapped provider: table '" + table + "': the data key does not unwrap with key '"
                    + key.id() + "'; the item was modified or another key shares this id", e);
        }
    }

    private static Cipher cipher(String transformation) {
        try {
            return Cipher.getInstance(transformation);
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException("this JDK has no " + transformation + " cipher; Coffer needs JDK 17 or later", e);
        }
    }

    @Override
    public String toString() {
        return "WrappedProvider{wrappingKeys=" + wrappingKeys.keySet() + ", current=" + currentWrappingKey.id()
                + ", signingKeys=" + signingKeys.keySet() + ", currentSigning=" + currentSigningKeyId
                + (verificationKeys.isEmpty() ? "" : ", verificationKeys=" + verificationKeys.keySet())
                + (currentSignatureKeyPairId == null ? "" : ", signsWithEcdsa=" + currentSignatureKeyPairId) + "}";
    }

    /** Builds a {@link WrappedProvider}. Not thread-safe. */
    public static final class Builder {
        private final Map<String, WrappingKey> wrappingKeys = new LinkedHashMap<>();
        private final Map<String, SecretBytes> signingKeys = new LinkedHashMap<>();
        private String currentWrappingKeyId;
        private String currentSigningKeyId;
        private final Map<String, ECPublicKey> verificationKeys = new LinkedHashMap<>();
        private String currentSignatureKeyPairId;
        private SignatureKeyPair currentSignatureKeyPair;
        private RandomSource random = RandomSource.system();

        private Builder() {
        }

        /**
         * Writers of a table on the asymmetric suite: the ECDSA P-256 key pair new items are signed
         * with, under {@code id} (written into each item). Its public key is also added as a
         * verification key. One key pair signs; calling this again replaces it (keep the old public
         * key with {@link #addVerificationKey}).
         */
        public Builder addSignatureKeyPair(String id, SignatureKeyPair keyPair) {
            checkId(id, "signature key pair");
            if (keyPair == null) {
                throw new ConfigurationException("wrapped provider: signature key pair '" + id + "' is null");
            }
            ECPublicKey existing = verificationKeys.get(id);
            if (existing != null && !SignatureKeyPair.encodePublicKey(existing).equals(keyPair.publicKeyText())) {
                throw new ConfigurationException("wrapped provider: verification key '" + id + "' is not the public "
                        + "key of signature key pair '" + id + "'; key ids must be unique");
            }
            verificationKeys.put(id, keyPair.publicKey());
            this.currentSignatureKeyPairId = id;
            this.currentSignatureKeyPair = keyPair;
            return this;
        }

        /** Readers of a table on the asymmetric suite: a writer's ECDSA P-256 public key, under its id. */
        public Builder addVerificationKey(String id, PublicKey publicKey) {
            checkId(id, "verification key");
            ECPublicKey key = SignatureKeyPair.checkPublicKey(publicKey);
            ECPublicKey existing = verificationKeys.putIfAbsent(id, key);
            if (existing != null && !SignatureKeyPair.encodePublicKey(existing).equals(SignatureKeyPair.encodePublicKey(key))) {
                throw new ConfigurationException("wrapped provider: two verification keys share the id '" + id
                        + "'; key ids must be unique");
            }
            return this;
        }

        private static void checkId(String id, String what) {
            if (id == null || id.isEmpty() || id.length() > 256 || id.chars().anyMatch(Character::isISOControl)) {
                throw new ConfigurationException("wrapped provider: " + what + " id must be 1 to 256 characters, "
                        + "without control characters");
            }
        }

        /** Adds a wrapping key. The first one added is current unless {@link #currentWrappingKey} says otherwise. */
        public Builder addWrappingKey(WrappingKey key) {
            if (key == null) {
                throw new ConfigurationException("wrapped provider: addWrappingKey(...) needs a key, got null; make one with "
                        + "WrappingKey.aes(...) or WrappingKey.rsa(...)");
            }
            if (wrappingKeys.putIfAbsent(key.id(), key) != null) {
                throw new ConfigurationException("wrapped provider: two wrapping keys share the id '" + key.id()
                        + "'; key ids must be unique");
            }
            return this;
        }

        /** Which wrapping key protects new items. */
        public Builder currentWrappingKey(String id) {
            this.currentWrappingKeyId = id;
            return this;
        }

        /** Adds an HMAC signing key (at least 32 bytes). The first one added is current by default. */
        public Builder addSigningKey(String id, SecretBytes key) {
            if (id == null || id.isEmpty() || id.length() > 256) {
                throw new ConfigurationException("wrapped provider: signing key id must be 1 to 256 characters");
            }
            if (key == null) {
                throw new ConfigurationException("wrapped provider: signing key '" + id + "' is null");
            }
            if (key.length() < MIN_SIGNING_KEY_BYTES) {
                throw new ConfigurationException("wrapped provider: signing key '" + id + "' must be at least "
                        + MIN_SIGNING_KEY_BYTES + " bytes, was " + key.length());
            }
            if (signingKeys.putIfAbsent(id, key) != null) {
                throw new ConfigurationException("wrapped provider: two signing keys share the id '" + id
                        + "'; key ids must be unique");
            }
            return this;
        }

        /** Which signing key signs new items. */
        public Builder currentSigningKey(String id) {
            this.currentSigningKeyId = id;
            return this;
        }

        /** Test seam: a fixed source of data keys. Not API. */
        Builder randomSource(RandomSource random) {
            this.random = random;
            return this;
        }

        public WrappedProvider build() {
            if (wrappingKeys.isEmpty()) {
                throw new ConfigurationException(
                        "wrapped provider: add at least one wrapping key with addWrappingKey(WrappingKey.aes(...))");
            }
            if (signingKeys.isEmpty()) {
                throw new ConfigurationException(
                        "wrapped provider: add a signing key (at least 32 bytes) with addSigningKey(id, key)");
            }
            if (currentWrappingKeyId == null) {
                currentWrappingKeyId = wrappingKeys.keySet().iterator().next();
            }
            if (currentSigningKeyId == null) {
                currentSigningKeyId = signingKeys.keySet().iterator().next();
            }
            if (!wrappingKeys.containsKey(currentWrappingKeyId)) {
                throw new ConfigurationException("wrapped provider: current wrapping key '" + currentWrappingKeyId
                        + "' was not added; the provider holds " + wrappingKeys.keySet());
            }
            if (!signingKeys.containsKey(currentSigningKeyId)) {
                throw new ConfigurationException("wrapped provider: current signing key '" + currentSigningKeyId
                        + "' was not added; the provider holds " + signingKeys.keySet());
            }
            return new WrappedProvider(this);
        }
    }
}
