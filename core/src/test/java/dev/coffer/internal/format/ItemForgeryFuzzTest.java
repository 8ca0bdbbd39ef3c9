package dev.coffer.internal.format;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.coffer.CofferException;
import dev.coffer.IntegrityException;
import dev.coffer.ItemEncryptor;
import dev.coffer.TableConfig;
import dev.coffer.testing.TestKeys;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Fuzz target for the decoder behind the signature: an attacker who holds the item's keys encrypts
 * and signs arbitrary bytes as the plaintext of an encrypted attribute ({@link Forge}), and
 * {@link ItemEncryptor#decrypt} must treat the decrypted bytes exactly as {@link ValueCodec#decode}
 * does: return the value they canonically encode, or throw {@link IntegrityException}, never
 * anything else. This is the path {@code ItemDecryptFuzzTest} cannot reach without the keys.
 */
class ItemForgeryFuzzTest {
    private static final TableConfig CONFIG = TestKeys.config(TestKeys.staticProvider());
    private static final ItemEncryptor ENCRYPTOR = ItemEncryptor.create(CONFIG);
    private static final byte[] ITEM_ID = TestKeys.counting(32, 0x11);
    private static final Map<String, AttributeValue> STORED;
    private static final Forge.Keys KEYS = Forge.keys(TestKeys.secret(32, 0), TestKeys.secret(32, 100), ITEM_ID);

    static {
        Map<String, AttributeValue> plain = new LinkedHashMap<>();
        plain.put("pk", AttributeValue.fromS("p"));
        plain.put("sk", AttributeValue.fromN("1"));
        plain.put("secret", AttributeValue.fromS("x"));
        plain.put("note", AttributeValue.fromS("unsigned"));
        STORED = new ItemCodec(CONFIG, out -> System.arraycopy(ITEM_ID, 0, out, 0, out.length)).encrypt(plain);
    }

    @FuzzTest
    void forgedPlaintext(byte[] data) {
        Map<String, AttributeValue> forged = Forge.resign(Forge.reencrypt(STORED, KEYS.encryption, Map.of("secret", data)),
                KEYS.signing, CONFIG.logicalTableName());
        AttributeValue expected;
        try {
            expected = ValueCodec.decode(data, 0, data.length);
        } catch (ByteReader.Malformed | InvalidValue refused) {
            expected = null;
        }
        Map<String, AttributeValue> out;
        try {
            out = ENCRYPTOR.decrypt(forged);
        } catch (IntegrityException refused) {
            if (expected != null) {
                throw new AssertionError("refused a forged plaintext that decodes: " + hex(data), refused);
            }
            return;
        } catch (CofferException other) {
            throw new AssertionError("forged plaintext " + hex(data) + " gave " + other.getClass().getSimpleName()
                    + ", not IntegrityException", other);
        }
        if (expected == null) {
            throw new AssertionError("decrypt returned " + out.get("secret") + " for a plaintext the decoder refuses: "
                    + hex(data));
        }
        if (!expected.equals(out.get("secret")) || !STORED.get("pk").equals(out.get("pk"))
                || !STORED.get("note").equals(out.get("note")) || out.size() != 4) {
            throw new AssertionError("forged plaintext " + hex(data) + " decrypted to " + out);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
