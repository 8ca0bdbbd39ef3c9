package dev.coffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.materials.CachingProvider;
import dev.coffer.materials.spi.EncryptionContext;
import dev.coffer.materials.spi.EncryptionMaterials;
import dev.coffer.materials.spi.MaterialsDescription;
import dev.coffer.materials.SecretBytes;
import dev.coffer.materials.StaticProvider;
import dev.coffer.materials.WrappedProvider;
import dev.coffer.materials.WrappingKey;
import dev.coffer.materials.cache.SingleFlightCache;
import dev.coffer.testing.TestKeys;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * The one builder contract (CONVENTIONS.md, rule 2), checked across core's builders: every invalid
 * setting, null included, is a {@link ConfigurationException} from the setter or {@code build()};
 * collection setters replace and {@code addX} appends.
 */
class BuilderContractTest {
    private static TableConfig.Builder table() {
        return TableConfig.builder().tableName("orders").partitionKey("pk").materialsProvider(TestKeys.staticProvider());
    }

    static Stream<Arguments> invalidSettings() {
        return Stream.of(
                Arguments.of("TableConfig null actions", (ThrowingCallable) () -> table().actions(null)),
                Arguments.of("TableConfig null action", (ThrowingCallable) () -> table().action("a", null)),
                Arguments.of("TableConfig null unsigned list", (ThrowingCallable) () -> table().allowedUnsignedAttributes(null)),
                Arguments.of("TableConfig null unsigned name", (ThrowingCallable) () -> table().addAllowedUnsignedAttribute(null).build()),
                Arguments.of("TableConfig null default", (ThrowingCallable) () -> table().defaultAction(null).build()),
                Arguments.of("TableConfig null provider", (ThrowingCallable) () -> table().materialsProvider(null).build()),
                Arguments.of("TableConfig null table", (ThrowingCallable) () -> table().tableName(null).build()),
                Arguments.of("TableConfig null plaintext phase", (ThrowingCallable) () -> table().plaintextPhase(null)),
                Arguments.of("TableConfig legacy reads without reader", (ThrowingCallable) () ->
                        table().legacyPhase(dev.coffer.migration.LegacyPhase.READ_LEGACY_WRITE_COFFER).build()),
                Arguments.of("MaterialsDescription null parameter", (ThrowingCallable) () ->
                        MaterialsDescription.builder().providerId("p").parameter("a", null)),
                Arguments.of("MaterialsDescription null key", (ThrowingCallable) () ->
                        MaterialsDescription.builder().providerId("p").addKey(null, new byte[1])),
                Arguments.of("MaterialsDescription bad provider id", (ThrowingCallable) () ->
                        MaterialsDescription.builder().providerId("Bad Id").build()),
                Arguments.of("EncryptionContext no table", (ThrowingCallable) () ->
                        EncryptionContext.builder().partitionKey("pk", null).build()),
                Arguments.of("EncryptionMaterials no description", (ThrowingCallable) () ->
                        EncryptionMaterials.builder().dataKey(SecretBytes.random(32)).build()),
                Arguments.of("EncryptionMaterials no data key", (ThrowingCallable) () ->
                        EncryptionMaterials.builder().description(MaterialsDescription.builder().providerId("p").build()).build()),
                Arguments.of("StaticProvider no key", (ThrowingCallable) () -> StaticProvider.builder().keyId("k").build()),
                Arguments.of("WrappedProvider null wrapping key", (ThrowingCallable) () -> WrappedProvider.builder().addWrappingKey(null)),
                Arguments.of("WrappedProvider null signing key", (ThrowingCallable) () ->
                        WrappedProvider.builder().addSigningKey("s", null)),
                Arguments.of("WrappingKey null AES key", (ThrowingCallable) () -> WrappingKey.aes("w", null)),
                Arguments.of("WrappingKey null RSA key", (ThrowingCallable) () -> WrappingKey.rsa("w", null, null)),
                Arguments.of("CachingProvider null ticker", (ThrowingCallable) () ->
                        CachingProvider.builder().provider(TestKeys.staticProvider()).ticker(null).build()),
                Arguments.of("CachingProvider null maxAge", (ThrowingCallable) () ->
                        CachingProvider.builder().provider(TestKeys.staticProvider()).maxAge(null).build()),
                Arguments.of("SingleFlightCache no ttl", (ThrowingCallable) () -> SingleFlightCache.builder().build()),
                Arguments.of("SingleFlightCache null telemetry cache name", (ThrowingCallable) () ->
                        SingleFlightCache.builder().telemetry("P", null)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSettings")
    void invalidSetting_throwsConfigurationException(String what, ThrowingCallable setting) {
        assertThatThrownBy(setting).as(what).isInstanceOf(ConfigurationException.class);
    }

    @Test
    void tableConfig_collectionSettersReplace_andAddAppends() {
        TableConfig config = table()
                .allowedUnsignedAttributes(List.of("a", "b"))
                .allowedUnsignedAttributes(List.of("c"))
                .addAllowedUnsignedAttribute("d")
                .actions(Map.of("x", CryptoAction.SIGN_ONLY))
                .actions(Map.of("y", CryptoAction.DO_NOTHING))
                .build();

        assertThat(config.allowedUnsignedAttributes()).containsExactly("c", "d");
        assertThat(config.actions()).containsOnlyKeys("y", "pk");
    }

    @Test
    void tableConfig_toBuilder_canRemoveWhatWasSet() {
        TableConfig config = table().allowedUnsignedAttributes(List.of("a")).action("x", CryptoAction.SIGN_ONLY).build();

        TableConfig changed = config.toBuilder().allowedUnsignedAttributes(List.of()).actions(Map.of()).build();

        assertThat(changed.allowedUnsignedAttributes()).isEmpty();
        assertThat(changed.actions()).containsOnlyKeys("pk");
    }

    @Test
    void decrypt_returnsAnImmutableItem_likeEncrypt() {
        ItemEncryptor encryptor = ItemEncryptor.create(table().build());
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> stored = encryptor.encrypt(Map.of(
                "pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("a"),
                "v", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("secret")));

        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> plain = encryptor.decrypt(stored);

        assertThatThrownBy(() -> stored.put("x", null)).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> plain.remove("v")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(encryptor.decryptAll(List.of(stored)).get(0)).isUnmodifiable();
    }

    @Test
    void materialsDescription_missingParameter_isEmptyNotNull() {
        MaterialsDescription d = MaterialsDescription.builder().providerId("p").parameter("a", "1").build();

        assertThat(d.parameter("a")).contains("1");
        assertThat(d.parameter("b")).isEmpty();
    }
}
