package dev.coffer.internal.format;

import dev.coffer.CofferException;
import dev.coffer.materials.SignatureKeyPair;
import java.security.GeneralSecurityException;
import java.security.Signature;

/**
 * Per-thread reusable buffers and ECDSA instances of the item flows, so an item allocates no
 * working buffers of its own. Taken only after provider calls, which may re-enter Coffer; a
 * re-entrant use on the same thread gets a private instance. Buffers are wiped (the plaintext) and
 * trimmed when released. Not thread-safe by design: one instance per thread; not API.
 */
final class Scratch {
    /**
     * Per-thread buffers up to this size are kept between items: enough for items with values of
     * 64 KB and more without reallocating per item, while a thread that once saw a near-400 KB item
     * does not keep its buffers.
     */
    private static final int KEEP_BUFFER_BYTES = 128 * 1024;
    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);
    /** Canonical encodings of sign-only values, one at a time. */
    final ByteBuf value = new ByteBuf(1024);
    /** The GCM plaintext: canonical encodings of the encrypted values, wiped after use. */
    final ByteBuf plain = new ByteBuf(1024);
    final ByteBuf aad = new ByteBuf(1024);
    final ByteBuf header = new ByteBuf(512);
    final SignatureInput signed = new SignatureInput();
    /** GCM ciphertext and tag. */
    byte[] cipher = new byte[1024];
    /** The ECDSA verifying instance (a public key only), made on first use (suite 0x02 only). */
    private Signature verifier;
    boolean busy;

    /**
     * A new ECDSA signing instance for one item. Not kept per thread: a {@code Signature} holds its
     * private key until its next init, so a kept one would hold the key past the materials' life (the
     * caching provider's entry, one KMS data key). Creating one costs little next to the signature.
     */
    Signature signer() {
        return ecdsaInstance();
    }

    Signature verifier() {
        if (verifier == null) {
            verifier = ecdsaInstance();
        }
        return verifier;
    }

    private static Signature ecdsaInstance() {
        try {
            return Signature.getInstance(SignatureKeyPair.JCE_ALGORITHM);
        } catch (GeneralSecurityException e) {
            throw new CofferException("this JDK has no " + SignatureKeyPair.JCE_ALGORITHM + " signature; the "
                    + "ECDSA suite needs JDK 17 or later with the SunEC provider", e);
        }
    }

    static Scratch acquire() {
        Scratch s = LOCAL.get();
        if (s.busy) {
            // Re-entered on this thread (a provider that encrypts with Coffer): use a private one.
            Scratch fresh = new Scratch();
            fresh.busy = true;
            return fresh;
        }
        s.busy = true;
        return s;
    }

    byte[] cipher(int capacity) {
        if (cipher.length < capacity) {
            cipher = new byte[Math.max(capacity, cipher.length * 2)];
        }
        return cipher;
    }

    void release() {
        plain.wipe();
        if (plain.array().length > KEEP_BUFFER_BYTES) {
            plain.trim(1024);
        }
        trim(value);
        trim(aad);
        trim(header);
        signed.trim(KEEP_BUFFER_BYTES);
        if (cipher.length > KEEP_BUFFER_BYTES) {
            cipher = new byte[1024];
        }
        busy = false;
    }

    private static void trim(ByteBuf b) {
        if (b.array().length > KEEP_BUFFER_BYTES) {
            b.trim(512);
        }
    }

    /**
     * Test seam (docs/SECURITY.md, "Secrets in memory"): whether any per-thread buffer of the
     * calling thread still holds {@code needle}, e.g. a plaintext value after the item is done.
     */
    static boolean threadBuffersContain(byte[] needle) {
        Scratch s = Scratch.LOCAL.get();
        return contains(s.plain.array(), needle) || contains(s.cipher, needle) || contains(s.value.array(), needle)
                || contains(s.aad.array(), needle);
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
