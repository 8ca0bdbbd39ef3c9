package dev.coffer.legacy.internal;

import dev.coffer.ConfigurationException;
import dev.coffer.IntegrityException;
import dev.coffer.InvalidItemException;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * The JCE operations of the legacy format, with the algorithm names it records mapped to an
 * allow-list: HMAC and RSA signature verification, AES-CBC value decryption, AESWrap and RSA-OAEP
 * key unwrapping. Nothing here accepts an algorithm name it was not written for.
 *
 * <p>Thread-safety: stateless; a fresh JCE object per call.
 */
public final class LegacyCrypto {
    /** Material description entry: the signature algorithm of RSA-signed items. */
    public static final String SIGNING_ALG = "amzn-ddb-map-signingAlg";
    /** Material description entry: the mode appended to the content key's algorithm. */
    public static final String SYM_MODE = "amzn-ddb-map-sym-mode";
    /** Material description entry: the wrapped (or KMS-encrypted) content key, base64. */
    public static final String ENVELOPE_KEY = "amzn-ddb-env-key";
    /** Material description entry: the content key's algorithm, e.g. {@code AES} or {@code AES/256}. */
    public static final String CONTENT_KEY_ALG = "amzn-ddb-env-alg";
    /** Material description entry: the key wrapping algorithm, e.g. {@code AESWrap}. */
    public static final String WRAPPING_ALG = "amzn-ddb-wrap-alg";

    /** The only value mode the legacy client writes. */
    static final String CBC_MODE = "/CBC/PKCS5Padding";
    private static final String DEFAULT_RSA_SIGNATURE = "SHA256withRSA";
    private static final Set<String> HMACS = Set.of("HmacSHA1", "HmacSHA224", "HmacSHA256", "HmacSHA384", "HmacSHA512");
    private static final Set<String> RSA_SIGNATURES = Set.of("SHA256withRSA", "SHA384withRSA", "SHA512withRSA");
    /** OAEP transformations as Java's JCE reads them: the named digest for OAEP, SHA-1 for MGF1. */
    private static final Map<String, String> OAEP_DIGESTS = Map.of(
            "RSA/ECB/OAEPWithSHA-1AndMGF1Padding", "SHA-1",
            "RSA/ECB/OAEPWithSHA-256AndMGF1Padding", "SHA-256",
            "RSA/ECB/OAEPWithSHA-384AndMGF1Padding", "SHA-384",
            "RSA/ECB/OAEPWithSHA-512AndMGF1Padding", "SHA-512");

    private LegacyCrypto() {
    }

    /**
     * Decodes a base64 entry of the description. Older legacy Java versions wrote MIME-style base64
     * (lines of 76 characters ending in CRLF); only those line breaks are skipped, nothing else.
     */
    static byte[] base64(String s) {
        return Base64.getDecoder().decode(s.replace("\r", "").replace("\n", ""));
    }

    /** Checks a configured verification key: an HMAC {@link SecretKey} or an RSA {@link PublicKey}. */
    public static void checkVerificationKey(Key key, String what) {
        if (key instanceof SecretKey s) {
            if (!HMACS.contains(s.getAlgorithm())) {
                throw new ConfigurationException(what + ": an HMAC verification key must have algorithm "
                        + HMACS.stream().sorted().toList() + " (the legacy client takes the MAC from the key's "
                        + "algorithm), not '" + s.getAlgorithm() + "'; build it with new SecretKeySpec(bytes, \"HmacSHA256\")");
            }
            if (s.getEncoded() == null || s.getEncoded().length == 0) {
                throw new ConfigurationException(what + ": the HMAC key has no encoded bytes (a hardware key cannot be used)");
            }
        } else if (key instanceof PublicKey p) {
            if (!"RSA".equals(p.getAlgorithm())) {
                throw new ConfigurationException(what + ": a signature verification key must be an RSA public key, not "
                        + p.getAlgorithm());
            }
        } else {
            throw new ConfigurationException(what + ": the verification key must be an HMAC SecretKey or an RSA PublicKey"
                    + (key == null ? ", not null" : ", not a " + key.getClass().getSimpleName()));
        }
    }

    /** Checks a configured AES key (16, 24 or 32 bytes). */
    public static void checkAesKey(SecretKey key, String what) {
        if (key == null) {
            throw new ConfigurationException(what + ": the AES key must not be null");
        }
        byte[] b = key.getEncoded();
        if (!"AES".equalsIgnoreCase(key.getAlgorithm()) || b == null || (b.length != 16 && b.length != 24 && b.length != 32)) {
            throw new ConfigurationException(what + ": expected an AES key of 128, 192 or 256 bits (algorithm 'AES'), got "
                    + key.getAlgorithm() + (b == null ? "" : " of " + b.length * 8 + " bits"));
        }
    }

