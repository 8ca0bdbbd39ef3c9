package dev.coffer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.testing.Items;
import dev.coffer.testing.TestKeys;
import dev.coffer.internal.format.Canonical;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemEncryptorRoundTripTest {

    @Test
    void encryptThenDecrypt_everyType_returnsTheItem() {
        for (ItemEncryptor enc : new ItemEncryptor[] {
                ItemEncryptor.create(TestKeys.config(TestKeys.staticProvider())),
                ItemEncryptor.create(TestKeys.config(TestKeys.wrappedProvider()))}) {
            Map<String, AttributeValue> item = Items.everyType();
            Map<String, AttributeValue> stored = enc.encrypt(item);

            assertThat(stored).containsKeys(ItemEncryptor.HEADER_ATTRIBUTE, ItemEncryptor.SIGNATURE_ATTRIBUTE);
            assertThat(stored.get("pk")).isEqualTo(item.get("pk"));
            assertThat(stored.get("status")).isEqualTo(item.get("status"));
            assertThat(stored.get("note")).isEqualTo(item.get("note"));
            assertThat(stored.get("card").b()).isNotNull();
            assertThat(new String(stored.get("card").b().asByteArray(), StandardCharsets.ISO_8859_1)).doesNotContain("4111");

            Map<String, AttributeValue> back = enc.decrypt(stored);
            assertThat(Canonical.normalize(back)).isEqualTo(Canonical.normalize(item));
        }
    }
}
