package dev.coffer.materials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.ConfigurationException;
import dev.coffer.ItemEncryptor;
import dev.coffer.MaterialsException;
import dev.coffer.materials.spi.EncryptionContext;
import dev.coffer.materials.spi.EncryptionMaterials;
import dev.coffer.materials.spi.MaterialsDescription;
import dev.coffer.testing.Items;
import dev.coffer.testing.TestKeys;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class StaticProviderTest {
    private static final EncryptionContext CONTEXT = EncryptionContext.builder().tableName("orders")
            .partitionKey("pk", Items.s("a")).build();

    @ParameterizedTest
    @ValueSource(ints = {1, 16, 24, 31, 33, 64})
    void build_dataKeyNot32Bytes_throwsConfigurationException(int size) {
        StaticProvider.Builder b = StaticProvider.builder().dataKey(TestKeys.secret(size, 0))
                .signingKey(TestKeys.secret(32, 100));

        assertThatThrownBy(b::build).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("data key must be 32 bytes (AES-256), was " + size);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 16, 31})
    void build_signingKeyUnder32Bytes_throwsConfigurationException(int size) {
        StaticProvider.Builder b = StaticProvider.builder().dataKey(TestKeys.secret(32, 0))
                .signingKey(TestKeys.secret(size, 100));

        assertThatThrownBy(b::build).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("signing key must be at least 32 bytes, was " + size);
    }

    @Test
    void build_missingPieces_throwConfigurationExceptionSayingWhatToSet() {
        assertThatThrownBy(() -> StaticProvider.builder().signingKey(TestKeys.secret(32, 1)).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("static provider")
                .hasMessageContaining("set dataKey(...)");
        assertThatThrownBy(() -> StaticProvider.builder().dataKey(TestKeys.secret(32, 1)).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("set signingKey(...)");
        assertThatThrownBy(() -> StaticProvider.builder().keyId("").dataKey(TestKeys.secret(32, 1))
                .signingKey(TestKeys.secret(32, 1)).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("key id must not be empty");
        assertThatThrownBy(() -> StaticProvider.builder().keyId(null).dataKey(TestKeys.secret(32, 1))
                .signingKey(TestKeys.secret(32, 1)).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("key id must not be empty");
    }

    @Test
    void encryptionMaterials_describeStaticKeyWithoutWrappedKey() {
        StaticProvider p = TestKeys.staticProvider();

        EncryptionMaterials m = p.encryptionMaterials(CONTEXT);

        assertThat(m.description().providerId()).isEqualTo("static");
        assertThat(m.description().keyId()).isEqualTo("test-static");
        assertThat(m.description().wrappedKeyLength()).isZero();
        assertThat(m.description().parameters()).isEmpty();
        assertThat(m.dataKey().equalsSecret(TestKeys.secret(32, 0))).isTrue();
        assertThat(m.signingKey()).hasValueSatisfying(k -> assertThat(k.equalsSecret(TestKeys.secret(32, 100))).isTrue());
    }

    @Test
    void decryptionMaterials_otherKeyIdOrProvider_throwsMaterialsExceptionNamingBoth() {
        StaticProvider p = TestKeys.staticProvider();
        MaterialsDescription otherKey = MaterialsDescription.builder().providerId("static").keyId("old-key").build();
        MaterialsDescription otherProvider = MaterialsDescription.builder().providerId("kms").keyId("arn:x").build();

        assertThatThrownBy(() -> p.decryptionMaterials(CONTEXT, otherKey)).isInstanceOf(MaterialsException.class)
                .hasMessageContaining("table 'orders'").hasMessageContaining("'old-key'")
                .hasMessageContaining("'test-static'").hasMessageContaining("configure the provider with that key");
        assertThatThrownBy(() -> p.decryptionMaterials(CONTEXT, otherProvider)).isInstanceOf(MaterialsException.class)
                .hasMessageContaining("provider 'kms'").hasMessageContaining("configure that provider");
    }

    @Test
    void encryptThenDecrypt_longSigningKey_roundTrips() {
        StaticProvider p = StaticProvider.builder().keyId("k").dataKey(TestKeys.secret(32, 0))
                .signingKey(TestKeys.secret(64, 7)).build();
        ItemEncryptor enc = ItemEncryptor.create(TestKeys.config(p));
        Map<String, AttributeValue> item = Items.everyType();

        assertThat(enc.decrypt(enc.encrypt(item))).containsEntry("card", item.get("card"));
    }

    @Test
    void toString_showsKeyIdOnly() {
        assertThat(TestKeys.staticProvider().toString()).isEqualTo("StaticProvider{keyId=test-static}")
                .doesNotContain(HexFormat.of().formatHex(TestKeys.counting(32, 0)).substring(0, 8));
    }
}
