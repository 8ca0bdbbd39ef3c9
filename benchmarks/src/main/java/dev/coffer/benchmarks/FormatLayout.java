package dev.coffer.benchmarks;

import dev.coffer.ItemEncryptor;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The bytes docs/FORMAT.md (Coffer 1.0, wire version 2) makes any implementation process for one
 * stored item, read off a real Coffer-encrypted item with this module's own code (never Coffer's
 * internals): the header and its parts, the legend order, the GCM additional data, the concatenated
 * ciphertext slices and tag, and the signature input. {@link #verify} checks the stored item against
 * the spec with plain JCE calls (key commitment, HMAC signature, GCM tag), so the format floor and the
 * ceiling are priced on bytes known to be exactly what the format requires.
 *
 * <p>Only what the benchmark items need is implemented: sign-only values are the table's S and N
 * keys; every other signed attribute is encrypted.
 *
 * <p>Thread-safety: immutable after construction; {@link #verify} uses its own JCE objects.
 */
final class FormatLayout {
    static final byte[] LABEL_KEYS = "coffer/2/keys".getBytes(StandardCharsets.US_ASCII);
    static final byte[] LABEL_SIGNATURE = "coffer/2/signature".getBytes(StandardCharsets.US_ASCII);
    static final int SUITE = 0x01;
    static final int TAG_BYTES = 16;
    static final int SIGNATURE_BYTES = 32;
    static final int ID_BYTES = 32;
    static final int COMMITMENT_BYTES = 32;

    /** The stored header ({@code coffer_head}). */
    final byte[] header;
    /** The 32-byte item id (header bytes 2 to 34). */
    final byte[] itemId;
    /** The header's last 32 bytes. */
    final byte[] commitment;
    /** Header byte offsets: materials description [34, {@link #legendStart}), legend to {@link #legendEnd}. */
    final int legendStart;
    final int legendEnd;
    /** Bytes of the two legend counts (varints E and S). */
    final int legendCountBytes;
    /** Encrypted attribute names (UTF-8) in legend order, then sign-only ones. */
    final List<String> legendOrder;
    final int encryptedCount;
    /** Each encrypted attribute's stored slice, in legend order. */
    final byte[][] slices;
    /** The concatenated slices followed by the 16-byte GCM tag. */
    final byte[] ciphertextAndTag;
    /** {@code header || lpv(name_i) || varint(len_i)} for every encrypted attribute. */
    final byte[] additionalData;
    /** The signature input M of docs/FORMAT.md, section 6. */
    final byte[] signatureInput;
    /** The stored signature (last 32 bytes of {@code coffer_sig}). */
    final byte[] signature;

    FormatLayout(Map<String, AttributeValue> plain, Map<String, AttributeValue> stored, String logicalTable) {
        header = stored.get(ItemEncryptor.HEADER_ATTRIBUTE).b().asByteArray();
        byte[] tags = stored.get(ItemEncryptor.SIGNATURE_ATTRIBUTE).b().asByteArray();
        if (header[0] != 0x02 || header[1] != SUITE) {
            throw new IllegalStateException("not a wire version 2, suite 1 header");
        }
        itemId = Arrays.copyOfRange(header, 2, 2 + ID_BYTES);
        commitment = Arrays.copyOfRange(header, header.length - COMMITMENT_BYTES, header.length);

        // Materials description: lp8 provider, u8 K, K x (lpv key id, lpv wrapped), u8 P, P x (lp8, lpv).
        int[] at = {2 + ID_BYTES};
        at[0] += 1 + u8(header, at[0]);
        int keys = u8(header, at[0]++);
        for (int k = 0; k < keys; k++) {
            skipLpv(header, at);
            skipLpv(header, at);
        }
        int params = u8(header, at[0]++);
        for (int k = 0; k < params; k++) {
            at[0] += 1 + u8(header, at[0]);
            skipLpv(header, at);
        }
        legendStart = at[0];
        int e = varint(header, at);
        int s = varint(header, at);
        legendCountBytes = at[0] - legendStart;
        legendEnd = at[0] + 4 * (e + s);
        if (legendEnd + COMMITMENT_BYTES != header.length) {
            throw new IllegalStateException("header length does not match its legend");
        }
        encryptedCount = e;

        List<String> encrypted = new ArrayList<>();
        List<String> signOnly = new ArrayList<>();
        for (String name : plain.keySet()) {
            (isKey(name) ? signOnly : encrypted).add(name);
        }
        long a = fingerprintKey(itemId);
        Comparator<String> byFingerprint = Comparator.comparingLong(n -> Integer.toUnsignedLong(fingerprint(a, n)));
        encrypted.sort(byFingerprint);
        signOnly.sort(byFingerprint);
        if (encrypted.size() != e || signOnly.size() != s) {
            throw new IllegalStateException("legend counts " + e + "/" + s + " do not match the item");
        }
        List<String> order = new ArrayList<>(encrypted);
        order.addAll(signOnly);
        legendOrder = Collections.unmodifiableList(order);
        for (int k = 0; k < order.size(); k++) {
            int stored32 = ((header[legendStart + legendCountBytes + 4 * k] & 0xFF) << 24)
                    | ((header[legendStart + legendCountBytes + 4 * k + 1] & 0xFF) << 16)
                    | ((header[legendStart + legendCountBytes + 4 * k + 2] & 0xFF) << 8)
                    | (header[legendStart + legendCountBytes + 4 * k + 3] & 0xFF);
            if (stored32 != fingerprint(a, order.get(k))) {
                throw new IllegalStateException("legend entry " + k + " is not the fingerprint of " + order.get(k));
            }
        }

        slices = new byte[e][];
        ByteArrayOutputStream ct = new ByteArrayOutputStream();
        ByteArrayOutputStream aad = new ByteArrayOutputStream();
        aad.writeBytes(header);
        for (int k = 0; k < e; k++) {
            String name = order.get(k);
            slices[k] = stored.get(name).b().asByteArray();
            ct.writeBytes(slices[k]);
            lpv(aad, utf8(name));
            writeVarint(aad, slices[k].length);
        }
        if (e > 0) {
            ct.write(tags, 0, TAG_BYTES);
        }
        ciphertextAndTag = ct.toByteArray();
        additionalData = aad.toByteArray();

        ByteArrayOutputStream m = new ByteArrayOutputStream();
        lpv(m, LABEL_SIGNATURE);
        lpv(m, utf8(logicalTable));
        lpv(m, header);
        for (int k = 0; k < order.size(); k++) {
            String name = order.get(k);
            lpv(m, utf8(name));
            lpv(m, k < e ? slices[k] : canonicalKey(plain.get(name)));
        }
        if (e > 0) {
            m.write(tags, 0, TAG_BYTES);
        }
        signatureInput = m.toByteArray();
        signature = Arrays.copyOfRange(tags, tags.length - SIGNATURE_BYTES, tags.length);
        if (tags.length != (e > 0 ? TAG_BYTES : 0) + SIGNATURE_BYTES) {
            throw new IllegalStateException("coffer_sig has " + tags.length + " bytes");
        }
    }

    /** Bytes of plaintext in the item's one GCM message (the canonical encodings of its encrypted values). */
    int plaintextBytes() {
        return ciphertextAndTag.length - (encryptedCount > 0 ? TAG_BYTES : 0);
    }

    /** Bytes of the materials description in the header. */
    int descriptionBytes() {
        return legendStart - 2 - ID_BYTES;
    }

    /**
     * Checks the stored item as docs/FORMAT.md, sections 4 to 6, says a reader must, with plain JCE
     * calls; returns the decrypted GCM plaintext (the concatenated canonical encodings).
     */
    byte[] verify(byte[] dataKey, byte[] signingKey) throws GeneralSecurityException {
        Mac hkdf = Mac.getInstance("HmacSHA256");
        hkdf.init(new SecretKeySpec(dataKey, "HmacSHA256"));
        byte[] info = info(itemId);
        hkdf.update(info);
        hkdf.update((byte) 1);
        byte[] t1 = hkdf.doFinal();
        hkdf.update(t1);
        hkdf.update(info);
        hkdf.update((byte) 2);
        byte[] t2 = hkdf.doFinal();
        if (!MessageDigest.isEqual(t2, commitment)) {
            throw new IllegalStateException("format layout: key commitment does not match docs/FORMAT.md");
        }
        Mac sign = Mac.getInstance("HmacSHA256");
        sign.init(new SecretKeySpec(signingKey, "HmacSHA256"));
        if (!MessageDigest.isEqual(sign.doFinal(signatureInput), signature)) {
            throw new IllegalStateException("format layout: signature does not match docs/FORMAT.md");
        }
        if (encryptedCount == 0) {
            return new byte[0];
        }
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.DECRYPT_MODE, new SecretKeySpec(t1, "AES"), new GCMParameterSpec(128, new byte[12]));
        gcm.updateAAD(additionalData);
        try {
            return gcm.doFinal(ciphertextAndTag);
        } catch (AEADBadTagException bad) {
            throw new IllegalStateException("format layout: GCM tag does not match docs/FORMAT.md", bad);
        }
    }

    /** {@code "coffer/2/keys" || u8(suite) || id}. */
    static byte[] info(byte[] id) {
        byte[] info = new byte[LABEL_KEYS.length + 1 + id.length];
        System.arraycopy(LABEL_KEYS, 0, info, 0, LABEL_KEYS.length);
        info[LABEL_KEYS.length] = (byte) SUITE;
        System.arraycopy(id, 0, info, LABEL_KEYS.length + 1, id.length);
        return info;
    }

    static long fingerprintKey(byte[] id) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (id[i] & 0xFF);
        }
        return v | 1L;
    }

    static int fingerprint(long key, String name) {
        byte[] d;
        try {
            d = MessageDigest.getInstance("SHA-256").digest(utf8(name));
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
        long h = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (d[i] & 0xFF);
        }
        return (int) ((key * h) >>> 32);
    }

    /** The open-form canonical encoding of a key value (S or N), docs/FORMAT.md section 7. */
    static byte[] canonicalKey(AttributeValue v) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        if (v.s() != null) {
            b.write(0x01);
            b.writeBytes(utf8(v.s()));
        } else if (v.n() != null) {
            b.write(0x02);
            BigDecimal d = new BigDecimal(v.n());
            BigInteger u;
            int scale;
            if (d.signum() == 0) {
                u = BigInteger.ZERO;
                scale = 0;
            } else {
                d = d.stripTrailingZeros();
                u = d.unscaledValue();
                scale = d.scale();
            }
            writeVarint(b, scale >= 0 ? 2 * scale : -2 * scale - 1);
            b.writeBytes(u.toByteArray());
        } else {
            throw new IllegalArgumentException("benchmark keys are S or N, not " + v.type());
        }
        return b.toByteArray();
    }

    private static boolean isKey(String name) {
        return Shape.PK.equals(name) || Shape.SK.equals(name);
    }

    private static int u8(byte[] b, int at) {
        return b[at] & 0xFF;
    }

    /** Reads an unsigned LEB128 varint at {@code at[0]} and advances it. */
    private static int varint(byte[] b, int[] at) {
        int v = 0;
        for (int shift = 0;; shift += 7) {
            int x = b[at[0]++] & 0xFF;
            v |= (x & 0x7F) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
        }
    }

    private static void skipLpv(byte[] b, int[] at) {
        int len = varint(b, at);
        at[0] += len;
    }

    static int varintLength(int v) {
        int n = 1;
        while ((v >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    private static void writeVarint(ByteArrayOutputStream out, int v) {
        while ((v & ~0x7F) != 0) {
            out.write((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }

    private static void lpv(ByteArrayOutputStream out, byte[] x) {
        writeVarint(out, x.length);
        out.writeBytes(x);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
