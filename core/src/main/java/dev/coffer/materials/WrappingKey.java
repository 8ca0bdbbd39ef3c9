package dev.coffer.materials;

import dev.coffer.ConfigurationException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;

/**
 * A named key that wraps (encrypts) per-item data keys for the {@link WrappedProvider}: either an
 * AES-256 key used with AES key wrap with padding (RFC 5649), or an RSA key pair (2048 bits or more)
 * used with RSA-OAEP, SHA-256 and MGF1-SHA-256.
 *
 * <p>An RSA wrapping key without its private key can encrypt but not decrypt, for write-only
 * producers.
 *
 * <pre>{@code
 * WrappingKey aes = WrappingKey.aes("wk-2026-01", SecretBytes.random(32));
 * WrappingKey rsa = WrappingKey.rsa("rsa-2026", (RSAPublicKey) pair.getPublic(), (RSAPrivateKey) pair.getPrivate());
 * }</pre>
 *
 * <p>Thread-safety: immutable.
 */
public final class WrappingKey {
    /** How a wrapping key wraps data keys; the name is stored in each item's header. */
    public enum Algorithm {
        /** AES-256 key wrap with padding, RFC 5649 (JCE {@code AES/KWP/NoPadding}). */
        AES_KWP("AES-KWP"),
        /** RSA-OAEP with SHA-256 and MGF1-SHA-256 (RFC 8017). */
        RSA_OAEP_SHA256("RSA-OAEP-SHA256");

        private final String headerName;

        Algorithm(String headerName) {
            this.headerName = headerName;
        }

        /** The name written to the {@code alg} parameter of the materials description. */
        public String headerName() {
            return headerName;
        }

        static Optional<Algorithm> fromHeaderName(String name) {
            for (Algorithm a : values()) {
                if (a.headerName.equals(name)) {
                    return Optional.of(a);
                }
            }
            return Optional.empty();
        }
    }

    private static final int MIN_RSA_BITS = 2048;

    private final String id;
    private final Algorithm algorithm;
    private final SecretBytes aesKey;
    private final RSAPublicKey publicKey;
    private final RSAPrivateKey privateKey;

    private WrappingKey(String id, Algorithm algorithm, SecretBytes aesKey, RSAPublicKey publicKey,
            RSAPrivateKey privateKey) {
        this.id = checkId(id);
        this.algorithm = algorithm;
        this.aesKey = aesKey;
        this.publicKey = publicKey;
        this.privateKey = privateKey;
    }

    /** An AES-256 wrapping key (exactly 32 bytes). */
    public static WrappingKey aes(String id, SecretBytes key) {
        if (key == null) {
            throw new ConfigurationException("wrapping key '" + id + "': the AES key is missing");
        }
        if (key.length() != 32) {
            throw new ConfigurationException("wrapping key '" + id + "': AES wrapping keys must be 32 bytes (AES-256), was "
                    + key.length());
        }
        return new WrappingKey(id, Algorithm.AES_KWP, key, null, null);
    }

    /** An RSA wrapping key pair; {@code privateKey} may be null for an encrypt-only provider. */
    public static WrappingKey rsa(String id, RSAPublicKey publicKey, RSAPrivateKey privateKey) {
        if (publicKey == null) {
            throw new ConfigurationException("wrapping key '" + id + "': the RSA public key is missing");
        }
        if (publicKey.getModulus().bitLength() < MIN_RSA_BITS) {
            throw new ConfigurationException("wrapping key '" + id + "': RSA keys must have at least " + MIN_RSA_BITS
                    + " bits, was " + publicKey.getModulus().bitLength());
        }
        if (privateKey != null && !privateKey.getModulus().equals(publicKey.getModulus())) {
            throw new ConfigurationException("wrapping key '" + id + "': the RSA private key does not belong to the public key");
        }
        return new WrappingKey(id, Algorithm.RSA_OAEP_SHA256, null, publicKey, privateKey);
    }

    private static String checkId(String id) {
        if (id == null || id.isEmpty() || id.length() > 256) {
            throw new ConfigurationException("wrapping key id must be 1 to 256 characters, was '" + id + "'");
        }
        return id;
    }

    public String id() {
        return id;
    }

    public Algorithm algorithm() {
        return algorithm;
    }

    /** Whether this key can unwrap (AES keys always; RSA keys only with the private key). */
    public boolean canUnwrap() {
        return algorithm == Algorithm.AES_KWP || privateKey != null;
    }

    SecretBytes aesKey() {
        return aesKey;
    }

    RSAPublicKey publicKey() {
        return publicKey;
    }

    RSAPrivateKey privateKey() {
        return privateKey;
    }

    @Override
    public String toString() {
        return "WrappingKey{id=" + id + ", algorithm=" + algorithm.headerName + "}";
    }
}
