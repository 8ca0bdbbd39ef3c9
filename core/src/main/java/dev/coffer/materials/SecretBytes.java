package dev.coffer.materials;

import dev.coffer.ConfigurationException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * Secret key bytes: a data key, an HMAC signing key or a wrapping key.
 *
 * <p>The bytes never appear in {@code toString}, and {@code equals}/{@code hashCode} are identity
 * based, so a secret cannot leak through logging or collections by accident. The only ways to read
 * the bytes are {@link #toByteArray()}, which returns a copy the caller must wipe, and
 * {@link #equalsSecret(SecretBytes)}, which compares in constant time. {@link #destroy()} zeroes the
 * bytes; any later use throws {@link IllegalStateException}.
 *
 * <pre>{@code
 * SecretBytes key = SecretBytes.random(32);          // fresh key from a SecureRandom
 * SecretBytes loaded = SecretBytes.copyOf(bytes);    // wraps a copy of bytes you hold
 * Arrays.fill(bytes, (byte) 0);                      // wipe your own copy
 * }</pre>
 *
 * <p>Thread-safety: safe to share; {@link #destroy()} while another thread reads it is the
 * caller's race to avoid.
 */
public final class SecretBytes implements Destroyable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] bytes;
    private volatile boolean destroyed;

    private SecretBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A secret holding a copy of {@code bytes}; wipe your array afterwards if you can. */
    public static SecretBytes copyOf(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new ConfigurationException("secret key bytes must not be null or empty");
        }
        return new SecretBytes(bytes.clone());
    }

    /** {@code length} fresh bytes from a {@link SecureRandom}. */
    public static SecretBytes random(int length) {
        if (length <= 0) {
            throw new ConfigurationException("secret length must be positive, was " + length);
        }
        byte[] b = new byte[length];
        RANDOM.nextBytes(b);
        return new SecretBytes(b);
    }

    /**
     * Takes ownership of {@code bytes} without copying. For Coffer's own providers, which create the
     * array, hand it over and never touch it again.
     */
    static SecretBytes wrap(byte[] bytes) {
        return new SecretBytes(bytes);
    }

    /** The number of secret bytes. */
    public int length() {
        checkLive();
        return bytes.length;
    }

    /**
     * A copy of the secret bytes. This is the deliberate way out: the caller owns the copy and should
     * zero it ({@code Arrays.fill(copy, (byte) 0)}) as soon as it is no longer needed.
     */
    public byte[] toByteArray() {
        checkLive();
        return bytes.clone();
    }

    /** Compares two secrets in time independent of where they differ. */
    public boolean equalsSecret(SecretBytes other) {
        checkLive();
        other.checkLive();
        return MessageDigest.isEqual(bytes, other.bytes);
    }

    /** Zeroes the bytes. Later use of this secret throws {@link IllegalStateException}. */
    @Override
    public void destroy() {
        destroyed = true;
        Arrays.fill(bytes, (byte) 0);
    }

    @Override
    public boolean isDestroyed() {
        return destroyed;
    }

    /** Never shows the bytes. */
    @Override
    public String toString() {
        return destroyed ? "SecretBytes(destroyed)" : "SecretBytes(" + bytes.length + " bytes)";
    }

    private void checkLive() {
        if (destroyed) {
            throw new IllegalStateException("this secret has been destroyed");
        }
    }
}
