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

    static Stream<Arguments> startSigning() {
        return Stream.of(Arguments.of(CryptoAction.SIGN_ONLY), Arguments.of(CryptoAction.ENCRYPT_AND_SIGN));
    }

    private static ItemEncryptor migrating(CryptoAction fieldAction) {
        return ItemEncryptor.create(TestKeys.config(TestKeys.staticProvider()).toBuilder()
                .action("field", fieldAction).action("other", CryptoAction.SIGN_ONLY)
                .allowedUnsignedAttributes(java.util.List.of("field")).build());
    }

    @ParameterizedTest(name = "DO_NOTHING -> {0}")
    @MethodSource("startSigning")
    void decrypt_doNothingMadeSigned_oldItemFailsWithoutMigrationListing(CryptoAction after) {
        Map<String, AttributeValue> old = encryptor(CryptoAction.DO_NOTHING).encrypt(ITEM);

        assertThatThrownBy(() -> encryptor(after).decrypt(old))
                .isInstanceOf(IntegrityException.class)
                .hasMessageContaining("'field'").hasMessageContaining("allowedUnsignedAttributes");
    }

    @ParameterizedTest(name = "DO_NOTHING -> {0}")
    @MethodSource("startSigning")
    void decrypt_doNothingMadeSigned_withMigrationListing_readsOldItems_andVerifiesNewOnes(CryptoAction after) {
        Map<String, AttributeValue> old = encryptor(CryptoAction.DO_NOTHING).encrypt(ITEM);
        ItemEncryptor migrating = migrating(after);

        assertThat(migrating.decrypt(old)).isEqualTo(ITEM);

        Map<String, AttributeValue> fresh = migrating.encrypt(ITEM);
        assertThat(migrating.decrypt(fresh)).isEqualTo(ITEM);
        Map<String, AttributeValue> tampered = new java.util.HashMap<>(fresh);
        tampered.put("field", after == CryptoAction.SIGN_ONLY ? s("forged")
                : AttributeValue.fromB(software.amazon.awssdk.core.SdkBytes.fromByteArray(new byte[40])));
        assertThatThrownBy(() -> migrating.decrypt(tampered)).isInstanceOf(IntegrityException.class);
        Map<String, AttributeValue> stripped = new java.util.HashMap<>(fresh);
        stripped.remove("field");
        assertThatThrownBy(() -> migrating.decrypt(stripped)).isInstanceOf(IntegrityException.class);
    }

    @org.junit.jupiter.api.Test
    void encrypt_allowedUnsignedWithoutExplicitAction_isWrittenUnsigned() {
        ItemEncryptor enc = ItemEncryptor.create(TestKeys.config(TestKeys.staticProvider()).toBuilder()
                .allowedUnsignedAttributes(java.util.List.of("field")).allowedUnsignedPrefix("tmp_").build());
        Map<String, AttributeValue> item = new java.util.HashMap<>(ITEM);
        item.put("tmp_x", s("scratch"));

        Map<String, AttributeValue> stored = enc.encrypt(item);

        assertThat(stored.get("field")).isEqualTo(s("value-1"));
        assertThat(stored.get("tmp_x")).isEqualTo(s("scratch"));
        assertThat(stored.get("other").b()).isNotNull();
        Map<String, AttributeValue> changedByOtherWriter = new java.util.HashMap<>(stored);
        changedByOtherWriter.put("field", s("updated elsewhere"));
        assertThat(enc.decrypt(changedByOtherWriter).get("field")).isEqualTo(s("updated elsewhere"));
    }
}
