package dev.coffer.materials;

import static dev.coffer.testing.Items.n;
import static dev.coffer.testing.Items.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.ConfigurationException;
import dev.coffer.ItemEncryptor;
import dev.coffer.MaterialsException;
import dev.coffer.internal.format.Header;
import dev.coffer.materials.spi.EncryptionContext;
import dev.coffer.materials.spi.MaterialsDescription;
import dev.coffer.testing.TestKeys;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class WrappedProviderTest {
    private static final Map<String, AttributeValue> ITEM = Map.of("pk", s("customer#1"), "sk", n("1"),
            "card", s("4111-0000"));

    private static WrappingKey aes(String id, int start) {
        return WrappingKey.aes(id, TestKeys.secret(32, start));
    }

    private static Map<String, AttributeValue> write(MaterialsProvider p) {
        return ItemEncryptor.create(TestKeys.config(p)).encrypt(ITEM);
    }

    private static Map<String, AttributeValue> read(MaterialsProvider p, Map<String, AttributeValue> stored) {
        return ItemEncryptor.create(TestKeys.config(p)).decrypt(stored);
    }

    private static MaterialsDescription description(Map<String, AttributeValue> stored) {
        return Header.decode(stored.get(ItemEncryptor.HEADER_ATTRIBUTE).b().asByteArray()).description();
    }

    // ---------------------------------------------------------------------------------------------
    // Builder
    // ---------------------------------------------------------------------------------------------

    @Test
    void build_noWrappingKey_throwsConfigurationException() {
        assertThatThrownBy(() -> WrappedProvider.builder().addSigningKey("sk", TestKeys.secret(32, 0)).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("wrapped provider")
                .hasMessageContaining("add at least one wrapping key with addWrappingKey");
    }

    @Test
    void build_noSigningKey_throwsConfigurationException() {
        assertThatThrownBy(() -> WrappedProvider.builder().addWrappingKey(aes("wk", 0)).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("add a signing key");
    }

    @Test
    void addWrappingKey_duplicateId_throwsConfigurationException() {
        WrappedProvider.Builder b = WrappedProvider.builder().addWrappingKey(aes("wk-1", 0));

        assertThatThrownBy(() -> b.addWrappingKey(aes("wk-1", 1))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("two wrapping keys share the id 'wk-1'");
        assertThatThrownBy(() -> b.addWrappingKey(TestKeys.rsaWrappingKey("wk-1")))
                .isInstanceOf(ConfigurationException.class);
    }

    @Test
    void addSigningKey_duplicateIdShortKeyOrBadId_throwsConfigurationException() {
        WrappedProvider.Builder b = WrappedProvider.builder().addSigningKey("sk-1", TestKeys.secret(32, 0));

        assertThatThrownBy(() -> b.addSigningKey("sk-1", TestKeys.secret(32, 1))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("two signing keys share the id 'sk-1'");
        assertThatThrownBy(() -> b.addSigningKey("sk-2", TestKeys.secret(31, 1))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("at least 32 bytes, was 31");
        assertThatThrownBy(() -> b.addSigningKey("sk-3", null)).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("'sk-3' is null");
        assertThatThrownBy(() -> b.addSigningKey("", TestKeys.secret(32, 1))).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("1 to 256 characters");
        assertThatThrownBy(() -> b.addSigningKey("s".repeat(257), TestKeys.secret(32, 1)))
                .isInstanceOf(ConfigurationException.class);
    }

    @Test
    void build_unknownCurrentKeys_throwConfigurationExceptionListingHeldKeys() {
        assertThatThrownBy(() -> WrappedProvider.builder().addWrappingKey(aes("wk-1", 0))
                .addSigningKey("sk-1", TestKeys.secret(32, 0)).currentWrappingKey("wk-9").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("current wrapping key 'wk-9' was not added").hasMessageContaining("[wk-1]");
        assertThatThrownBy(() -> WrappedProvider.builder().addWrappingKey(aes("wk-1", 0))
                .addSigningKey("sk-1", TestKeys.secret(32, 0)).currentSigningKey("sk-9").build())
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("current signing key 'sk-9' was not added").hasMessageContaining("[sk-1]");
    }

    @Test
    void build_firstKeysAreCurrentByDefault() {
        WrappedProvider p = WrappedProvider.builder().addWrappingKey(aes("wk-1", 0)).addWrappingKey(aes("wk-2", 1))
                .addSigningKey("sk-1", TestKeys.secret(32, 0)).addSigningKey("sk-2", TestKeys.secret(32, 1)).build();

        assertThat(p.currentWrappingKeyId()).isEqualTo("wk-1");
        assertThat(p.currentSigningKeyId()).isEqualTo("sk-1");
    }

    // ---------------------------------------------------------------------------------------------
    // Materials and rotation
    // ---------------------------------------------------------------------------------------------

    @Test
    void encrypt_aesKwp_storesWrappedKeyAndParameters() {
        MaterialsDescription d = description(write(TestKeys.wrappedProvider()));

        assertThat(d.providerId()).isEqualTo("wrapped");
        assertThat(d.keyId()).isEqualTo("wk-1");
        assertThat(d.wrappedKeyLength()).isEqualTo(40);
        assertThat(d.parameters()).containsEntry("alg", "AES-KWP").containsEntry("sk", "sk-1").hasSize(2);
    }

    @Test
    void encrypt_rsaOaep_storesModulusSizedWrappedKey() {
        MaterialsDescription d = description(write(TestKeys.wrappedRsaProvider()));

        assertThat(d.keyId()).isEqualTo("rsa-1");
        assertThat(d.wrappedKeyLength()).isEqualTo(256);
        assertThat(d.parameters()).containsEntry("alg", "RSA-OAEP-SHA256");
    }

    @Test
    void encrypt_everyItem_getsFreshDataKey() {
        WrappedProvider p = TestKeys.wrappedProvider();

        assertThat(description(write(p)).wrappedKey()).isNotEqualTo(description(write(p)).wrappedKey());
    }

    @Test
    void decrypt_afterWrappingKeyRotation_readsOldAndNewItems() {
        WrappedProvider before = WrappedProvider.builder().addWrappingKey(aes("wk-1", 0))
                .addSigningKey("sk-1", TestKeys.secret(32, 9)).build();
        WrappedProvider after = WrappedProvider.builder().addWrappingKey(aes("wk-1", 0)).addWrappingKey(aes("wk-2", 1))
                .currentWrappingKey("wk-2").addSigningKey("sk-1", TestKeys.secret(32, 9)).build();
        WrappedProvider newOnly = WrappedProvider.builder().addWrappingKey(aes("wk-2", 1))
                .addSigningKey("sk-1", TestKeys.secret(32, 9)).build();
        Map<String, AttributeValue> old = write(before);
        Map<String, AttributeValue> fresh = write(after);

        assertThat(description(fresh).keyId()).isEqualTo("wk-2");
        assertThat(read(after, old)).containsEntry("card", ITEM.get("card"));
        assertThat(read(after, fresh)).containsEntry("card", ITEM.get("card"));
        assertThat(read(newOnly, fresh)).containsEntry("card", ITEM.get("card"));
        assertThatThrownBy(() -> read(newOnly, old)).isInstanceOf(MaterialsException.class)
                .hasMessageContaining("table 'orders'").hasMessageContaining("wrapping key 'wk-1'")
                .hasMessageContaining("holds [wk-2]").hasMessageContaining("add that key with addWrappingKey");
    }

    @Test
    void decrypt_afterSigningKeyRotation_readsOldAndNewItems() {
        WrappedProvider before = WrappedProvider.builder().addWrappingKey(aes("wk-1", 0))
                .addSigningKey("sk-1", TestKeys.secret(32, 9)).build();
        WrappedProvider after = WrappedProvider.builder().addWrappingKey(aes("wk-1", 0))
                .addSigningKey("sk-1", TestKeys.secret(32, 9)).addSigningKey("sk-2", TestKeys.secret(48, 10))
                .currentSigningKey("sk-2").build();
        Map<String, AttributeValue> old = write(before);
        Map<String, AttributeValue> fresh = write(after);

        assertThat(description(fresh).parameter("sk")).contains("sk-2");
        assertThat(read(after, old)).containsEntry("card", ITEM.get("card"));
        assertThat(read(after, fresh)).containsEntry("card", ITEM.get("card"));
        assertThatThrownBy(() -> read(before, fresh)).isInstanceOf(MaterialsException.class)
                .hasMessageContaining("signing key 'sk-2'").hasMessageContaining("add that key with addSigningKey");
    }

    @Test
    void rsaWithoutPrivateKey_encryptsButCannotDecrypt() {
        KeyPair pair = TestKeys.rsaKeyPair();
        WrappedProvider writeOnly = WrappedProvider.builder()
                .addWrappingKey(WrappingKey.rsa("rsa-1", (RSAPublicKey) pair.getPublic(), null))
                .addSigningKey("sk-1", TestKeys.secret(32, 150)).build();

        Map<String, AttributeValue> stored = write(writeOnly);

        assertThatThrownBy(() -> read(writeOnly, stored)).isInstanceOf(MaterialsException.class)
                .hasMessageContaining("'rsa-1' has no RSA private key").hasMessageContaining("encrypt but not decrypt");
        assertThat(read(TestKeys.wrappedRsaProvider(), stored)).containsEntry("card", ITEM.get("card"));
    }

    @Test
    void decrypt_keyIdOfAnotherAlgorithm_throwsMaterialsExceptionAboutSharedId() {
        WrappedProvider rsa = WrappedProvider.builder().addWrappingKey(TestKeys.rsaWrappingKey("k"))
                .addSigningKey("sk-1", TestKeys.secret(32, 1)).build();
        WrappedProvider aes = WrappedProvider.builder().addWrappingKey(aes("k", 0))
                .addSigningKey("sk-1", TestKeys.secret(32, 1)).build();

        assertThatThrownBy(() -> read(aes, write(rsa))).isInstanceOf(MaterialsException.class)
                .hasMessageContaining("wrapping key 'k' with algorithm 'RSA-OAEP-SHA256'")
                .hasMessageContaining("two different keys share one id");
    }

    @Test
    void decryptionMaterials_descriptionWithoutSigningKeyId_throwsMaterialsException() {
        WrappedProvider p = TestKeys.wrappedProvider();
        MaterialsDescription d = description(write(p)).toBuilder().build();
        MaterialsDescription noSk = MaterialsDescription.builder().providerId("wrapped").keyId("wk-1")
                .wrappedKey(d.wrappedKey()).parameter("alg", "AES-KWP").build();
        EncryptionContext ctx = EncryptionContext.builder().tableName("orders").partitionKey("pk", s("x")).build();

        assertThatThrownBy(() -> p.decryptionMaterials(ctx, noSk)).isInstanceOf(MaterialsException.class)
                .hasMessageContaining("table 'orders'").hasMessageContaining("signing key");
    }

    @Test
    void toString_showsIdsOnly() {
        assertThat(TestKeys.wrappedProvider().toString())
                .isEqualTo("WrappedProvider{wrappingKeys=[wk-1], current=wk-1, signingKeys=[sk-1], currentSigning=sk-1}");
    }
}
