package dev.coffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.testing.Items;
import dev.coffer.testing.TestKeys;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Items that cannot be stored are refused by {@code encrypt} with a clear, value-free message. */
class ItemEncryptorInvalidItemTest {
    private static final String SECRET = "do-not-leak-7731";

    private final ItemEncryptor encryptor = ItemEncryptor.create(TestKeys.config(TestKeys.staticProvider()));

    private static Map<String, AttributeValue> item(String name, AttributeValue value) {
        return Map.of("pk", Items.s("customer#1"), "sk", Items.n("1"), name, value);
    }

    private static TableConfig configWith(String name, CryptoAction action) {
        return TestKeys.config(TestKeys.staticProvider()).toBuilder().action(name, action).build();
    }

    @ParameterizedTest
    @EnumSource(names = {"ENCRYPT_AND_SIGN", "SIGN_ONLY"})
    void encrypt_attributeNameWithUnpairedSurrogate_throwsInvalidItemException(CryptoAction action) {
        String name = "bad\uD800name";
        ItemEncryptor enc = ItemEncryptor.create(configWith(name, action));

        assertThatThrownBy(() -> enc.encrypt(item(name, Items.s(SECRET))))
                .isInstanceOf(InvalidItemException.class)
                .hasMessageContaining("table 'orders'")
                .hasMessageContaining("unpaired UTF-16 surrogate")
                .hasMessageContaining("rename the attribute")
                .message().doesNotContain(SECRET);
    }

    @ParameterizedTest
    @EnumSource(names = {"ENCRYPT_AND_SIGN", "SIGN_ONLY"})
    void encryptThenDecrypt_attributeNameWithSupplementaryCharacter_roundTrips(CryptoAction action) {
        String name = "emoji\uD83D\uDE00";
        ItemEncryptor enc = ItemEncryptor.create(configWith(name, action));

        Map<String, AttributeValue> back = enc.decrypt(enc.encrypt(item(name, Items.s(SECRET))));

        assertThat(back.get(name)).isEqualTo(Items.s(SECRET));
    }
}
