package dev.coffer;

import static dev.coffer.testing.Items.n;
import static dev.coffer.testing.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.testing.TestKeys;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items record in their header what was encrypted and signed, so a reader follows the item, not its
 * own configuration (FORMAT.md section 3, SECURITY.md "Changing an action later").
 */
class ItemEncryptorActionChangeTest {
    private static final Map<String, AttributeValue> ITEM = Map.of("pk", s("customer#1"), "sk", n("1"),
            "field", s("value-1"), "other", s("x"));

    private static ItemEncryptor encryptor(CryptoAction fieldAction) {
        return ItemEncryptor.create(TestKeys.config(TestKeys.staticProvider()).toBuilder()
                .action("field", fieldAction).action("other", CryptoAction.SIGN_ONLY).build());
    }

    static Stream<Arguments> readableChanges() {
        return Stream.of(
                Arguments.of(CryptoAction.ENCRYPT_AND_SIGN, CryptoAction.SIGN_ONLY),
                Arguments.of(CryptoAction.ENCRYPT_AND_SIGN, CryptoAction.DO_NOTHING),
                Arguments.of(CryptoAction.SIGN_ONLY, CryptoAction.ENCRYPT_AND_SIGN),
                Arguments.of(CryptoAction.SIGN_ONLY, CryptoAction.DO_NOTHING),
                Arguments.of(CryptoAction.DO_NOTHING, CryptoAction.DO_NOTHING));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("readableChanges")
    void decrypt_itemWrittenUnderEarlierAction_followsTheItemsHeader(CryptoAction before, CryptoAction after) {
        Map<String, AttributeValue> old = encryptor(before).encrypt(ITEM);

        Map<String, AttributeValue> back = encryptor(after).decrypt(old);

        assertThat(back).isEqualTo(ITEM);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("readableChanges")
    void decrypt_itemWrittenUnderEarlierAction_stillDetectsTampering(CryptoAction before, CryptoAction after) {
        Map<String, AttributeValue> old = encryptor(before).encrypt(ITEM);
        Map<String, AttributeValue> tampered = new java.util.HashMap<>(old);
        tampered.put("other", s("y"));

        assertThatThrownBy(() -> encryptor(after).decrypt(tampered)).isInstanceOf(IntegrityException.class);
    }
}
