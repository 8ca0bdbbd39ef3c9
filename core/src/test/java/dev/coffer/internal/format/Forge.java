package dev.coffer.internal.format;

import dev.coffer.CryptoAction;
import dev.coffer.internal.crypto.Primitives;
import dev.coffer.materials.spi.MaterialsDescription;
import dev.coffer.materials.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Test helper for attackers who hold some of the keys: it rebuilds headers, re-encrypts and
 * re-signs items under an item's keys, so tests can reach the checks that stand behind the
 * signature (GCM authentication, the decoder, the key-attribute rule). Written from
 * docs/FORMAT.md sections 3 to 6.
 */
public final class Forge {
    private Forge() {
    }

    /** The parsed header of a stored item. */
    public static Header header(Map<String, AttributeValue> stored) {
        return Header.parse(stored.get(Format.HEADER_ATTRIBUTE).b().asByteArray());
    }

    /** The fingerprint of {@code name} under item id {@code itemId}. */
    public static int fingerprint(byte[] itemId, String name) {
        return Fingerprints.of(Fingerprints.key(itemId), Primitives.get().sha256Prefix64(name.getBytes(StandardCharsets.UTF_8)));
    }

    /** Header bytes with the given legend (name to action, any order) and commitment. */
    public static byte[] headerBytes(byte[] itemId, MaterialsDescription d, Map<String, CryptoAction> legend,
            byte[] commitment) {
        List<Long> enc = new ArrayList<>();
        List<Long> so = new ArrayList<>();
        legend.forEach((n, a) -> (a == CryptoAction.ENCRYPT_AND_SIGN ? enc : so)
                .add(Integer.toUnsignedLong(fingerprint(itemId, n))));
        enc.sort(null);
        so.sort(null);
        int[] fps = new int[enc.size() + so.size()];
        int i = 0;
        for (long f : enc) {
            fps[i++] = (int) f;
        }
        for (long f : so) {
            fps[i++] = (int) f;
        }
        ByteBuf b = new ByteBuf(256);
        Header.writeBody(b, itemId, d, fps, fps.length, enc.size());
        b.bytes(commitment);
        return b.toByteArray();
    }

    /** The item's derived keys: encryption key bytes, commitment, signing key. */
    public static final class Keys {
        public final byte[] encryption;
        public final byte[] commitment;
        public final byte[] signing;

        Keys(byte[] encryption, byte[] commitment, byte[] signing) {
            this.encryption = encryption;
            this.commitment = commitment;
            this.signing = signing;
        }
    }

    public static Keys keys(SecretBytes dataKey, SecretBytes signingKey, byte[] itemId) {
        DerivedKeys k = DerivedKeys.derive(Primitives.get(), dataKey, signingKey, itemId);
        return new Keys(k.encryption.getEncoded(), k.commitment.clone(), k.signing.clone());
    }

    /** The canonical (open) encoding of {@code v}. */
    public static byte[] canonical(AttributeValue v) {
        ByteBuf b = new ByteBuf(64);
        ValueCodec.encode(v, b);
        return b.toByteArray();
    }

    /** The item's legend entries as names, in legend order, matched by fingerprint (no ambiguity). */
    public static List<String> legendNames(Map<String, AttributeValue> item) {
        Header h = header(item);
        List<String> names = new ArrayList<>();
        for (int e = 0; e < h.legendSize(); e++) {
            String found = null;
            for (String n : item.keySet()) {
                if (!Format.isReserved(n) && fingerprint(h.itemIdUnsafe(), n) == h.fingerprint(e)) {
                    found = n;
                }
            }
            names.add(found);
        }
        return names;
    }