    /**
     * Verifies {@code signature} over {@code stringToSign}: HMAC with the key's algorithm, compared in
     * constant time, or the RSA signature algorithm the description names (default SHA256withRSA).
     */
    public static void verify(ItemContext ctx, Key key, byte[] stringToSign, byte[] signature, String signatureAttribute) {
        String fail = ctx.where() + "attribute '" + signatureAttribute + "': ";
        try {
            if (key instanceof SecretKey s) {
                if (!HMACS.contains(s.getAlgorithm())) {
                    throw new InvalidItemException(fail + "keys with MAC algorithm '" + s.getAlgorithm() + "' are not supported");
                }
                Mac mac = Mac.getInstance(s.getAlgorithm());
                mac.init(s);
                byte[] expected = mac.doFinal(stringToSign);
                if (!MessageDigest.isEqual(expected, signature)) {
                    throw new IntegrityException(fail + "the HMAC signature does not verify: the item was changed, moved "
                            + "from another table, or written with other keys");
                }
            } else if (key instanceof PublicKey p) {
                String alg = ctx.description().getOrDefault(SIGNING_ALG, DEFAULT_RSA_SIGNATURE);
                if (!RSA_SIGNATURES.contains(alg)) {
                    throw new InvalidItemException(fail + "signature algorithm '" + alg + "' is not supported (expected one of "
                            + RSA_SIGNATURES.stream().sorted().toList() + ")");
                }
                Signature sig = Signature.getInstance(alg);
                sig.initVerify(p);
                sig.update(stringToSign);
                boolean ok;
                try {
                    ok = sig.verify(signature);
                } catch (java.security.SignatureException e) {
                    ok = false;
                }
                if (!ok) {
                    throw new IntegrityException(fail + "the " + alg + " signature does not verify: the item was changed, "
                            + "moved from another table, or written with other keys");
                }
            } else {
                throw new IllegalStateException("verification key of unexpected type");
            }
        } catch (InvalidKeyException e) {
            throw new dev.coffer.MaterialsException(fail + "the verification key was refused by the JCE: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks an algorithm the legacy format uses", e);
        }
    }

