package dev.coffer.legacy.internal;

import dev.coffer.IntegrityException;
import dev.coffer.InvalidItemException;
import dev.coffer.legacy.internal.LegacyCodec.Flag;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.SecretKey;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Verifies and decrypts one legacy item, in the order that keeps a failure from yielding plaintext:
 * keys for the item, then the signature over the stored item, then (only if it verified) the
 * encrypted values. Shared by the public reader and the meta-store, whose items are legacy items too.
 *
 * <p>Thread-safety: stateless.
 */
public final class LegacyDecryptor {
    private LegacyDecryptor() {
    }

    /** Parses the description attribute of {@code item}, or an empty map if it has none. */
    public static Map<String, String> description(String tableName, Map<String, AttributeValue> item, String descAttr) {
        AttributeValue d = item.get(descAttr);
        if (d == null) {
            return Map.of();
        }
        String where = "table '" + tableName + "': legacy item: attribute '" + descAttr + "': ";
        if (d.type() != AttributeValue.Type.B) {
            throw new InvalidItemException(where + "the material description must be binary (B), not " + d.type());
        }
        try {
            return LegacyCodec.parseDescription(d.b().asByteArrayUnsafe());
        } catch (LegacyCodec.MalformedException e) {
            throw new InvalidItemException(where + "malformed material description: " + e.getMessage());
        }
    }

    /**
     * The plaintext of {@code item} (without the description and signature attributes), or a typed
     * exception: {@link InvalidItemException} (malformed), {@link IntegrityException} (does not
     * verify or decrypt), {@link dev.coffer.MaterialsException} (no keys).
     */
    public static Map<String, AttributeValue> decrypt(String tableName, String partitionKey, java.util.Optional<String> sortKey,
            Map<String, AttributeValue> item, Map<String, Flag> flags, KeySource keys, String descAttr, String sigAttr) {
        String where = "table '" + tableName + "': legacy item: ";
        AttributeValue sig = item.get(sigAttr);
        if (sig == null || sig.type() != AttributeValue.Type.B) {
            throw new InvalidItemException(where + "attribute '" + sigAttr + "' (the signature) is "
                    + (sig == null ? "missing" : "not binary (B)") + "; the item is not a signed legacy item");
        }
        Map<String, String> description = description(tableName, item, descAttr);
        Map<String, AttributeValue> signed = new HashMap<>(item);
        signed.remove(sigAttr);
        ItemContext ctx = new ItemContext(tableName, partitionKey, sortKey, Map.copyOf(item), description);

        Materials materials = keys.materials(ctx);
        byte[] stringToSign = LegacyCodec.stringToSign(signed, flags, LegacyCodec.associatedData(tableName));
        LegacyCrypto.verify(ctx, materials.verificationKey(), stringToSign, sig.b().asByteArrayUnsafe(), sigAttr);

        Map<String, AttributeValue> out = new LinkedHashMap<>();
        SecretKey contentKey = null;
        for (Map.Entry<String, AttributeValue> e : signed.entrySet()) {
            String name = e.getKey();
            if (name.equals(descAttr)) {
                continue;
            }
            AttributeValue v = e.getValue();
            if (flags.getOrDefault(name, Flag.NONE) == Flag.ENCRYPT_AND_SIGN) {
                if (v.type() != AttributeValue.Type.B) {
                    throw new InvalidItemException(where + "attribute '" + name + "' is to be decrypted but is stored as "
                            + v.type() + ", not binary; check the actions given to the legacy reader");
                }
                if (contentKey == null) {
                    LegacyCrypto.checkMode(ctx);
                    contentKey = materials.contentKey().get();
                }
                byte[] plain = LegacyCrypto.decryptValue(ctx, name, contentKey, v.b().asByteArrayUnsafe());
                try {
                    v = LegacyCodec.deserialize(plain);
                } catch (LegacyCodec.MalformedException ex) {
                    throw new IntegrityException(where + "attribute '" + name + "': the decrypted value is malformed ("
                            + ex.getMessage() + "): wrong content key, or a material description swapped in from another item");
                } finally {
                    java.util.Arrays.fill(plain, (byte) 0);
                }
            }
            out.put(name, v);
        }
        return java.util.Collections.unmodifiableMap(out);
    }

}
