package dev.coffer.internal.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.IntegrityException;
import dev.coffer.InvalidItemException;
import dev.coffer.ItemEncryptor;
import dev.coffer.testing.TestKeys;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An item that fails half-way through its signature, with a large value already streamed into the
 * per-thread MAC, must not affect the next item on the same thread.
 */
class FailureRecoveryTest {

    private static Map<String, AttributeValue> item(AttributeValue status) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("pk", AttributeValue.fromS("p"));
        m.put("sk", AttributeValue.fromN("1"));
        m.put("a", AttributeValue.fromS("x".repeat(3 * SignatureInput.DIRECT_BYTES)));
        m.put("status", status);
        m.put("z", AttributeValue.fromS("last"));
        return m;
    }

    @Test
    void encrypt_afterAnItemFailedMidSignature_nextItemVerifies() {
        for (ItemEncryptor enc : new ItemEncryptor[] {
                ItemEncryptor.create(TestKeys.config(TestKeys.staticProvider())),
                ItemEncryptor.create(TestKeys.config(TestKeys.wrappedProvider()))}) {
            assertThatThrownBy(() -> enc.encrypt(item(AttributeValue.fromN("not a number"))))
                    .isInstanceOf(InvalidItemException.class);
            Map<String, AttributeValue> good = item(AttributeValue.fromS("SHIPPED"));
            assertThat(Canonical.normalize(enc.decrypt(enc.encrypt(good)))).isEqualTo(Canonical.normalize(good));
        }
    }

    @Test
    void decrypt_afterAnItemFailedMidSignature_nextItemVerifies() {
        ItemEncryptor enc = ItemEncryptor.create(TestKeys.config(TestKeys.staticProvider()));
        Map<String, AttributeValue> good = item(AttributeValue.fromS("SHIPPED"));
        Map<String, AttributeValue> stored = enc.encrypt(good);
        Map<String, AttributeValue> broken = new LinkedHashMap<>(stored);
        broken.put("status", AttributeValue.fromN("not a number"));
        assertThatThrownBy(() -> enc.decrypt(broken)).isInstanceOf(IntegrityException.class);
        assertThat(Canonical.normalize(enc.decrypt(stored))).isEqualTo(Canonical.normalize(good));
    }
}
