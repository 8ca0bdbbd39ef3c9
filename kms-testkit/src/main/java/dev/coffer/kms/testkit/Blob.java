package dev.coffer.kms.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The ciphertext blobs {@link LocalKms} hands out: which key (account and key id, not region, so a
 * multi-Region replica can open what its primary sealed), then AES-256-GCM under the key's secret
 * with the blob prefix and the canonical encryption context as additional data. Not KMS's own
 * format, but it fails the same way: a wrong key, a changed byte or a different context is an
 * {@code InvalidCiphertextException}.
 *
 * <pre>
 * blob = 0x43 0x4B 0x01 | u8 len | account | u8 len | keyId | iv(12) | GCM ciphertext and tag(16)
 * aad  = blob prefix up to the iv | for each context entry, sorted by key: u16 len key | u16 len value
 * </pre>
 */
final class Blob {
    private static final byte[] MAGIC = {0x43, 0x4B, 0x01};
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    final String accountId;
    final String keyId;
    private final byte[] bytes;
    private final int ivOffset;

    private Blob(String accountId, String keyId, byte[] bytes, int ivOffset) {
        this.accountId = accountId;
        this.keyId = keyId;
        this.bytes = bytes;
        this.ivOffset = ivOffset;
    }

    /** Parses the prefix, or throws {@code InvalidCiphertextException}. */
    static Blob parse(byte[] bytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            for (byte m : MAGIC) {
                if (b.get() != m) {
                    throw KmsError.invalidCiphertext();
                }
            }
            String account = string(b);
            String keyId = string(b);
            if (b.remaining() < IV_BYTES + TAG_BITS / 8) {
                throw KmsError.invalidCiphertext();
            }
            return new Blob(account, keyId, bytes, b.position());
        } catch (RuntimeException e) {
            throw e instanceof KmsError ? e : KmsError.invalidCiphertext();
        }
    }

    static byte[] seal(KmsKey key, byte[] plaintext, Map<String, String> context) {
        byte[] account = key.accountId().getBytes(StandardCharsets.UTF_8);
        byte[] id = key.keyId().getBytes(StandardCharsets.UTF_8);
        int prefix = MAGIC.length + 2 + account.length + id.length;
        ByteBuffer out = ByteBuffer.allocate(prefix + IV_BYTES + plaintext.length + TAG_BITS / 8);
        out.put(MAGIC).put((byte) account.length).put(account).put((byte) id.length).put(id);
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        out.put(iv);
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, key, iv);
            c.updateAAD(out.array(), 0, prefix);
            c.updateAAD(canonical(context));
            out.put(c.doFinal(plaintext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed in the local KMS", e);
        }
        return out.array();
    }

    /** Decrypts under {@code key}, or throws {@code InvalidCiphertextException}. */
    byte[] open(KmsKey key, Map<String, String> context) {
        try {
            byte[] iv = Arrays.copyOfRange(bytes, ivOffset, ivOffset + IV_BYTES);
            Cipher c = cipher(Cipher.DECRYPT_MODE, key, iv);
            c.updateAAD(bytes, 0, ivOffset);
            c.updateAAD(canonical(context));
            return c.doFinal(bytes, ivOffset + IV_BYTES, bytes.length - ivOffset - IV_BYTES);
        } catch (GeneralSecurityException e) {
            throw KmsError.invalidCiphertext();
        }
    }

    private static Cipher cipher(int mode, KmsKey key, byte[] iv) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key.material(), "AES"), new GCMParameterSpec(TAG_BITS, iv));
        return c;
    }

    private static String string(ByteBuffer b) {
        int n = b.get() & 0xFF;
        byte[] s = new byte[n];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    private static byte[] canonical(Map<String, String> context) {
        SortedMap<String, String> sorted = new TreeMap<>(context);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            lp16(out, e.getKey().getBytes(StandardCharsets.UTF_8));
            lp16(out, e.getValue().getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static void lp16(ByteArrayOutputStream out, byte[] b) {
        out.write(b.length >>> 8);
        out.write(b.length);
        out.write(b, 0, b.length);
    }
}
