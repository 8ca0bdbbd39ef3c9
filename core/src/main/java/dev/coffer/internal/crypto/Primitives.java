package dev.coffer.internal.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * JCE primitives Coffer composes: HMAC-SHA-256, HKDF-SHA-256 (RFC 5869) and AES-256-GCM. One
 * instance per thread ({@link #get()}), because {@code Cipher} and {@code Mac} objects are not
 * thread-safe and expensive to look up. Not API.
 */
public final class Primitives {
    private static final String HMAC = "HmacSHA256";
    private static final int HASH_BYTES = 32;
    private static final ThreadLocal<Primitives> LOCAL = ThreadLocal.withInitial(Primitives::new);

    private final Mac mac;
    private Cipher gcm;

    private Primitives() {
        try {
            mac = Mac.getInstance(HMAC);
            gcm = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK lacks HmacSHA256 or AES/GCM/NoPadding", e);
        }
    }

    /** This thread's instance. Do not hold it across calls that may re-enter Coffer. */
    public static Primitives get() {
        return LOCAL.get();
    }

    /** HMAC-SHA-256 of {@code data[off, off+len)} under {@code key}. */
    public byte[] hmac(byte[] key, byte[] data, int off, int len) {
        try {
            mac.init(new SecretKeySpec(key, HMAC));
            mac.update(data, off, len);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 failed", e);
        }
    }

    /** HKDF-Extract(salt, ikm) = HMAC-SHA-256(salt, ikm). */
    public byte[] hkdfExtract(byte[] salt, byte[] ikm) {
        return hmac(salt, ikm, 0, ikm.length);
    }

    /**
     * HKDF-Expand(prk, info, 32) where info = label || suite (two bytes, big-endian). One output
     * block: T(1) = HMAC-SHA-256(prk, info || 0x01).
     */
    public byte[] hkdfExpand32(byte[] prk, byte[] label, int suite) {
        try {
            mac.init(new SecretKeySpec(prk, HMAC));
            mac.update(label);
            mac.update((byte) (suite >>> 8));
            mac.update((byte) suite);
            mac.update((byte) 0x01);
            byte[] out = mac.doFinal();
            if (out.length != HASH_BYTES) {
                throw new IllegalStateException("unexpected HMAC length " + out.length);
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF-Expand failed", e);
        }
    }

    /**
     * AES-256-GCM encryption with additional data {@code aad1 || aad2 || aad3}; returns ciphertext
     * followed by the 16-byte tag.
     */
    public byte[] gcmEncrypt(SecretKeySpec key, byte[] nonce, byte[] aad1, byte[] aad2, byte[] aad3, byte[] pt, int off,
            int len) {
        try {
            try {
                gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            } catch (InvalidAlgorithmParameterException reuse) {
                // The JDK refuses to encrypt twice in a row with the same key and nonce on one Cipher.
                // Coffer's keys are per item (random 256-bit item id), so this only happens when a
                // test pins the item id; a fresh Cipher keeps that path working.
                gcm = Cipher.getInstance("AES/GCM/NoPadding");
                gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            }
            gcm.updateAAD(aad1);
            gcm.updateAAD(aad2);
            gcm.updateAAD(aad3);
            return gcm.doFinal(pt, off, len);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** AES-256-GCM decryption of ciphertext||tag; throws {@link AEADBadTagException} if it does not verify. */
    public byte[] gcmDecrypt(SecretKeySpec key, byte[] nonce, byte[] aad1, byte[] aad2, byte[] aad3, byte[] ct)
            throws AEADBadTagException {
        try {
            gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            gcm.updateAAD(aad1);
            gcm.updateAAD(aad2);
            gcm.updateAAD(aad3);
            return gcm.doFinal(ct);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    /** Zeroes {@code b} if not null. */
    public static void wipe(byte[] b) {
        if (b != null) {
            Arrays.fill(b, (byte) 0);
        }
    }
}