    /**
     * {@code item} with its encrypted attributes encrypted again under {@code encryptionKey} with
     * the item's own header, each plaintext replaced where {@code plaintexts} names it (canonical
     * encodings, possibly invalid ones); the GCM tag in coffer_sig is replaced, the signature kept.
     */
    public static Map<String, AttributeValue> reencrypt(Map<String, AttributeValue> item, byte[] encryptionKey,
            Map<String, byte[]> plaintexts) {
        Header h = header(item);
        List<String> names = legendNames(item);
        SecretKeySpec key = new SecretKeySpec(encryptionKey, "AES");
        byte[] header = h.encodedUnsafe();
        byte[] tags = item.get(Format.SIGNATURE_ATTRIBUTE).b().asByteArray();
        // Decrypt what is there first (the forger holds the key), then replace.
        Map<String, byte[]> plain = new LinkedHashMap<>();
        ByteBuf aad = new ByteBuf(256);
        aad.bytes(header);
        ByteBuf ct = new ByteBuf(256);
        for (int e = 0; e < h.encryptedCount(); e++) {
            byte[] slice = item.get(names.get(e)).b().asByteArray();
            aad.lpv(names.get(e).getBytes(StandardCharsets.UTF_8));
            aad.varint(slice.length);
            ct.bytes(slice);
        }
        ct.bytes(tags, 0, Format.TAG_BYTES);
        byte[] pt = new byte[ct.size()];
        try {
            int len = Primitives.get().gcmDecrypt(key, new byte[12], aad.array(), 0, aad.size(), ct.array(), 0, ct.size(),
                    pt, 0);
            int off = 0;
            for (int e = 0; e < h.encryptedCount(); e++) {
                int n = item.get(names.get(e)).b().asByteArrayUnsafe().length;
                plain.put(names.get(e), Arrays.copyOfRange(pt, off, off + n));
                off += n;
            }
            if (off != len) {
                throw new AssertionError("slices do not add up");
            }
        } catch (javax.crypto.AEADBadTagException bad) {
            throw new AssertionError("the item does not authenticate under this key", bad);
        }
        plain.putAll(plaintexts);
        aad.reset();
        aad.bytes(header);
        ByteBuf p = new ByteBuf(256);
        for (int e = 0; e < h.encryptedCount(); e++) {
            byte[] v = plain.get(names.get(e));
            aad.lpv(names.get(e).getBytes(StandardCharsets.UTF_8));
            aad.varint(v.length);
            p.bytes(v);
        }
        byte[] out;
        try {
            // A Cipher of its own: the thread's cipher just encrypted under this very key and nonce.
            javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
            c.init(javax.crypto.Cipher.ENCRYPT_MODE, key, new javax.crypto.spec.GCMParameterSpec(128, new byte[12]));
            c.updateAAD(aad.array(), 0, aad.size());
            out = c.doFinal(p.array(), 0, p.size());
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
        Map<String, AttributeValue> forged = new HashMap<>(item);
        int off = 0;
        for (int e = 0; e < h.encryptedCount(); e++) {
            int n = plain.get(names.get(e)).length;
            forged.put(names.get(e), AttributeValue.fromB(SdkBytes.fromByteArray(Arrays.copyOfRange(out, off, off + n))));
            off += n;
        }
        byte[] newTags = tags.clone();
        System.arraycopy(out, off, newTags, 0, Format.TAG_BYTES);
        forged.put(Format.SIGNATURE_ATTRIBUTE, AttributeValue.fromB(SdkBytes.fromByteArray(newTags)));
        return forged;
    }

    /**
     * {@code item} with a fresh signature under {@code signingKey} for {@code logicalTable}, computed
     * as docs/FORMAT.md section 6 says from the item's own header, values and GCM tag.
     */
    public static Map<String, AttributeValue> resign(Map<String, AttributeValue> item, byte[] signingKey,
            String logicalTable) {
        byte[] header = item.get(Format.HEADER_ATTRIBUTE).b().asByteArray();
        Header h = Header.parse(header);
        List<String> names = legendNames(item);
        byte[] oldTags = item.get(Format.SIGNATURE_ATTRIBUTE).b().asByteArray();
        boolean anyEncrypted = h.encryptedCount() > 0;
        ByteBuf m = new ByteBuf(1024);
        m.lpv(Format.LABEL_SIGNATURE);
        m.lpv(logicalTable.getBytes(StandardCharsets.UTF_8));
        m.lpv(header);
        for (int e = 0; e < names.size(); e++) {
            if (names.get(e) == null) {
                // No attribute matches this entry (a forged legend): readers refuse the item before
                // the signature, so what is signed here does not matter.
                continue;
            }
            m.lpv(names.get(e).getBytes(StandardCharsets.UTF_8));
            AttributeValue v = item.get(names.get(e));
            // A non-binary value under ENCRYPT_AND_SIGN is signed in canonical form so forged
            // headers can still be signed; readers reject such an item before the signature.
            m.lpv(e < h.encryptedCount() && v.b() != null ? v.b().asByteArray() : canonical(v));
        }
        byte[] tag = new byte[Format.TAG_BYTES];
        if (anyEncrypted) {
            if (oldTags.length >= Format.TAG_BYTES + Format.SIGNATURE_BYTES) {
                System.arraycopy(oldTags, 0, tag, 0, Format.TAG_BYTES);
            }
            m.bytes(tag);
        }
        byte[] sig = Primitives.get().hmac(signingKey, m.array(), 0, m.size());
        byte[] tags = new byte[Format.tagsLength(anyEncrypted)];
        if (anyEncrypted) {
            System.arraycopy(tag, 0, tags, 0, Format.TAG_BYTES);
        }
        System.arraycopy(sig, 0, tags, tags.length - Format.SIGNATURE_BYTES, Format.SIGNATURE_BYTES);
        Map<String, AttributeValue> out = new HashMap<>(item);
        out.put(Format.SIGNATURE_ATTRIBUTE, AttributeValue.fromB(SdkBytes.fromByteArray(tags)));
        return out;
    }
}
