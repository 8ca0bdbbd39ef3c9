package dev.coffer.internal.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.MessageDigest;
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
    private static final int TAG_BYTES = 16;
    private static final ThreadLocal<Primitives> LOCAL = ThreadLocal.withInitial(Primitives::new);

    private final Mac mac;
    private final Mac signer;
    /** The key {@link #signer} is initialised with (a copy), or null. */
    private byte[] signerKey;
    /** The MAC between {@link #macStart} and {@link #macFinish}. */
    private Mac streaming;
    private Cipher gcm;

    private Primitives() {
        try {
            mac = Mac.getInstance(HMAC);
            signer = Mac.getInstance(HMAC);
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

    /**
     * Starts a streamed HMAC-SHA-256 under {@code key}; feed it with {@link #macUpdate} and end it
     * with {@link #macFinish}. A {@code longLived} key (a provider's configured signing key, the same
     * for many items) is kept in a second MAC between items, so an unchanged key costs one
     * constant-time comparison instead of a {@code Mac.init}; any other key re-keys the main MAC.
     * Like every JCE object here, the long-lived MAC (and the copy of its key it is compared with)
     * lives as long as the thread, as the keyed state of the main MAC and the cipher already does.
     */
    public void macStart(byte[] key, boolean longLived) {
        try {
            if (longLived) {
                if (signerKey == null || !MessageDigest.isEqual(signerKey, key)) {
                    signer.init(new SecretKeySpec(key, HMAC));
                    wipe(signerKey);
                    signerKey = key.clone();
                } else {
                    // Same key: drop whatever an item that failed half-way may have fed it.
                    signer.reset();
                }
                streaming = signer;
            } else {
                mac.init(new SecretKeySpec(key, HMAC));
                streaming = mac;
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 failed", e);
        }
    }

    /** Feeds {@code data[off, off+len)} to the MAC started by {@link #macStart}. */
    public void macUpdate(byte[] data, int off, int len) {
        streaming.update(data, off, len);
    }

    /** Ends the MAC started by {@link #macStart}; returns the 32-byte tag. */
    public byte[] macFinish() {
        byte[] out = streaming.doFinal();
        streaming = null;
        return out;
    }

    /** HKDF-Extract(salt, ikm) = HMAC-SHA-256(salt, ikm). */
    public byte[] hkdfExtract(byte[] salt, byte[] ikm) {
        return hmac(salt, ikm, 0, ikm.length);
    }

    /**
     * Starts HKDF-Expand under {@code prk}: keys this thread's MAC once, so that the following
     * {@link #hkdfExpandNext} calls (one per label) need no further {@code Mac.init}. The MAC keeps
     * its own copy of the key; the caller may wipe {@code prk} afterwards.
     */
    public void hkdfExpandKey(byte[] prk) {
        try {
            mac.init(new SecretKeySpec(prk, HMAC));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF-Expand failed", e);
        }
    }

    /**
     * HKDF-Expand(prk, info, 32) under the key of the last {@link #hkdfExpandKey}, where info =
     * label || suite (two bytes, big-endian). One output block: T(1) = HMAC-SHA-256(prk, info || 0x01).
     * {@code Mac.doFinal} resets the MAC to its keyed state, so consecutive calls share the key.
     */
    public byte[] hkdfExpandNext(byte[] label, int suite) {
        mac.update(label);
        mac.update((byte) (suite >>> 8));
        mac.update((byte) suite);
        mac.update((byte) 0x01);
        byte[] out = mac.doFinal();
        if (out.length != HASH_BYTES) {
            throw new IllegalStateException("unexpected HMAC length " + out.length);
        }
        return out;
    }

    /**
     * AES-256-GCM encryption of {@code pt[off, off+len)} with the additional data
     * {@code aad[aadOff, aadOff+aadLen)}; returns ciphertext followed by the 16-byte tag. The
     * additional data is passed in one piece because the JDK copies it into an internal buffer,
     * which one call sizes exactly and several calls make grow.
     */
    public byte[] gcmEncrypt(SecretKeySpec key, byte[] nonce, byte[] aad, int aadOff, int aadLen, byte[] pt, int off,
            int len) {
        try {
            initEncrypt(key, nonce);
            gcm.updateAAD(aad, aadOff, aadLen);
            return gcm.doFinal(pt, off, len);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * As {@link #gcmEncrypt(SecretKeySpec, byte[], byte[], int, int, byte[], int, int)} for the
     * plaintext {@code first || rest}, without concatenating the two: the first byte goes through
     * {@code update}, the rest through {@code doFinal} where it lies. GCM is a stream mode, so the
     * ciphertext is the same as for the concatenation.
     */
    public byte[] gcmEncrypt(SecretKeySpec key, byte[] nonce, byte[] aad, int aadOff, int aadLen, byte first,
            byte[] rest) {
        try {
            initEncrypt(key, nonce);
            gcm.updateAAD(aad, aadOff, aadLen);
            byte[] out = new byte[1 + rest.length + TAG_BYTES];
            int n = gcm.update(new byte[] {first}, 0, 1, out, 0);
            n += gcm.doFinal(rest, 0, rest.length, out, n);
            if (n != out.length) {
                throw new IllegalStateException("AES-GCM wrote " + n + " bytes, expected " + out.length);
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    private void initEncrypt(SecretKeySpec key, byte[] nonce) throws GeneralSecurityException {
        try {
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
        } catch (InvalidAlgorithmParameterException reuse) {
            // The JDK refuses to encrypt twice in a row with the same key and nonce on one Cipher.
            // Coffer's keys are per item (random 256-bit item id), so this only happens when a
            // test pins the item id; a fresh Cipher keeps that path working.
            gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
        }
    }

    /**
     * AES-256-GCM decryption of ciphertext||tag {@code ct} with the additional data
     * {@code aad[aadOff, aadOff+aadLen)} into {@code out} from {@code outOff}, which must have room
     * for {@code ct.length - 16} bytes; returns the plaintext length. Throws
     * {@link AEADBadTagException} if the tag does not verify; the caller wipes {@code out} either way.
     */
    public int gcmDecrypt(SecretKeySpec key, byte[] nonce, byte[] aad, int aadOff, int aadLen, byte[] ct, byte[] out,
            int outOff) throws AEADBadTagException {
        try {
            gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            gcm.updateAAD(aad, aadOff, aadLen);
            return gcm.doFinal(ct, 0, ct.length, out, outOff);
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
