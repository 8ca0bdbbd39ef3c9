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
    /** HMAC keyed with the last data key seen by {@link #expandStart}, kept while the data key repeats. */
    private final Mac expander;
    private byte[] expanderKey;
    private final MessageDigest sha256;
    /** The key {@link #signer} is initialised with (a copy), or null. */
    private byte[] signerKey;
    /** The MAC between {@link #macStart} and {@link #macFinish}. */
    private Mac streaming;
    private Cipher gcm;

    private Primitives() {
        try {
            mac = Mac.getInstance(HMAC);
            signer = Mac.getInstance(HMAC);
            expander = Mac.getInstance(HMAC);
            sha256 = MessageDigest.getInstance("SHA-256");
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

    /** The first eight bytes of SHA-256({@code data}), big-endian. */
    public long sha256Prefix64(byte[] data) {
        byte[] d = sha256.digest(data);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (d[i] & 0xFF);
        }
        return v;
    }

    /**
     * Starts HKDF-Expand (RFC 5869, section 2.3) with the data key {@code prk} as the pseudorandom
     * key. A data key that repeats from one item to the next (a static provider's, a cached one)
     * keeps its keyed MAC, so an unchanged key costs one constant-time comparison instead of a
     * {@code Mac.init}. The MAC keeps a copy of the key for the life of the thread, as the JCE
     * objects here do; the caller may wipe {@code prk}.
     */
    public void expandStart(byte[] prk) {
        try {
            if (expanderKey == null || !MessageDigest.isEqual(expanderKey, prk)) {
                expander.init(new SecretKeySpec(prk, HMAC));
                wipe(expanderKey);
                expanderKey = prk.clone();
            } else {
                expander.reset();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF-Expand failed", e);
        }
    }

    /**
     * Output block {@code counter} of HKDF-Expand under the key of the last {@link #expandStart}:
     * T(counter) = HMAC(PRK, T(counter - 1) || info || counter), with T(0) empty ({@code previous}
     * null). {@code Mac.doFinal} resets the MAC to its keyed state, so blocks share the key.
     */
    public byte[] expandBlock(byte[] previous, byte[] info, int counter) {
        if (previous != null) {
            expander.update(previous);
        }
        expander.update(info);
        expander.update((byte) counter);
        byte[] out = expander.doFinal();
        if (out.length != HASH_BYTES) {
            throw new IllegalStateException("unexpected HMAC length " + out.length);
        }
        return out;
    }

    /**
     * AES-256-GCM encryption of {@code pt[off, off+len)} with the additional data
     * {@code aad[aadOff, aadOff+aadLen)} into {@code out} from {@code outOff}: ciphertext, then the
     * 16-byte tag. The JDK refuses to encrypt twice in a row under the same key and nonce on one
     * {@code Cipher}; that refusal is never worked around (it means an item id repeated) and
     * surfaces as {@link NonceReuseException}.
     */
    public void gcmEncrypt(SecretKeySpec key, byte[] nonce, byte[] aad, int aadOff, int aadLen, byte[] pt, int off,
            int len, byte[] out, int outOff) {
        try {
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
        } catch (InvalidAlgorithmParameterException reuse) {
            throw new NonceReuseException();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM initialisation failed", e);
        }
        try {
            gcm.updateAAD(aad, aadOff, aadLen);
            int n = gcm.doFinal(pt, off, len, out, outOff);
            if (n != len + TAG_BYTES) {
                throw new IllegalStateException("AES-GCM wrote " + n + " bytes, expected " + (len + TAG_BYTES));
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * AES-256-GCM decryption of ciphertext||tag {@code ct[ctOff, ctOff+ctLen)} with the additional
     * data {@code aad[aadOff, aadOff+aadLen)} into {@code out} from {@code outOff}, which must have
     * room for {@code ctLen - 16} bytes; returns the plaintext length. One {@code doFinal}: the JDK
     * releases no plaintext before the tag verifies. Throws {@link AEADBadTagException} if it does
     * not; the caller wipes {@code out} either way.
     */
    public int gcmDecrypt(SecretKeySpec key, byte[] nonce, byte[] aad, int aadOff, int aadLen, byte[] ct, int ctOff,
            int ctLen, byte[] out, int outOff) throws AEADBadTagException {
        try {
            gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            gcm.updateAAD(aad, aadOff, aadLen);
            return gcm.doFinal(ct, ctOff, ctLen, out, outOff);
        } catch (AEADBadTagException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption failed", e);
        }
    }

    /**
     * Starts a streamed AES-256-GCM encryption under {@code key} and {@code nonce} with the additional
     * data {@code aad[aadOff, aadOff+aadLen)}; feed the plaintext with {@link #gcmEncryptUpdate} and end
     * with {@link #gcmEncryptFinish}. The concatenated outputs are exactly what one
     * {@link #gcmEncrypt} call produces. Same refusal of a repeated key and nonce.
     */
    public void gcmEncryptStart(SecretKeySpec key, byte[] nonce, byte[] aad, int aadOff, int aadLen) {
        try {
            gcm.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
        } catch (InvalidAlgorithmParameterException reuse) {
            throw new NonceReuseException();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM initialisation failed", e);
        }
        gcm.updateAAD(aad, aadOff, aadLen);
    }

    /** Encrypts {@code in[off, off+len)} into {@code out} from {@code outOff}; returns the bytes written. */
    public int gcmEncryptUpdate(byte[] in, int off, int len, byte[] out, int outOff) {
        try {
            return gcm.update(in, off, len, out, outOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** Encrypts the last {@code in[off, off+len)} and appends the tag; returns the bytes written. */
    public int gcmEncryptFinish(byte[] in, int off, int len, byte[] out, int outOff) {
        try {
            return gcm.doFinal(in, off, len, out, outOff);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** The JDK refused an AES-GCM encryption because key and nonce repeated: an item id repeated. */
    public static final class NonceReuseException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NonceReuseException() {
            super("AES-GCM key and nonce repeated", null, false, false);
        }
    }

    /** Zeroes {@code b} if not null. */
    public static void wipe(byte[] b) {
        if (b != null) {
            Arrays.fill(b, (byte) 0);
        }
    }
}
