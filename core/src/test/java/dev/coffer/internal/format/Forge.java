package dev.coffer.internal.format;

import dev.coffer.CryptoAction;
import dev.coffer.internal.crypto.Primitives;
import dev.coffer.materials.MaterialsDescription;
import dev.coffer.materials.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Test helper for attackers who hold some of the keys: it rebuilds headers, re-signs items and
 * encrypts values under an item's keys, so tests can reach the checks that stand behind the
 * signature (GCM authentication, the decoder, the key-attribute rule).
 */
public final class Forge {
    private Forge() {
    }

    /** The parsed header of a stored item. */
    public static Header header(Map<String, AttributeValue> stored) {
        return Header.parse(stored.get(FormatV1.HEADER_ATTRIBUTE).b().asByteArray());
    }

    /** Header bytes with the given legend (name to action, any order) and commitment. */
    public static byte[] headerBytes(byte[] itemId, MaterialsDescription d, Map<String, CryptoAction> legend,
            byte[] commitment) {
        List<Header.Entry> entries = new ArrayList<>();
        legend.forEach((n, a) -> entries.add(new Header.Entry(n, n.getBytes(StandardCharsets.UTF_8), a)));
        entries.sort((x, y) -> java.util.Arrays.compareUnsigned(x.nameUtf8, y.nameUtf8));
        ByteBuf b = new ByteBuf(256);
        Header.writeBody(b, itemId, d, entries.toArray(new Header.Entry[0]));
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
        ItemCodec.DerivedKeys k = ItemCodec.DerivedKeys.derive(Primitives.get(), dataKey, signingKey, itemId);
        return new Keys(k.encryption.getEncoded(), k.commitment.clone(), k.signing.clone());
    }

    /** AES-256-GCM of {@code plaintext} as attribute {@code name} at legend position {@code ordinal}. */
    public static byte[] encrypt(byte[] encryptionKey, byte[] header, String name, int ordinal, byte[] plaintext) {
        byte[] nonce = new byte[FormatV1.NONCE_BYTES];
        nonce[11] = (byte) ordinal;
        nonce[10] = (byte) (ordinal >>> 8);
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        ByteBuf aad = new ByteBuf(4 + n.length + header.length);
        aad.lp32(n);
        aad.bytes(header);
        return Primitives.get().gcmEncrypt(new javax.crypto.spec.SecretKeySpec(encryptionKey, "AES"), nonce,
                aad.array(), 0, aad.size(), plaintext, 0, plaintext.length);
    }

    /** The canonical encoding of {@code v}. */
    public static byte[] canonical(AttributeValue v) {
        ByteBuf b = new ByteBuf(64);
        ValueCodec.encode(v, b);
        return b.toByteArray();
    }

    /**
     * {@code item} with a fresh signature under {@code signingKey} for {@code logicalTable}, computed
     * as docs/FORMAT.md section 6 says from the item's own header and values.
     */
    public static Map<String, AttributeValue> resign(Map<String, AttributeValue> item, byte[] signingKey,
            String logicalTable) {
        byte[] header = item.get(FormatV1.HEADER_ATTRIBUTE).b().asByteArray();
        Header h = Header.parse(header);
        ByteBuf m = new ByteBuf(1024);
        m.lp32(FormatV1.LABEL_SIGNATURE);
        m.lp32(logicalTable.getBytes(StandardCharsets.UTF_8));
        m.lp32(header);
        for (Header.Entry e : h.legend()) {
            m.lp32(e.nameUtf8);
            m.u8(Header.actionByte(e.action));
            AttributeValue v = item.get(e.name);
            // A non-binary value under ENCRYPT_AND_SIGN is signed in canonical form so forged
            // headers can still be signed; readers reject such an item before the signature.
            m.lp32(e.action == CryptoAction.ENCRYPT_AND_SIGN && v.b() != null ? v.b().asByteArray() : canonical(v));
        }
        byte[] sig = Primitives.get().hmac(signingKey, m.array(), 0, m.size());
        Map<String, AttributeValue> out = new HashMap<>(item);
        out.put(FormatV1.SIGNATURE_ATTRIBUTE, AttributeValue.fromB(SdkBytes.fromByteArray(sig)));
        return out;
    }
}
