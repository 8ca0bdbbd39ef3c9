package dev.coffer.internal.format;

import dev.coffer.TableConfig;
import dev.coffer.internal.crypto.RandomSource;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Encryption and decryption of one item in the Coffer 1.0 format, exactly as docs/FORMAT.md
 * specifies: one AES-256-GCM message per item whose ciphertext is cut into one slice per encrypted
 * attribute, a compact legend of name fingerprints, and an HMAC-SHA-256 signature over everything
 * stored, plus for suite 0x02 an ECDSA P-256 signature over the same input. Immutable and
 * thread-safe. Not API; use {@link dev.coffer.ItemEncryptor}.
 *
 * <p>A façade over the parts, all in this package: {@link EncryptFlow} and {@link DecryptFlow}
 * (with the migration phases' reads of items without a header), {@link ItemRules} (reserved names,
 * keys, size limits), {@link NameCache} and {@link DescriptionCache} (per-table caches shared by
 * both flows), {@link DerivedKeys} (the key schedule) and {@link Scratch} (per-thread buffers).
 */
public final class ItemCodec {
    private final TableConfig config;
    private final EncryptFlow encryptFlow;
    private final DecryptFlow decryptFlow;

    public ItemCodec(TableConfig config, RandomSource random) {
        this.config = config;
        ItemRules rules = new ItemRules(config);
        NameCache names = new NameCache(config, rules);
        DescriptionCache descriptions = new DescriptionCache();
        this.encryptFlow = new EncryptFlow(config, random, rules, names, descriptions);
        this.decryptFlow = new DecryptFlow(config, rules, names, descriptions);
    }

    public TableConfig config() {
        return config;
    }

    public Map<String, AttributeValue> encrypt(Map<String, AttributeValue> item) {
        return encryptFlow.encrypt(item);
    }

    public Map<String, AttributeValue> decrypt(Map<String, AttributeValue> item) {
        return decryptFlow.decrypt(item);
    }
}
