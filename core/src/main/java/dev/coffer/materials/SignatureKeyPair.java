package dev.coffer.materials;

import dev.coffer.ConfigurationException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * An ECDSA P-256 key pair for the asymmetric suite
 * ({@link dev.coffer.AlgorithmSuite#AES_GCM_HMAC_SHA256_ECDSA_P256}): writers sign items with the
 * private key, readers verify with the public key only. The private key never leaves this object
 * except into a JCE {@link Signature} ({@link #initSign}); it is never written anywhere by Coffer.
 *
 * <p>Public keys have a text form ({@link #encodePublicKey}): the 33-byte SEC 1 compressed point,
 * in standard base64 (44 characters). That is what the KMS provider puts into the KMS encryption
 * context and the item header (docs/FORMAT.md, section 6a), and what {@code coffer keygen} prints.
 *
 * <pre>{@code
 * SignatureKeyPair writerKeys = SignatureKeyPair.generate();      // or SignatureKeyPair.of(keyPairFromYourVault)
 * ECPublicKey readersGetThis = writerKeys.publicKey();
 * }</pre>
 *
 * <p>Thread-safety: immutable; safe to share. {@code toString} names the public key only.
 */
public final class SignatureKeyPair {
    /** The JCE signature algorithm: ECDSA with SHA-256, signature as r || s (32 bytes each). */
    public static final String JCE_ALGORITHM = "SHA256withECDSAinP1363Format";
    /** The length of a signature, in bytes. */
    public static final int SIGNATURE_BYTES = 64;
    /** The length of a compressed public key, in bytes. */
    public static final int PUBLIC_KEY_BYTES = 33;

    private static final ECParameterSpec P256 = p256();
    private static final BigInteger P = ((ECFieldFp) P256.getCurve().getField()).getP();
    private static final BigInteger SQRT_EXPONENT = P.add(BigInteger.ONE).shiftRight(2);

    private final ECPrivateKey privateKey;
    private final ECPublicKey publicKey;

    private SignatureKeyPair(ECPrivateKey privateKey, ECPublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** A fresh P-256 key pair from the platform's secure random source. */
    public static SignatureKeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair kp = g.generateKeyPair();
            return new SignatureKeyPair((ECPrivateKey) kp.getPrivate(), (ECPublicKey) kp.getPublic());
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException("this JDK cannot generate EC P-256 keys (secp256r1); Coffer needs JDK 17 or "
                    + "later with the SunEC provider", e);
        }
    }

    /**
     * Wraps an existing P-256 key pair (e.g. loaded from a keystore or a secrets manager). Checks
     * that both keys are EC P-256 and belong together (by signing and verifying once).
     *
     * @throws ConfigurationException if they are not
     */
    public static SignatureKeyPair of(KeyPair keyPair) {
        if (keyPair == null || !(keyPair.getPrivate() instanceof ECPrivateKey)
                || !(keyPair.getPublic() instanceof ECPublicKey)) {
            throw new ConfigurationException("signature key pair: need an EC (P-256) key pair, got "
                    + (keyPair == null ? "null" : keyPair.getPrivate() == null ? "no private key"
                            : keyPair.getPrivate().getAlgorithm()));
        }
        ECPrivateKey priv = (ECPrivateKey) keyPair.getPrivate();
        ECPublicKey pub = checkPublicKey(keyPair.getPublic());
        if (!isP256(priv.getParams())) {
            throw new ConfigurationException("signature key pair: the private key is not on curve P-256 (secp256r1)");
        }
        try {
            byte[] probe = "coffer/2/key-pair-check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(JCE_ALGORITHM);
            s.initSign(priv);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(JCE_ALGORITHM);
            v.initVerify(pub);
            v.update(probe);
            if (!v.verify(sig)) {
                throw new ConfigurationException("signature key pair: the public key does not belong to the private key");
            }
        } catch (GeneralSecurityException e) {
            throw new ConfigurationException("signature key pair: the keys cannot sign with " + JCE_ALGORITHM, e);
        }
        return new SignatureKeyPair(priv, pub);
    }

    /** The public key: what readers are configured with. */
    public ECPublicKey publicKey() {
        return publicKey;
    }

    /** {@link #encodePublicKey} of {@link #publicKey()}. */
    public String publicKeyText() {
        return encodePublicKey(publicKey);
    }

    /**
     * Initializes {@code signature} (a {@value #JCE_ALGORITHM} instance) for signing with the
     * private key. This is the only way the private key is used.
     */
    public void initSign(Signature signature) throws InvalidKeyException {
        signature.initSign(privateKey);
    }

    /**
     * The text form of a P-256 public key: standard base64 (with padding) of its SEC 1 compressed
     * encoding, {@code 0x02 | (y & 1)} followed by the 32-byte big-endian x coordinate.
     *
     * @throws ConfigurationException if {@code key} is not an EC P-256 public key
     */
    public static String encodePublicKey(PublicKey key) {
        return Base64.getEncoder().encodeToString(compressed(checkPublicKey(key)));
    }

    /** The 33-byte compressed encoding of a P-256 public key. */
    public static byte[] compressed(ECPublicKey key) {
        ECPoint w = checkPublicKey(key).getW();
        byte[] out = new byte[PUBLIC_KEY_BYTES];
        out[0] = (byte) (w.getAffineY().testBit(0) ? 0x03 : 0x02);
        byte[] x = w.getAffineX().toByteArray();
        int len = Math.min(x.length, 32);
        System.arraycopy(x, x.length - len, out, PUBLIC_KEY_BYTES - len, len);
        return out;
    }

    /**
     * Reads the text form of {@link #encodePublicKey}: checks the base64, the length, the prefix,
     * that x is a field element and that the point is on the curve.
     *
     * @throws IllegalArgumentException naming what is wrong, if {@code text} is not a P-256 public key
     */
    public static ECPublicKey decodePublicKey(String text) {
        if (text == null || text.length() != 44) {
            throw new IllegalArgumentException("a P-256 public key is 44 characters of base64 (33 bytes, compressed)");
        }
        byte[] b;
        try {
            b = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("public key is not base64");
        }
        if (!Base64.getEncoder().encodeToString(b).equals(text)) {
            throw new IllegalArgumentException("public key is not in canonical base64");
        }
        return decodeCompressed(b);
    }

    /** Reads a 33-byte SEC 1 compressed P-256 point; see {@link #decodePublicKey}. */
    public static ECPublicKey decodeCompressed(byte[] b) {
        if (b.length != PUBLIC_KEY_BYTES || (b[0] != 0x02 && b[0] != 0x03)) {
            throw new IllegalArgumentException("a compressed P-256 public key is 33 bytes starting with 02 or 03");
        }
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(b, 1, PUBLIC_KEY_BYTES));
        if (x.compareTo(P) >= 0) {
            throw new IllegalArgumentException("public key x coordinate is not below the field prime");
        }
        BigInteger rhs = x.pow(3).add(P256.getCurve().getA().multiply(x)).add(P256.getCurve().getB()).mod(P);
        // p = 3 mod 4 for P-256, so a square root of rhs, if there is one, is rhs^((p+1)/4).
        BigInteger y = rhs.modPow(SQRT_EXPONENT, P);
        if (!y.multiply(y).mod(P).equals(rhs)) {
            throw new IllegalArgumentException("public key is not a point on P-256");
        }
        if (y.testBit(0) != (b[0] == 0x03)) {
            y = P.subtract(y).mod(P);
        }
        if (y.testBit(0) != (b[0] == 0x03)) {
            throw new IllegalArgumentException("public key is not a point on P-256");
        }
        try {
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), P256));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("public key is not accepted by the JDK: " + e.getClass().getSimpleName());
        }
    }

    /**
     * Checks that {@code key} is an EC public key on P-256.
     *
     * @throws ConfigurationException if it is not
     */
    public static ECPublicKey checkPublicKey(PublicKey key) {
        if (!(key instanceof ECPublicKey) || !isP256(((ECPublicKey) key).getParams())) {
            throw new ConfigurationException("signature public key: need an EC P-256 (secp256r1) public key, got "
                    + (key == null ? "null" : key.getAlgorithm() + (key instanceof ECPublicKey ? " on another curve" : "")));
        }
        return (ECPublicKey) key;
    }

    private static boolean isP256(ECParameterSpec s) {
        return s != null && s.getCurve().equals(P256.getCurve()) && s.getGenerator().equals(P256.getGenerator())
                && s.getOrder().equals(P256.getOrder()) && s.getCofactor() == P256.getCofactor();
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec("secp256r1"));
            return p.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Names the public key only. */
    @Override
    public String toString() {
        return "SignatureKeyPair{publicKey=" + publicKeyText() + "}";
    }
}
