package dev.coffer.internal.format;

import dev.coffer.internal.crypto.Primitives;
import dev.coffer.materials.SecretBytes;
import javax.crypto.spec.SecretKeySpec;

/**
 * The per-item keys of docs/FORMAT.md, "Key schedule": HKDF-Expand of the provider's data key over
 * the suite and the item id into the encryption key, the key commitment and (unless the provider
 * supplies one) the signing key. Call {@link #wipe()} when the item is done. Not thread-safe (one
 * instance per item); not API.
 */
final class DerivedKeys {
    /** The nonce of the item's one GCM message: the key is unique to the item (docs/FORMAT.md, section 5). */
    static final byte[] NONCE = new byte[Format.NONCE_BYTES];

    final SecretKeySpec encryption;
    final byte[] commitment;
    final byte[] signing;
    /** Whether {@link #signing} is the provider's signing key (long-lived) rather than derived per item. */
    final boolean configuredSigningKey;
    private final byte[] encRaw;

    private DerivedKeys(byte[] encRaw, byte[] commitment, byte[] signing, boolean configuredSigningKey) {
        this.encRaw = encRaw;
        this.encryption = new SecretKeySpec(encRaw, "AES");
        this.commitment = commitment;
        this.signing = signing;
        this.configuredSigningKey = configuredSigningKey;
    }

    /** {@code info = "coffer/2/keys" || suite || item id}; T(1) encrypts, T(2) commits, T(3) signs. */
    static DerivedKeys derive(Primitives p, SecretBytes dataKey, SecretBytes signingKey, byte[] itemId) {
        return derive(p, dataKey, signingKey, itemId, Format.SUITE_HMAC);
    }

    static DerivedKeys derive(Primitives p, SecretBytes dataKey, SecretBytes signingKey, byte[] itemId, int suite) {
        byte[] dk = dataKey.toByteArray();
        p.expandStart(dk);
        Primitives.wipe(dk);
        byte[] info = new byte[Format.LABEL_KEYS.length + 1 + itemId.length];
        System.arraycopy(Format.LABEL_KEYS, 0, info, 0, Format.LABEL_KEYS.length);
        info[Format.LABEL_KEYS.length] = (byte) suite;
        System.arraycopy(itemId, 0, info, Format.LABEL_KEYS.length + 1, itemId.length);
        byte[] enc = p.expandBlock(null, info, 1);
        byte[] commit = p.expandBlock(enc, info, 2);
        byte[] sign = signingKey != null ? signingKey.toByteArray() : p.expandBlock(commit, info, 3);
        return new DerivedKeys(enc, commit, sign, signingKey != null);
    }

    void wipe() {
        Primitives.wipe(encRaw);
        Primitives.wipe(signing);
    }
}