    /** Decrypts one stored value: a 16-byte IV, then AES/CBC/PKCS5Padding ciphertext. */
    public static byte[] decryptValue(ItemContext ctx, String attribute, SecretKey key, byte[] stored) {
        String where = ctx.where() + "attribute '" + attribute + "': ";
        if (stored.length < 32 || stored.length % 16 != 0) {
            throw new IntegrityException(where + "the encrypted value is " + stored.length
                    + " bytes, not an IV and whole AES blocks");
        }
        try {
            Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
            c.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(stored, 0, 16));
            return c.doFinal(stored, 16, stored.length - 16);
        } catch (javax.crypto.BadPaddingException | javax.crypto.IllegalBlockSizeException e) {
            throw new IntegrityException(where + "the encrypted value does not decrypt (wrong key, or a material "
                    + "description swapped in from another item)");
        } catch (InvalidKeyException e) {
            throw new dev.coffer.MaterialsException(where + "the content key was refused by the JCE: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks AES/CBC/PKCS5Padding", e);
        }
    }

    /** Checks the description's value mode: the legacy client only writes {@code /CBC/PKCS5Padding}. */
    public static void checkMode(ItemContext ctx) {
        String mode = ctx.description().get(SYM_MODE);
        if (!CBC_MODE.equals(mode)) {
            throw new InvalidItemException(ctx.where() + "material description entry '" + SYM_MODE + "' is "
                    + (mode == null ? "missing" : "'" + mode + "'") + "; encrypted values must be " + CBC_MODE);
        }
    }

    /**
     * Unwraps the content key recorded in the description ({@code amzn-ddb-env-key}) with
     * {@code unwrappingKey}: AESWrap under an AES key, RSA-OAEP under an RSA private key.
     */
    public static SecretKey unwrap(ItemContext ctx, Key unwrappingKey) {
        Map<String, String> d = ctx.description();
        String where = ctx.where();
        String wrapped = d.get(ENVELOPE_KEY);
        if (wrapped == null) {
            throw new InvalidItemException(where + "material description has no '" + ENVELOPE_KEY
                    + "' (not written by a wrapped or most-recent provider; configure the legacy keys the table was written with)");
        }
        String contentAlg = d.getOrDefault(CONTENT_KEY_ALG, "");
        if (!contentAlg.split("/", 2)[0].equalsIgnoreCase("AES")) {
            throw new InvalidItemException(where + "content key algorithm '" + contentAlg + "' is not supported (only AES)");
        }
        byte[] blob;
        try {
            blob = LegacyCrypto.base64(wrapped);
        } catch (IllegalArgumentException e) {
            throw new InvalidItemException(where + "material description entry '" + ENVELOPE_KEY + "' is not base64");
        }
        boolean aes = unwrappingKey instanceof SecretKey;
        // Without an entry the legacy client unwraps with Cipher.getInstance(<the key's algorithm>):
        // "RSA" (PKCS#1 v1.5 in SunJCE) or "AES" (ECB with PKCS#5 padding), as early versions wrote.
        String alg = d.getOrDefault(WRAPPING_ALG, aes ? "AES" : "RSA");
        try {
            if (aes) {
                if (alg.equals("AESWrap")) {
                    Cipher c = Cipher.getInstance("AESWrap");
                    c.init(Cipher.UNWRAP_MODE, unwrappingKey);
                    return checkContentKey(where, c.unwrap(blob, "AES", Cipher.SECRET_KEY));
                }
                if (alg.equals("AES") || alg.equals("AES/ECB/PKCS5Padding")) {
                    return implicitlyRejected("AES/ECB/PKCS5Padding", unwrappingKey, blob);
                }
                throw new InvalidItemException(where + "wrapping algorithm '" + alg
                        + "' does not fit the configured AES wrapping key (expected AESWrap)");
            }
            if (alg.equals("RSA") || alg.equals("RSA/ECB/PKCS1Padding")) {
                return implicitlyRejected("RSA/ECB/PKCS1Padding", unwrappingKey, blob);
            }
            String digest = OAEP_DIGESTS.get(alg);
            if (digest == null) {
                throw new InvalidItemException(where + "wrapping algorithm '" + alg + "' is not supported with an RSA "
                        + "key (expected one of " + OAEP_DIGESTS.keySet().stream().sorted().toList() + ")");
            }
            return checkContentKey(where, oaepUnwrap((PrivateKey) unwrappingKey, digest, blob));
        } catch (InvalidKeyException e) {
            throw new IntegrityException(where + "the content key in '" + ENVELOPE_KEY + "' does not unwrap with the "
                    + "configured key (" + alg.toLowerCase(Locale.ROOT) + "): the item was written with other keys or its "
                    + "material description was changed");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks " + alg, e);
        }
    }

    /**
     * Unwrapping with a padding that could serve as an oracle (PKCS#1 v1.5, or ECB with PKCS#5
     * padding): the description is not signed, so whoever can write to the table can put any bytes
     * there and watch the error. A padding failure is therefore not reported: a random key takes
     * the unwrapped key's place (implicit rejection), and the item then fails exactly like an item
     * under a wrong key, when its values do not decrypt.
     */
    private static SecretKey implicitlyRejected(String transformation, Key key, byte[] blob) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance(transformation);
        c.init(Cipher.DECRYPT_MODE, key);
        byte[] raw;
        try {
            raw = c.doFinal(blob);
        } catch (javax.crypto.BadPaddingException | javax.crypto.IllegalBlockSizeException e) {
            raw = null;
        }
        if (raw == null || (raw.length != 16 && raw.length != 24 && raw.length != 32)) {
            raw = new byte[32];
            new java.security.SecureRandom().nextBytes(raw);
        }
        return new SecretKeySpec(raw, "AES");
    }

    /**
     * RSA-OAEP unwrapping of a legacy content key. The transformation name the item records,
     * {@code RSA/ECB/OAEPWith<digest>AndMGF1Padding}, means MGF1 with SHA-1 in the JDK's SunJCE
     * provider (the legacy client's usual setting) but MGF1 with the same digest in Bouncy Castle's,
     * which a Java application could have installed first: items of both exist (the published
     * vectors hold both). SunJCE's reading is tried first; both are OAEP, so neither accepts a
     * ciphertext that was not made for this key, and the key then still has to decrypt values of an
     * item whose signature verified.
     */
    private static Key oaepUnwrap(PrivateKey key, String digest, byte[] blob)
            throws GeneralSecurityException {
        MGF1ParameterSpec[] mgfs = digest.equals("SHA-1") ? new MGF1ParameterSpec[] {MGF1ParameterSpec.SHA1}
                : new MGF1ParameterSpec[] {MGF1ParameterSpec.SHA1, new MGF1ParameterSpec(digest)};
        for (MGF1ParameterSpec mgf : mgfs) {
            Cipher c = Cipher.getInstance("RSA/ECB/OAEPPadding");
            c.init(Cipher.UNWRAP_MODE, key, new OAEPParameterSpec(digest, "MGF1", mgf, PSource.PSpecified.DEFAULT));
            try {
                return c.unwrap(blob, "AES", Cipher.SECRET_KEY);
            } catch (InvalidKeyException e) {
                // Not this reading; try the next, then fail below.
            }
        }
        throw new InvalidKeyException("OAEP unwrapping failed");
    }

    private static SecretKey checkContentKey(String where, Key k) {
        byte[] raw = k.getEncoded();
        if (raw.length != 16 && raw.length != 24 && raw.length != 32) {
            throw new IntegrityException(where + "the unwrapped content key is " + raw.length + " bytes, not an AES key");
        }
        return new SecretKeySpec(raw, "AES");
    }
}
